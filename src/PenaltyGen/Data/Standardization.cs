using System;
using System.Collections.Immutable;

namespace PenaltyGen.Data;

/// <summary>
/// glmnet's <c>standardize = TRUE</c> (<see cref="FitOptions.Standardize"/>): every feature is fitted as
/// x̃_j = (x_j − m_j)/s_j, with m_j its weighted mean (0 without an intercept) and s_j = √(Σ_i v_i (x_ij − m_j)²) its weighted
/// population standard deviation (v the sample weights normalized to sum 1; all 1/n without weights), so the penalty weighs
/// the standardized coefficients w̃. The fit is reported on the original scale: w_j = w̃_j/s_j and b = b̃ − Σ_j w_j·m_j, the
/// same predictions. A constant column (s_j = 0) is left at zero after centring (s_j taken as 1), so its coefficient is 0.
/// Sparse features are only scaled (x_j/s_j keeps their zeros): the fit centres them implicitly, so its intercept is already
/// the one of the uncentred columns and nothing is subtracted when it is restored.
/// </summary>
internal sealed class Standardization
{
    private readonly double[] means;
    private readonly double[] scales;
    private readonly bool sparse;

    private Standardization(double[] means, double[] scales, bool sparse)
    {
        this.means = means;
        this.scales = scales;
        this.sparse = sparse;
    }

    /// <summary>The means and scales of <paramref name="data"/>'s columns under the options' weights and intercept.</summary>
    public static Standardization Of(Dataset data, FitOptions o)
    {
        var p = data.Columns;
        var total = Solvers.Estimator.TotalSampleWeight(data, o);
        var (means, scales) = (new double[p], new double[p]);
        for (var j = 0; j < p; j++)
        {
            var (mean, variance) = data.ColumnMoments(j, o.SampleWeights.AsSpan(), total, o.FitIntercept);
            var scale = Math.Sqrt(variance);
            (means[j], scales[j]) = (data.IsSparse ? 0.0 : mean, scale > 0 ? scale : 1.0);
        }
        return new Standardization(means, scales, data.IsSparse);
    }

    /// <summary>The standardized columns (the target and names unchanged); sparse ones scaled only.</summary>
    public Dataset Apply(Dataset data) => sparse ? data.DivideSparseColumns(scales) : data.MapColumns((j, source, destination) =>
    {
        var (mean, scale) = (means[j], scales[j]);
        for (var i = 0; i < source.Length; i++) destination[i] = (source[i] - mean) / scale;
    });

    /// <summary>The options of the standardized fit: no further standardization, a warm start moved to the standardized scale (w̃ = w·s).</summary>
    public FitOptions Inner(FitOptions o)
    {
        if (o.WarmStart.IsEmpty) return o with { Standardize = false };
        var start = new double[o.WarmStart.Length];
        // A multinomial warm start holds K rows of p, class by class.
        for (var j = 0; j < start.Length; j++) start[j] = o.WarmStart[j] * scales[j % scales.Length];
        return o with { Standardize = false, WarmStart = ImmutableArray.Create(start) };
    }

    /// <summary>
    /// A fit on the standardized columns, reported on the original scale: w = w̃/s, b = b̃ − Σ w·m; a multinomial fit's
    /// every class so, its intercepts centred again (they sum to 0; the probabilities do not change).
    /// </summary>
    public Fit Restore(Fit fit)
    {
        if (fit.Loss == LossKind.Multinomial) return RestoreClasses(fit);
        var w = new double[fit.Coefficients.Length];
        var intercept = fit.Intercept;
        for (var j = 0; j < w.Length; j++)
        {
            w[j] = fit.Coefficients[j] / scales[j];
            intercept -= w[j] * means[j];
        }
        return fit with { Coefficients = ImmutableArray.Create(w), Intercept = intercept };
    }

    private Fit RestoreClasses(Fit fit)
    {
        var p = scales.Length;
        var w = new double[fit.Coefficients.Length];
        var intercepts = fit.Intercepts.AsSpan().ToArray();
        for (var k = 0; k < intercepts.Length; k++)
        {
            for (var j = 0; j < p; j++)
            {
                w[k * p + j] = fit.Coefficients[k * p + j] / scales[j];
                intercepts[k] -= w[k * p + j] * means[j];
            }
        }
        var mean = 0.0;
        foreach (var b in intercepts) mean += b / intercepts.Length;
        for (var k = 0; k < intercepts.Length; k++) intercepts[k] -= mean;
        return fit with { Coefficients = ImmutableArray.Create(w), Intercepts = ImmutableArray.Create(intercepts) };
    }
}

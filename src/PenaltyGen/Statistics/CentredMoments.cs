using System;

namespace PenaltyGen.Statistics;

/// <summary>
/// The least-squares problem the statistics define, per unit of weight: with an intercept the centred moments
/// Q = X_cᵀWX_c/Σw, q = X_cᵀW(y − ȳ)/Σw, yy = (y − ȳ)ᵀW(y − ȳ)/Σw (about the weighted means x̄, ȳ); without one the raw
/// moments about 0. Then (1/(2Σw))Σw_i r_i² = ½wᵀQw − qᵀw + ½yy — scikit-learn's (1/(2n))Σs_i r_i² with the weights
/// rescaled to sum to n. Standardized (glmnet's standardize = TRUE): Q and q scaled by the features' weighted standard
/// deviations √Q_jj (1 for a constant feature), and the coefficients reported back on the original scale.
/// </summary>
internal sealed class CentredMoments
{
    public CentredMoments(GramStatistics stats, bool intercept, bool standardize)
    {
        var p = stats.Columns;
        P = p;
        var w = stats.WeightSum;
        var about = intercept ? stats : stats.ShiftedTo(System.Collections.Immutable.ImmutableArray.Create(new double[p]), 0.0);
        XMean = new double[p];
        Q = new double[p * p];
        Qw = new double[p];
        var q = new double[p];
        for (var j = 0; j < p; j++)
        {
            XMean[j] = intercept ? about.Shift[j] + about.FeatureSums[j] / w : 0.0;
            q[j] = (about.Products[j] - (intercept ? about.FeatureSums[j] * about.TargetSum / w : 0.0)) / w;
            for (var k = j; k < p; k++)
            {
                var m = about.Gram[GramStatistics.Packed(j, k, p)] - (intercept ? about.FeatureSums[j] * about.FeatureSums[k] / w : 0.0);
                Q[j * p + k] = Q[k * p + j] = m / w;
            }
        }
        YMean = intercept ? about.TargetShift + about.TargetSum / w : 0.0;
        YY = (about.TargetSquares - (intercept ? about.TargetSum * about.TargetSum / w : 0.0)) / w;
        Scales = new double[p];
        for (var j = 0; j < p; j++)
        {
            var sd = Math.Sqrt(Math.Max(Q[j * p + j], 0.0));
            Scales[j] = standardize && sd > 0 ? sd : 1.0;
        }
        if (standardize)
        {
            for (var j = 0; j < p; j++)
            {
                q[j] /= Scales[j];
                for (var k = 0; k < p; k++) Q[j * p + k] /= Scales[j] * Scales[k];
            }
        }
        Linear = q;
        WeightSum = w;
    }

    public int P { get; }

    /// <summary>Q, full and symmetric, row-major (standardized when asked).</summary>
    public double[] Q { get; }

    /// <summary>Qw, kept current by the solver as coordinates move (p values).</summary>
    public double[] Qw { get; }

    /// <summary>Scratch for the certificate: Xᵀr/n = q − Qw.</summary>
    public double[] Products => products ??= new double[P];

    /// <summary>Scratch for the certificate: the loss gradient Qw − q.</summary>
    public double[] Gradient => gradient ??= new double[P];

    private double[]? products;
    private double[]? gradient;

    /// <summary>q.</summary>
    public double[] Linear { get; }

    /// <summary>yy, the centred target's mean square.</summary>
    public double YY { get; }

    public double[] XMean { get; }

    public double YMean { get; }

    /// <summary>The divisors of the standardized features (all 1 otherwise).</summary>
    public double[] Scales { get; }

    public double WeightSum { get; }

    /// <summary>The coefficients on the original scale and the intercept ȳ − x̄ᵀw from the solver's (standardized) w.</summary>
    public (double[] W, double Intercept) Report(ReadOnlySpan<double> solved)
    {
        var w = new double[P];
        var b = YMean;
        for (var j = 0; j < P; j++)
        {
            w[j] = solved[j] / Scales[j];
            b -= XMean[j] * w[j];
        }
        return (w, b);
    }
}

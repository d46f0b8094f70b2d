using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;

namespace PenaltyGen.Paths;

/// <summary>
/// Regularization paths: scikit-learn's α grid, and a fold over the grid from the largest α down,
/// each fit starting from the previous one's coefficients (warm start), in one workspace.
/// </summary>
public static class RegularizationPaths
{
    /// <summary>
    /// scikit-learn's <c>_alpha_grid</c>: α_max (the smallest α with w = 0 optimal, from c = Xᵀy/n on the
    /// centred data) down to α_max·eps, <paramref name="count"/> values evenly spaced in log, descending.
    /// </summary>
    public static Fin<ImmutableArray<double>> AlphaGrid<TPenalty>(Dataset data, FitOptions? options = null, int count = 100, double eps = 1e-3)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return CheckGrid(count, eps)
            .Bind(_ => Estimator.Validate<TPenalty>(data, o, path: true))
            .Bind(_ => GridFrom<TPenalty>(AlphaMax<TPenalty>(data, o), count, eps));
    }

    private static Fin<Unit> CheckGrid(int count, double eps)
    {
        if (count < 1) return new ParameterError("n_alphas", count.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        if (!(eps > 0 && eps < 1)) return new ParameterError("eps", eps.ToString("R", CultureInfo.InvariantCulture), "must lie strictly between 0 and 1");
        return Unit.Default;
    }

    /// <summary><paramref name="count"/> values from α_max down to α_max·eps, evenly spaced in log.</summary>
    private static Fin<ImmutableArray<double>> GridFrom<TPenalty>(double alphaMax, int count, double eps) where TPenalty : struct, IPenalty
    {
        if (!double.IsFinite(alphaMax) || alphaMax <= 0)
            return Fin<ImmutableArray<double>>.Fail(new ParameterError("alphas", "automatic",
                $"the penalty g(w) = {TPenalty.Formula} has no finite α_max on these data (α_max = {(double.IsPositiveInfinity(alphaMax) ? "+∞" : alphaMax.ToString("R", CultureInfo.InvariantCulture))}); give the grid explicitly"));
        var grid = Grid.Logspace(Math.Log10(alphaMax * eps), Math.Log10(alphaMax), count);
        Array.Reverse(grid);
        return ImmutableArray.Create(grid);
    }

    /// <summary>α_max in the user's units (Ridge scaling undone).</summary>
    public static double AlphaMax<TPenalty>(Dataset data, FitOptions options) where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var c = options.Loss == LossKind.Logistic
            ? LogisticGradientAtStart(data, options)
            : Workspace.CorrelationsAtZero(data, centre: options.FitIntercept, options.SampleWeights.AsSpan());
        return AlphaMaxFrom<TPenalty>(c, data, options);
    }

    /// <summary>α_max from c = −∇ of the loss at w = 0 (least squares: X_cᵀỹ/n).</summary>
    private static double AlphaMaxFrom<TPenalty>(double[] c, Dataset data, FitOptions options) where TPenalty : struct, IPenalty
    {
        var parameters = new PenaltyParameters(1, options.RatioOrDefault) { Groups = options.Groups };
        var objective = TPenalty.AlphaMax(c, parameters, options.PenaltyFactors.AsSpan());
        return objective / TPenalty.ObjectiveAlpha(1, Estimator.TotalSampleWeight(data, options));
    }

    /// <summary>
    /// −∇ of (1/n)·Σ s_i ℓ(y_i, η_i) at w = 0 and the best intercept alone (σ(b) = the weighted mean of y; b = 0 without
    /// an intercept): c_j = Σ s_i x_ij (y_i − p₀)/n. w = 0 stays optimal exactly while α·(penalty's dual norm) ≥ |c|.
    /// </summary>
    private static double[] LogisticGradientAtStart(Dataset data, FitOptions options)
    {
        int n = data.Rows, p = data.Columns;
        var y = data.Target;
        var s = options.SampleWeights.IsEmpty ? null : options.SampleWeights.AsSpan().ToArray();
        var p0 = 0.5;
        if (options.FitIntercept)
        {
            double total = 0, weighted = 0;
            for (var i = 0; i < n; i++)
            {
                total += s?[i] ?? 1.0;
                weighted += (s?[i] ?? 1.0) * y[i];
            }
            p0 = weighted / total;
        }
        var d = new double[n];
        for (var i = 0; i < n; i++) d[i] = (s?[i] ?? 1.0) * (y[i] - p0) / n;
        var c = new double[p];
        Blas.GemvTransposed(data.Features, n, d, c);
        return c;
    }

    /// <summary>
    /// Fits every α of <paramref name="alphas"/> (or scikit-learn's 100-value grid) with warm starts;
    /// <paramref name="progress"/> hears (fits done, fits in all) after each fit.
    /// </summary>
    public static Fin<RegularizationPath> Fit<TPenalty>(Dataset data, IReadOnlyList<double>? alphas = null, FitOptions? options = null,
        Action<int, int>? progress = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        if (alphas is null) return Fit<TPenalty>(data, 100, 1e-3, o, progress);
        return Check(alphas).Bind(g => Estimator.Validate<TPenalty>(data, o, path: true).Map(_ => Run<TPenalty>(data, g, o, progress, workspace: null)));
    }

    /// <summary>
    /// The path over scikit-learn's grid of <paramref name="count"/> values from α_max down to α_max·<paramref name="eps"/>
    /// (<see cref="AlphaGrid{TPenalty}"/>), in one read of X fewer: for least squares α_max comes from the path's own
    /// workspace, whose preparation computes X_cᵀỹ anyway (bitwise the values <see cref="AlphaGrid{TPenalty}"/> uses).
    /// </summary>
    public static Fin<RegularizationPath> Fit<TPenalty>(Dataset data, int count, double eps, FitOptions? options = null,
        Action<int, int>? progress = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return CheckGrid(count, eps).Bind(_ => Estimator.Validate<TPenalty>(data, o, path: true)).Bind(_ =>
        {
            if (o.Loss == LossKind.Logistic)
                return GridFrom<TPenalty>(AlphaMax<TPenalty>(data, o), count, eps).Map(g => Run<TPenalty>(data, g, o, progress, workspace: null));
            var ws = Estimator.CreateWorkspace(data, PathOptions(o));
            var c = new double[ws.P];
            for (var j = 0; j < c.Length; j++) c[j] = ws.TargetProducts[j] / ws.N;
            return GridFrom<TPenalty>(AlphaMaxFrom<TPenalty>(c, data, o), count, eps).Map(g => Run<TPenalty>(data, g, o, progress, ws));
        });
    }

    /// <summary>Paths sweep working sets unless told otherwise.</summary>
    private static FitOptions PathOptions(FitOptions o) => o.Screening == Screening.Auto ? o with { Screening = Screening.WorkingSet } : o;

    private static RegularizationPath Run<TPenalty>(Dataset data, ImmutableArray<double> alphas, FitOptions o, Action<int, int>? progress, Workspace? workspace)
        where TPenalty : struct, IPenalty => o.Loss == LossKind.Logistic
            ? Run<TPenalty, Logistic>(data, alphas, PathOptions(o), progress, workspace)
            : Run<TPenalty, LeastSquares>(data, alphas, PathOptions(o), progress, workspace);

    internal static Fin<ImmutableArray<double>> Check(IReadOnlyList<double> alphas)
    {
        if (alphas.Count == 0) return new ParameterError("alphas", "[]", "need at least one value");
        for (var i = 0; i < alphas.Count; i++)
        {
            if (!(alphas[i] >= 0) || double.IsInfinity(alphas[i]))
                return new ParameterError($"alphas[{i}]", alphas[i].ToString("R", CultureInfo.InvariantCulture), "must be a finite number ≥ 0");
        }
        return alphas.ToImmutableArray();
    }

    /// <summary>
    /// The order a path fits its alphas in — largest first, each warm-starting the next — with how many fits follow
    /// each one (the covariance solver's rent-or-buy rule plans over them).
    /// </summary>
    internal static IEnumerable<(int Index, int Remaining)> Schedule(IReadOnlyList<double> alphas)
    {
        var order = Enumerable.Range(0, alphas.Count).OrderByDescending(i => alphas[i]).ToArray();
        for (var k = 0; k < order.Length; k++) yield return (order[k], order.Length - k - 1);
    }

    private static RegularizationPath Run<TPenalty, TLoss>(Dataset data, ImmutableArray<double> alphas, FitOptions o, Action<int, int>? progress,
        Workspace? workspace)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var ws = workspace ?? Estimator.CreateWorkspace(data, o);
        var fits = new Fit[alphas.Length];
        var last = alphas.Min();
        foreach (var (i, remaining) in Schedule(alphas))
        {
            fits[i] = Estimator.FitWith<TPenalty, TLoss>(ws, data, alphas[i], o, remaining, last);
            progress?.Invoke(alphas.Length - remaining, alphas.Length);
        }
        return new RegularizationPath(alphas, ImmutableArray.Create(fits));
    }
}

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
using PenaltyGen.Solvers.Multinomial;
using PenaltyGen.Solvers.Sparse;

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
        return RequestChecks.CheckLossOption(o).Bind(_ =>
        {
            var visitor = new GridFor<TPenalty>(data, o, count, eps);
            return Loss.Accept<GridFor<TPenalty>, Fin<ImmutableArray<double>>>(o.Loss, ref visitor);
        });
    }

    private readonly struct GridFor<TPenalty>(Dataset data, FitOptions o, int count, double eps) : ILossVisitor<Fin<ImmutableArray<double>>>
        where TPenalty : struct, IPenalty
    {
        public Fin<ImmutableArray<double>> Visit<TLoss>() where TLoss : struct, ILoss => AlphaGrid<TPenalty, TLoss>(data, o, count, eps);

        public Fin<ImmutableArray<double>> VisitMultinomial()
        {
            var (d, options, n, e) = (data, o, count, eps);
            return CheckGrid(n, e).Bind(_ => MultinomialFits.Grid<TPenalty>(d, options, n, e));
        }
    }

    /// <summary>The α grid for the loss <typeparamref name="TLoss"/> (a built-in one or a user's).</summary>
    public static Fin<ImmutableArray<double>> AlphaGrid<TPenalty, TLoss>(Dataset data, FitOptions? options = null, int count = 100, double eps = 1e-3)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return CheckGrid(count, eps)
            .Bind(_ => RequestChecks.Validate<TPenalty, TLoss>(data, o, path: true))
            .Bind(_ => GridFrom<TPenalty>(AlphaMax<TPenalty, TLoss>(data, o), count, eps));
    }

    /// <summary>With <see cref="FitOptions.Standardize"/>, a path on the standardized columns, reported on the original scale.</summary>
    private static Fin<RegularizationPath> Standardized(Dataset data, FitOptions o, Func<Dataset, FitOptions, Fin<RegularizationPath>> path)
    {
        var standard = Standardization.Of(data, o);
        return path(standard.Apply(data), standard.Inner(o)).Map(result => new RegularizationPath(result.Alphas, [.. result.Fits.Select(standard.Restore)]));
    }

    private static Fin<Unit> CheckGrid(int count, double eps)
    {
        if (count < 1) return new ParameterError("n_alphas", count.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        if (!(eps > 0 && eps < 1)) return new ParameterError("eps", eps.ToString("R", CultureInfo.InvariantCulture), "must lie strictly between 0 and 1");
        return Unit.Default;
    }

    /// <summary><paramref name="count"/> values from α_max down to α_max·eps, evenly spaced in log.</summary>
    /// <remarks>
    /// α_max at or below float64's resolution 1e-15 (a constant target: X_cᵀỹ = 0) gives scikit-learn's degenerate grid,
    /// <paramref name="count"/> copies of 1e-15, whose fits are all w = 0 with the intercept the target's mean.
    /// </remarks>
    internal static Fin<ImmutableArray<double>> GridFrom<TPenalty>(double alphaMax, int count, double eps) where TPenalty : struct, IPenalty
    {
        if (!double.IsFinite(alphaMax) || alphaMax < 0)
            return Fin<ImmutableArray<double>>.Fail(new ParameterError("alphas", "automatic",
                $"the penalty g(w) = {TPenalty.Formula} has no finite α_max on these data (α_max = {(double.IsPositiveInfinity(alphaMax) ? "+∞" : alphaMax.ToString("R", CultureInfo.InvariantCulture))}); give the grid explicitly"));
        if (alphaMax <= Resolution) return Enumerable.Repeat(Resolution, count).ToImmutableArray();
        var grid = Grid.Logspace(Math.Log10(alphaMax * eps), Math.Log10(alphaMax), count);
        Array.Reverse(grid);
        return ImmutableArray.Create(grid);
    }

    /// <summary>α_max in the user's units (Ridge scaling undone), for the loss <see cref="FitOptions.Loss"/> names.</summary>
    public static double AlphaMax<TPenalty>(Dataset data, FitOptions options) where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var visitor = new AlphaMaxFor<TPenalty>(data, options);
        return Loss.Accept<AlphaMaxFor<TPenalty>, double>(options.Loss, ref visitor);
    }

    private readonly struct AlphaMaxFor<TPenalty>(Dataset data, FitOptions o) : ILossVisitor<double> where TPenalty : struct, IPenalty
    {
        public double Visit<TLoss>() where TLoss : struct, ILoss => AlphaMax<TPenalty, TLoss>(data, o);

        public double VisitMultinomial() => MultinomialFits.AlphaMax<TPenalty>(data, o);
    }

    /// <summary>
    /// α_max for the loss <typeparamref name="TLoss"/>: from c = −∇ of the data term at w = 0 and the null model's intercept
    /// (least squares: X_cᵀỹ/n of the prepared columns, bitwise what a path's workspace computes).
    /// </summary>
    public static double AlphaMax<TPenalty, TLoss>(Dataset data, FitOptions options)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Standardize)
        {
            var standard = Standardization.Of(data, options);
            return AlphaMax<TPenalty, TLoss>(standard.Apply(data), standard.Inner(options));
        }
        var c = data.IsSparse ? SparseFits.NullModelGradient<TLoss>(TLoss.EncodeTarget(data).Data, options)
            : TLoss.IsQuadratic ? PreparedData.CorrelationsAtZero(data, centre: options.FitIntercept, options.SampleWeights.AsSpan())
            : NullModelGradient<TLoss>(TLoss.EncodeTarget(data).Data, options);
        return AlphaMaxFrom<TPenalty>(c, data, options);
    }

    /// <summary>numpy's <c>np.finfo(float).resolution</c>: scikit-learn's floor for α_max and its degenerate grid's value.</summary>
    private const double Resolution = 1e-15;

    /// <summary>
    /// α_max from c = −∇ of the loss at w = 0 (least squares: X_cᵀỹ/n). <see cref="GridStart.ScikitLearn"/>: the larger of
    /// the thresholds for c and −c, so that a sign constraint does not move the grid (scikit-learn's positive=True grid,
    /// max_j |c_j|/(a₁f_j)); <see cref="GridStart.Exact"/>: the smallest α at which w = 0 is optimal under the constraint.
    /// </summary>
    private static double AlphaMaxFrom<TPenalty>(double[] c, Dataset data, FitOptions options) where TPenalty : struct, IPenalty =>
        AlphaMaxFrom<TPenalty>(c, Estimator.TotalSampleWeight(data, options), options);

    /// <summary>The same from c and Σ s_i (the rows' total weight: Ridge scaling divides by it).</summary>
    internal static double AlphaMaxFrom<TPenalty>(double[] c, double totalWeight, FitOptions options) where TPenalty : struct, IPenalty
    {
        var parameters = new PenaltyParameters(1, options.RatioOrDefault) { Groups = options.Groups };
        var factors = options.EffectiveFactors().AsSpan();
        var objective = TPenalty.AlphaMax(c, parameters, factors);
        if (options.GridStart == GridStart.ScikitLearn)
        {
            var negated = Array.ConvertAll(c, v => -v);
            var other = TPenalty.AlphaMax(negated, parameters, factors);
            if (!double.IsNaN(other)) objective = Math.Max(objective, other);
        }
        return objective / TPenalty.ObjectiveAlpha(1, totalWeight);
    }

    /// <summary>
    /// −∇ of (1/n)·Σ s_i ℓ(y_i, η_i) at w = 0 and the null model's intercept b₀ (0 without an intercept):
    /// c_j = −Σ s_i x_ij ℓ'(y_i, b₀)/n. w = 0 stays optimal exactly while α·(penalty's dual norm) ≥ |c|.
    /// </summary>
    private static double[] NullModelGradient<TLoss>(Dataset data, FitOptions options) where TLoss : struct, ILoss
    {
        int n = data.Rows, p = data.Columns;
        var (seen, weights) = Estimator.AsTheLossSees<TLoss>(data, options);
        var y = seen.Target;
        var s = weights.AsSpan();
        var b0 = options.FitIntercept ? TLoss.NullIntercept(y, s) : 0.0;
        var d = new double[n];
        for (var i = 0; i < n; i++) d[i] = -(s.IsEmpty ? 1.0 : s[i]) * TLoss.Derivative(y[i], b0) / n;
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
        return RequestChecks.CheckLossOption(o).Bind(_ =>
        {
            var visitor = new PathFor<TPenalty>(data, alphas, 100, 1e-3, o, progress);
            return Loss.Accept<PathFor<TPenalty>, Fin<RegularizationPath>>(o.Loss, ref visitor);
        });
    }

    /// <summary>
    /// The path over scikit-learn's grid of <paramref name="count"/> values from α_max down to α_max·<paramref name="eps"/>
    /// (<see cref="AlphaGrid{TPenalty}"/>).
    /// </summary>
    public static Fin<RegularizationPath> Fit<TPenalty>(Dataset data, int count, double eps, FitOptions? options = null,
        Action<int, int>? progress = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return RequestChecks.CheckLossOption(o).Bind(_ =>
        {
            var visitor = new PathFor<TPenalty>(data, null, count, eps, o, progress);
            return Loss.Accept<PathFor<TPenalty>, Fin<RegularizationPath>>(o.Loss, ref visitor);
        });
    }

    private readonly struct PathFor<TPenalty>(Dataset data, IReadOnlyList<double>? alphas, int count, double eps, FitOptions o, Action<int, int>? progress)
        : ILossVisitor<Fin<RegularizationPath>> where TPenalty : struct, IPenalty
    {
        public Fin<RegularizationPath> Visit<TLoss>() where TLoss : struct, ILoss =>
            alphas is null ? Fit<TPenalty, TLoss>(data, count, eps, o, progress) : Fit<TPenalty, TLoss>(data, alphas, o, progress);

        public Fin<RegularizationPath> VisitMultinomial()
        {
            var (d, given, n, e, options, report) = (data, alphas, count, eps, o, progress);
            return (given is null ? CheckGrid(n, e) : Prelude.unit).Bind(_ => MultinomialFits.Path<TPenalty>(d, given, n, e, options, report));
        }
    }

    /// <summary>The path of the loss <typeparamref name="TLoss"/> (a built-in one or a user's) over the given alphas.</summary>
    public static Fin<RegularizationPath> Fit<TPenalty, TLoss>(Dataset data, IReadOnlyList<double> alphas, FitOptions? options = null,
        Action<int, int>? progress = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(alphas);
        var o = options ?? FitOptions.Default;
        if (o.Standardize)
            return RequestChecks.Validate<TPenalty, TLoss>(data, o, path: true).Bind(_ => Standardized(data, o, (d, inner) => Fit<TPenalty, TLoss>(d, alphas, inner, progress)));
        return Check(alphas)
            .Bind(g => RequestChecks.CheckExplicitGrid(o).Map(_ => g))
            .Bind(g => RequestChecks.Validate<TPenalty, TLoss>(data, o, path: true)
                .Bind(_ => ConvexityChecks.CheckData<TPenalty>(data, o, g.Min()))
                .Map(_ => Run<TPenalty, TLoss>(data, g, PathOptions(o), progress, workspace: null)));
    }

    /// <summary>
    /// The path of the loss <typeparamref name="TLoss"/> over scikit-learn's grid, in one read of X fewer for least squares:
    /// α_max then comes from the path's own workspace, whose preparation computes X_cᵀỹ anyway (bitwise the values
    /// <see cref="AlphaGrid{TPenalty}"/> uses).
    /// </summary>
    public static Fin<RegularizationPath> Fit<TPenalty, TLoss>(Dataset data, int count, double eps, FitOptions? options = null,
        Action<int, int>? progress = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        if (o.Standardize)
            return RequestChecks.Validate<TPenalty, TLoss>(data, o, path: true).Bind(_ => Standardized(data, o, (d, inner) => Fit<TPenalty, TLoss>(d, count, eps, inner, progress)));
        return CheckGrid(count, eps).Bind(_ => RequestChecks.Validate<TPenalty, TLoss>(data, o, path: true)).Bind(_ =>
        {
            if (!TLoss.IsQuadratic || data.IsSparse)
                return GridFrom<TPenalty>(AlphaMax<TPenalty, TLoss>(data, o), count, eps)
                    .Bind(g => ConvexityChecks.CheckData<TPenalty>(data, o, g.Min()).Map(_ => Run<TPenalty, TLoss>(data, g, PathOptions(o), progress, workspace: null)));
            var ws = Estimator.CreateWorkspace<TLoss>(data, PathOptions(o));
            var c = new double[ws.Data.P];
            for (var j = 0; j < c.Length; j++) c[j] = ws.Data.TargetProducts[j] / ws.Data.N;
            return GridFrom<TPenalty>(AlphaMaxFrom<TPenalty>(c, data, o), count, eps)
                .Bind(g => ConvexityChecks.CheckData<TPenalty>(data, o, g.Min()).Map(_ => Run<TPenalty, TLoss>(data, g, PathOptions(o), progress, ws)));
        });
    }

    /// <summary>Paths sweep working sets unless told otherwise.</summary>
    private static FitOptions PathOptions(FitOptions o) => o.Screening == Screening.Auto ? o with { Screening = Screening.WorkingSet } : o;

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
        var (coded, classes) = TLoss.EncodeTarget(data);
        // One workspace (dense) or sparse state for the whole path: each fit starts where the last one ended.
        var sparse = coded.IsSparse ? SparseFits.CreateState<TLoss>(coded, o) : null;
        var ws = sparse is not null ? null : workspace ?? Estimator.CreateWorkspace<TLoss>(coded, o);
        var fits = new Fit[alphas.Length];
        var last = alphas.Min();
        foreach (var (i, remaining) in Schedule(alphas))
        {
            var fit = sparse is not null
                ? SparseFits.FitWith<TPenalty, TLoss>(sparse, coded, alphas[i], o, remaining, last)
                : Estimator.FitWith<TPenalty, TLoss>(ws!, coded, alphas[i], o, remaining, last);
            fits[i] = fit with { Classes = classes, ClassLabels = data.LabelsOf(classes) };
            progress?.Invoke(alphas.Length - remaining, alphas.Length);
        }
        return new RegularizationPath(alphas, ImmutableArray.Create(fits));
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Paths;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using PenaltyGen.Validation;

namespace PenaltyGen.Statistics;

/// <summary>
/// Least-squares fits, paths and K-fold cross-validation from <see cref="GramStatistics"/> alone — no rows in memory: the
/// same objective, α and options as a fit on the rows (scikit-learn's Lasso/ElasticNet with sample weights, intercept,
/// standardization), solved by coordinate descent on the moments (<see cref="GramDescent"/>). A fold's training statistics
/// are the total minus the fold's. Separable penalties only (a group penalty has no coordinate step).
/// </summary>
public static class StatisticsFits
{
    /// <summary>The fit at α of the model whose generated penalty is <typeparamref name="TPenalty"/>.</summary>
    /// <returns>The fit, or an error naming the option or statistics at fault.</returns>
    public static Fin<Fit> Fit<TPenalty>(GramStatistics stats, double alpha, FitOptions? options = null) where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(stats);
        var o = options ?? FitOptions.Default;
        return Check<TPenalty>(stats, o).Bind(_ => RequestChecks.CheckAlpha(alpha)).Bind(_ =>
        {
            var moments = new CentredMoments(stats, o.FitIntercept, o.Standardize);
            var start = StartOf(moments, o);
            return Curvature<TPenalty>(stats, moments, o, alpha).Map(_ => Solve<TPenalty>(stats, moments, start, alpha, o));
        });
    }

    /// <summary>The fits of <paramref name="alphas"/> (null: the grid of <paramref name="count"/> values from α_max down to α_max·eps), largest first, each warm-starting the next.</summary>
    public static Fin<RegularizationPath> Path<TPenalty>(GramStatistics stats, IReadOnlyList<double>? alphas = null, FitOptions? options = null, int count = 100, double eps = 1e-3)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(stats);
        var o = options ?? FitOptions.Default;
        return Check<TPenalty>(stats, o)
            .Bind(_ => alphas is null ? AlphaGrid<TPenalty>(stats, count, eps, o) : RegularizationPaths.Check(alphas))
            .Bind(grid =>
            {
                var moments = new CentredMoments(stats, o.FitIntercept, o.Standardize);
                return Curvature<TPenalty>(stats, moments, o, grid.Min()).Map(_ =>
                {
                    var w = StartOf(moments, o);
                    var fits = new Fit[grid.Length];
                    foreach (var (i, _) in RegularizationPaths.Schedule(grid)) fits[i] = Solve<TPenalty>(stats, moments, w, grid[i], o);
                    return new RegularizationPath(grid, ImmutableArray.Create(fits));
                });
            });
    }

    /// <summary>scikit-learn's grid from the moments: α_max from c = q (Xᵀy/n on centred data), down to α_max·eps, evenly spaced in log.</summary>
    public static Fin<ImmutableArray<double>> AlphaGrid<TPenalty>(GramStatistics stats, int count = 100, double eps = 1e-3, FitOptions? options = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(stats);
        var o = options ?? FitOptions.Default;
        return Check<TPenalty>(stats, o).Bind(_ =>
        {
            if (count < 1) return new ParameterError("n_alphas", count.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
            if (!(eps > 0 && eps < 1)) return new ParameterError("eps", eps.ToString("R", CultureInfo.InvariantCulture), "must lie strictly between 0 and 1");
            var moments = new CentredMoments(stats, o.FitIntercept, o.Standardize);
            var parameters = new PenaltyParameters(1, o.RatioOrDefault) { Groups = o.Groups };
            var max = TPenalty.AlphaMax(moments.Linear, parameters, o.EffectiveFactors().AsSpan()) / TPenalty.ObjectiveAlpha(1, stats.WeightSum);
            return RegularizationPaths.GridFrom<TPenalty>(max, count, eps);
        });
    }

    /// <summary>
    /// K-fold cross-validation with each part of <paramref name="folds"/> held out in turn (its training statistics the total
    /// minus it), scored by the weighted mean squared error from the fold's moments; the grid from all rows (or the given one).
    /// </summary>
    public static Fin<CrossValidationResult> CrossValidate<TPenalty>(IReadOnlyList<GramStatistics> folds, CrossValidationOptions? cv = null, FitOptions? options = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(folds);
        var c = cv ?? CrossValidationOptions.Default;
        var o = options ?? FitOptions.Default;
        if (folds.Count < 2) return new ParameterError("folds", folds.Count.ToString(CultureInfo.InvariantCulture), "need at least 2 parts of statistics to hold out in turn");
        if (c.Folds is not null || c.Shuffle || !c.FoldIds.IsEmpty || !c.L1Ratios.IsEmpty || !c.Gammas.IsEmpty || c.Measure != HeldOutMeasure.Default)
            return new ParameterError("cv", "options", "the folds are the parts of statistics given; fold counts, shuffling, fold ids, l1 ratio lists, relaxation and measures do not apply");
        return GramStatistics.MergeAll(folds).Bind(total =>
            (c.Alphas is null ? AlphaGrid<TPenalty>(total, c.AlphaCount ?? 100, c.Eps ?? 1e-3, o) : RegularizationPaths.Check(c.Alphas).Map(g => g.Sort((a, b) => b.CompareTo(a))))
            .Bind(grid => folds.Select(fold => total.Subtract(fold)
                    .Bind(train => Path<TPenalty>(train, grid, o))
                    .Map(path => path.Fits.Select(f => MeanSquaredError(f, fold)).ToArray())).Sequence()
                .Bind(byFold =>
                {
                    var perFold = byFold.ToArray();
                    var errors = grid.Select((_, i) => perFold.Select(f => f[i]).ToArray()).ToArray();
                    return CrossValidation.Summarize(grid, errors, "mse", alpha => Fit<TPenalty>(total, alpha, o));
                })));
    }

    /// <summary>R² of a least-squares fit on the rows the statistics summarize (weighted as they are), from their moments.</summary>
    public static double Score(Fit fit, GramStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(stats);
        var mean = stats.TargetShift + stats.TargetSum / stats.WeightSum;
        var total = stats.TargetSquares / stats.WeightSum - (mean - stats.TargetShift) * (mean - stats.TargetShift);
        return 1 - MeanSquaredError(fit, stats) / total;
    }

    /// <summary>
    /// (1/Σw)Σw(y − b − xᵀβ)² from the moments: with x̃, ỹ about the shift and δ = c_y − b − cᵀβ, e = ỹ − x̃ᵀβ + δ, so
    /// Σwe² = Σwỹ² − 2βᵀΣwx̃ỹ + βᵀ(Σwx̃x̃ᵀ)β + 2δ(Σwỹ − βᵀΣwx̃) + δ²Σw.
    /// </summary>
    public static double MeanSquaredError(Fit fit, GramStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(stats);
        int p = stats.Columns;
        var beta = fit.Coefficients;
        double delta = stats.TargetShift - fit.Intercept, cross = 0, quadratic = 0, linear = 0;
        for (var j = 0; j < p; j++)
        {
            delta -= stats.Shift[j] * beta[j];
            cross += beta[j] * stats.Products[j];
            linear += beta[j] * stats.FeatureSums[j];
            for (var k = 0; k < p; k++) quadratic += beta[j] * beta[k] * stats.Gram[GramStatistics.Packed(j, k, p)];
        }
        var sum = stats.TargetSquares - 2 * cross + quadratic + 2 * delta * (stats.TargetSum - linear) + delta * delta * stats.WeightSum;
        return sum / stats.WeightSum;
    }

    /// <summary>
    /// The penalized least-squares solution of the statistics at the objective's own α (no user-units mapping), from
    /// <paramref name="start"/>: a proximal Newton model of another loss (<see cref="StreamingFits"/>) is solved so.
    /// </summary>
    internal static (double[] W, double Intercept, SolverOutcome Outcome) SolveAt<TPenalty>(GramStatistics stats, double objectiveAlpha, FitOptions o, ReadOnlySpan<double> start)
        where TPenalty : struct, IPenalty
    {
        var m = new CentredMoments(stats, o.FitIntercept, standardize: false);
        var w = start.ToArray();
        var settings = new SolverSettings(new PenaltyParameters(objectiveAlpha, o.RatioOrDefault) { Concavity = o.Concavity ?? double.NaN },
            o.Tol, o.MaxIterations, o.FitIntercept, o.Selection, o.Seed, o.EffectiveFactors());
        var visitor = new Run(m, w, settings);
        var outcome = TPenalty.Accept<Run, SolverOutcome>(ref visitor);
        var (coefficients, intercept) = m.Report(w);
        return (coefficients, o.FitIntercept ? intercept : 0.0, outcome);
    }

    private static double[] StartOf(CentredMoments m, FitOptions o)
    {
        var w = new double[m.P];
        // A warm start is given on the original scale; the solver works on the (standardized) one.
        for (var j = 0; j < w.Length && !o.WarmStart.IsEmpty; j++) w[j] = o.WarmStart[j] * m.Scales[j];
        return w;
    }

    private static Fit Solve<TPenalty>(GramStatistics stats, CentredMoments m, double[] w, double alpha, FitOptions o) where TPenalty : struct, IPenalty
    {
        var settings = new SolverSettings(
            new PenaltyParameters(TPenalty.ObjectiveAlpha(alpha, stats.WeightSum), o.RatioOrDefault) { Concavity = o.Concavity ?? double.NaN },
            o.Tol, o.MaxIterations, o.FitIntercept, o.Selection, o.Seed, o.EffectiveFactors());
        var visitor = new Run(m, w, settings);
        var outcome = TPenalty.Accept<Run, SolverOutcome>(ref visitor);
        var (coefficients, intercept) = m.Report(w);
        string? warning = outcome.Converged ? null : string.Create(CultureInfo.InvariantCulture,
            $"Objective did not converge after {outcome.Iterations} iterations. You might want to increase the number of iterations, check the scale of the features or consider increasing regularisation. {(double.IsNaN(outcome.DualityGap) ? $"KKT residual: {outcome.KktResidual:E3}" : $"Duality gap: {outcome.DualityGap:E3}")}, tolerance: {outcome.Tolerance:E3}");
        return new Fit(alpha, [.. coefficients], o.FitIntercept ? intercept : 0.0, outcome.Iterations, outcome.DualityGap, outcome.KktResidual,
            outcome.Converged, warning, SolverKind.CoordinateDescent, LossKind.LeastSquares, stats.FeatureNames)
        {
            Model = TPenalty.ModelName,
            Formula = TPenalty.Formula,
            L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null,
            Concavity = TPenalty.RuntimeConcavity is { } k ? o.Concavity ?? k.Default : null,
            TargetName = stats.TargetName,
        };
    }

    private readonly struct Run(CentredMoments m, double[] w, SolverSettings s) : IPenaltyVisitor<SolverOutcome>
    {
        public SolverOutcome ElasticNet<TPenalty>() where TPenalty : struct, IElasticNetPenalty => GramDescent.Solve<TPenalty>(m, w, s);

        public SolverOutcome Separable<TPenalty>() where TPenalty : struct, ISeparablePenalty => GramDescent.Solve<TPenalty>(m, w, s);

        public SolverOutcome Block<TPenalty>() where TPenalty : struct, IBlockPenalty => throw new InvalidOperationException("refused by Check");
    }

    /// <summary>A concave penalty's coordinate problems must be convex: each feature's curvature Q_jj exceeds its concavity at α.</summary>
    private static Fin<Unit> Curvature<TPenalty>(GramStatistics stats, CentredMoments m, FitOptions o, double alpha) where TPenalty : struct, IPenalty
    {
        var p = new PenaltyParameters(TPenalty.ObjectiveAlpha(alpha, stats.WeightSum), o.RatioOrDefault) { Concavity = o.Concavity ?? double.NaN };
        var factors = o.EffectiveFactors();
        for (var j = 0; j < m.P; j++)
        {
            var need = ConvexityChecks.ConcavityOf<TPenalty>(p, factors.IsEmpty ? 1.0 : factors[j]);
            if (need > 0 && !(m.Q[j * m.P + j] > need))
                return new ParameterError("penalty", TPenalty.Formula, $"is more concave (curvature −{need.ToString("G6", CultureInfo.InvariantCulture)}) than the data term is convex along feature '{stats.FeatureNames[j]}' ({m.Q[j * m.P + j].ToString("G6", CultureInfo.InvariantCulture)}); standardize the features or choose a larger γ (MCP) or a (SCAD)");
        }
        return Prelude.unit;
    }

    /// <summary>What a fit from statistics takes: least squares, coordinate descent, a separable penalty, options matching the features.</summary>
    private static Fin<Unit> Check<TPenalty>(GramStatistics stats, FitOptions o) where TPenalty : struct, IPenalty
    {
        if (stats.IsEmpty || !(stats.WeightSum > 0)) return new DataError("statistics", null, null, "hold no rows of positive weight");
        if (!(o.Tol > 0) || double.IsInfinity(o.Tol)) return new ParameterError("tol", o.Tol.ToString("R", CultureInfo.InvariantCulture), "must be a finite number > 0");
        if (o.MaxIterations <= 0) return new ParameterError("max_iter", o.MaxIterations.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        if (o.Loss != LossKind.LeastSquares)
            return new ParameterError("loss", o.Loss.ToString(), "does not apply to statistics, which define a least-squares problem");
        if (!o.SampleWeights.IsEmpty)
            return new ParameterError("sample_weight", $"{o.SampleWeights.Length} values", "are summed into the statistics when they are made (GramStatistics.Of(data, weights)); leave them unset here");
        if (!o.Offset.IsEmpty) return new ParameterError("offset", $"{o.Offset.Length} values", "does not apply to least squares");
        if (o.Solver is not (SolverKind.Auto or SolverKind.CoordinateDescent) || o.Selection != CoordinateSelection.Cyclic || o.Screening != Screening.Auto || o.Precompute != Precompute.Auto)
            return new ParameterError("solver", o.Solver.ToString(), "statistics are fitted by cyclic coordinate descent on their moments; leave the solver options unset");
        if (CapabilityOf.Query<TPenalty>(new PenaltyParameters(1, o.RatioOrDefault)).Kind == PenaltyCapability.Block)
            return new ParameterError("penalty", TPenalty.Formula, "couples a group's coefficients; statistics are fitted by coordinate descent, which needs a separable penalty");
        if (!o.Groups.IsEmpty) return new ParameterError("groups", $"{o.Groups.Length} values", $"do not apply to {TPenalty.ModelName}");
        if (o.L1Ratio is { } ratio && (!TPenalty.HasRuntimeRatio || !(ratio >= 0 && ratio <= 1)))
            return new ParameterError("l1_ratio", ratio.ToString("R", CultureInfo.InvariantCulture), TPenalty.HasRuntimeRatio ? "must lie in [0, 1]" : $"does not apply to {TPenalty.ModelName}");
        if (!o.PenaltyFactors.IsEmpty && (o.PenaltyFactors.Length != stats.Columns || o.PenaltyFactors.Any(f => !(f >= 0) || double.IsInfinity(f))))
            return new ParameterError("penalty_factors", $"{o.PenaltyFactors.Length} values", $"need one finite factor ≥ 0 per feature ({stats.Columns})");
        if (!o.WarmStart.IsEmpty && o.WarmStart.Length != stats.Columns)
            return new ParameterError("warm_start", $"{o.WarmStart.Length} values", $"need one per feature ({stats.Columns})");
        return ConvexityChecks.CheckOptions<TPenalty, Losses.LeastSquares>(o);
    }
}

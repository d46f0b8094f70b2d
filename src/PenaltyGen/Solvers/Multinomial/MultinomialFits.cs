using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Paths;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.Multinomial;

/// <summary>
/// The multinomial loss's fits, paths and α_max: what <see cref="Estimator"/>, <see cref="RegularizationPaths"/> and
/// cross-validation reach through <see cref="ILossVisitor{TResult}.VisitMultinomial"/>. The classes are the target's
/// distinct values in sorted order (or its text labels); the penalty is an elastic-net-shaped one, applied per coefficient
/// or per feature (<see cref="FitOptions.Multinomial"/>).
/// </summary>
internal static class MultinomialFits
{
    /// <summary>Everything about a multinomial request that does not depend on α.</summary>
    public static Fin<Unit> Validate<TPenalty>(Dataset data, FitOptions o, bool path) where TPenalty : struct, IPenalty
    {
        var capability = CapabilityOf.Query<TPenalty>(new PenaltyParameters(1, o.RatioOrDefault));
        if (capability.Kind != PenaltyCapability.ElasticNet)
            return new ParameterError("penalty", TPenalty.Formula, $"does not apply to the multinomial loss, which takes elastic-net-shaped penalties (l1, l2, elastic net) on its K×p coefficients; {TPenalty.ModelName} is not one");
        if (o.Multinomial == MultinomialType.Grouped && capability.Shape is { Positive: true })
            return new ParameterError("multinomial", "Grouped", $"does not combine with the sign constraint of {TPenalty.ModelName}; use the ungrouped multinomial");
        if (!o.Offset.IsEmpty)
            return new ParameterError("offset", $"{o.Offset.Length} values", "does not apply to the multinomial loss; an offset is folded into the Poisson loss only");
        if (o.Solver is not (SolverKind.Auto or SolverKind.CoordinateDescent))
            return new ParameterError("solver", o.Solver.ToString(), "does not apply to the multinomial loss, which is fitted by proximal Newton steps swept by coordinate descent (leave it unset)");
        if (o.Selection != CoordinateSelection.Cyclic)
            return new ParameterError("selection", o.Selection.ToString(), "does not apply to the multinomial loss, whose sweeps are cyclic");
        var options = RequestChecks.Validate<TPenalty, Logistic>(data, o with { Loss = LossKind.Logistic, Multinomial = MultinomialType.Ungrouped, WarmStart = [] }, path, checkTarget: false);
        if (options.IsFail) return options;
        var classes = ClassesOf(data);
        if (classes.Length < 2)
            return new DataError("data", null, data.TargetName, $"holds one class ({data.DescribeTarget(data.Target[0])}); the multinomial loss needs at least 2");
        if (!o.WarmStart.IsEmpty && o.WarmStart.Length != classes.Length * data.Columns)
            return new ParameterError("warm_start", $"{o.WarmStart.Length} values", $"need one per class and feature ({classes.Length}×{data.Columns}, class by class)");
        var shares = Shares(data, o, classes);
        for (var k = 0; k < classes.Length; k++)
        {
            if (!(shares[k] > 0))
                return new DataError("sample_weight", null, data.TargetName, $"gives class {data.DescribeTarget(classes[k])} no weight; every class needs rows of positive weight");
        }
        return Prelude.unit;
    }

    /// <summary>A single fit at α.</summary>
    public static Fin<Fit> Fit<TPenalty>(Dataset data, double alpha, FitOptions o) where TPenalty : struct, IPenalty =>
        Validate<TPenalty>(data, o, path: false).Bind(_ => RequestChecks.CheckAlpha(alpha)).Map(_ =>
        {
            if (o.Standardize)
            {
                var standard = Standardization.Of(data, o);
                var (inner, innerOptions) = (standard.Apply(data), standard.Inner(o));
                var (innerState, innerCoded, innerClasses) = Start(inner, innerOptions);
                return standard.Restore(FitWith<TPenalty>(innerState, innerCoded, alpha, innerOptions, innerClasses));
            }
            var (state, coded, classes) = Start(data, o);
            return FitWith<TPenalty>(state, coded, alpha, o, classes);
        });

    /// <summary>The fits of <paramref name="alphas"/> (null: the grid of <paramref name="count"/> values down to α_max·eps), largest first with warm starts.</summary>
    public static Fin<RegularizationPath> Path<TPenalty>(Dataset data, IReadOnlyList<double>? alphas, int count, double eps, FitOptions o,
        Action<int, int>? progress) where TPenalty : struct, IPenalty =>
        Validate<TPenalty>(data, o, path: true).Bind(_ => alphas is null ? Grid<TPenalty>(data, o, count, eps) : RegularizationPaths.Check(alphas)).Map((ImmutableArray<double> grid) =>
        {
            var standard = o.Standardize ? Standardization.Of(data, o) : null;
            var inner = standard is null ? o : standard.Inner(o);
            var (state, coded, classes) = Start(standard is null ? data : standard.Apply(data), inner);
            var fits = new Fit[grid.Length];
            foreach (var (i, remaining) in RegularizationPaths.Schedule(grid))
            {
                var fit = FitWith<TPenalty>(state, coded, grid[i], inner, classes);
                fits[i] = standard is null ? fit : standard.Restore(fit);
                progress?.Invoke(grid.Length - remaining, grid.Length);
            }
            return new RegularizationPath(grid, ImmutableArray.Create(fits));
        });

    /// <summary>The α grid from α_max (<see cref="AlphaMax{TPenalty}"/>) down to α_max·eps, evenly spaced in log.</summary>
    public static Fin<ImmutableArray<double>> Grid<TPenalty>(Dataset data, FitOptions o, int count, double eps) where TPenalty : struct, IPenalty =>
        Validate<TPenalty>(data, o, path: true).Bind(_ => RegularizationPaths.GridFrom<TPenalty>(AlphaMax<TPenalty>(data, o), count, eps));

    /// <summary>
    /// The smallest α at which B = 0 is optimal, in the user's units: max_j pull_j/(a₁f_j) of the data term's gradient at
    /// the null model (max_k |∇_kj| ungrouped, ‖∇_j·‖₂ grouped), glmnet's λ_max for its multinomial family.
    /// </summary>
    public static double AlphaMax<TPenalty>(Dataset data, FitOptions o) where TPenalty : struct, IPenalty
    {
        if (o.Standardize)
        {
            var standard = Standardization.Of(data, o);
            return AlphaMax<TPenalty>(standard.Apply(data), standard.Inner(o));
        }
        var (state, _, _) = Start(data, o);
        var shape = CapabilityOf.Query<TPenalty>(new PenaltyParameters(1, o.RatioOrDefault)).Shape!.Value;
        var pen = Penalty(shape, 1, o);
        var max = 0.0;
        for (var j = 0; j < state.P; j++)
        {
            var f = pen.Factor(j);
            if (f > 0) max = Math.Max(max, pen.Pull(state.Gradient, state.P, j) / (shape.L1 * f));
        }
        return max / TPenalty.ObjectiveAlpha(1, Estimator.TotalSampleWeight(data, o));
    }

    /// <summary>The sorted distinct classes of the target (codes of its text labels, which sort as the labels do).</summary>
    internal static ImmutableArray<double> ClassesOf(Dataset data)
    {
        var set = new SortedSet<double>();
        foreach (var y in data.Target) set.Add(y);
        return [.. set];
    }

    private static double[] Shares(Dataset data, FitOptions o, ImmutableArray<double> classes)
    {
        var shares = new double[classes.Length];
        for (var i = 0; i < data.Rows; i++) shares[classes.IndexOf(data.Target[i])] += o.SampleWeights.IsEmpty ? 1.0 : o.SampleWeights[i];
        return shares;
    }

    /// <summary>The state at the null model (B = 0, the intercepts of the class shares) with its gradient and the KKT scale, or the warm start.</summary>
    private static (MultinomialState State, Dataset Coded, ImmutableArray<double> Classes) Start(Dataset data, FitOptions o)
    {
        var classes = ClassesOf(data);
        var codes = new double[data.Rows];
        for (var i = 0; i < codes.Length; i++) codes[i] = classes.IndexOf(data.Target[i]);
        var weights = o.SampleWeights.IsEmpty ? null : o.SampleWeights.AsSpan().ToArray();
        var state = new MultinomialState(data, codes, weights, classes.Length, o.Multinomial == MultinomialType.Grouped);
        if (o.FitIntercept) Softmax.NullIntercepts(codes, weights, classes.Length).CopyTo(state.B, 0);
        state.Refresh();
        state.GradientAt(default);
        var scale = 0.0;
        foreach (var g in state.Gradient) scale = Math.Max(scale, Math.Abs(g));
        state.Scale = scale > 0 ? scale : 1.0;
        state.Certified = true;
        if (!o.WarmStart.IsEmpty)
        {
            o.WarmStart.CopyTo(state.W);
            state.Certified = false;
        }
        return (state, data, classes);
    }

    private static MultinomialPenalty Penalty(ElasticNetShape shape, double objectiveAlpha, FitOptions o)
    {
        var factors = o.EffectiveFactors();
        return new MultinomialPenalty(objectiveAlpha, shape.L1, shape.L2, shape.Positive, o.Multinomial == MultinomialType.Grouped,
            factors.IsEmpty ? null : factors.AsSpan().ToArray());
    }

    /// <summary>One solve from the state's coefficients; the fit's intercepts are centred (they sum to 0, as glmnet's).</summary>
    private static Fit FitWith<TPenalty>(MultinomialState state, Dataset data, double alpha, FitOptions o, ImmutableArray<double> classes)
        where TPenalty : struct, IPenalty
    {
        var parameters = new PenaltyParameters(TPenalty.ObjectiveAlpha(alpha, Estimator.TotalSampleWeight(data, o)), o.RatioOrDefault);
        var shape = CapabilityOf.Query<TPenalty>(parameters).Shape!.Value;
        var outcome = MultinomialNewton.Solve(state, Penalty(shape, parameters.Alpha, o), o.Tol, o.MaxIterations, o.FitIntercept);
        var mean = 0.0;
        foreach (var b in state.B) mean += b / state.K;
        var centred = new double[state.K];
        for (var k = 0; k < centred.Length; k++) centred[k] = state.B[k] - mean;
        string? warning = outcome.Converged ? null : string.Create(CultureInfo.InvariantCulture,
            $"Objective did not converge after {outcome.Iterations} iterations. You might want to increase the number of iterations, check the scale of the features or consider increasing regularisation. KKT residual: {outcome.KktResidual:E3}, tolerance: {outcome.Tolerance:E3}");
        return new Fit(alpha, [.. state.W], 0.0, outcome.Iterations, double.NaN, outcome.KktResidual, outcome.Converged, warning,
            SolverKind.CoordinateDescent, LossKind.Multinomial, data.FeatureNames)
        {
            Sweeps = outcome.Sweeps,
            Model = TPenalty.ModelName,
            Formula = o.Multinomial == MultinomialType.Grouped ? $"{TPenalty.Formula}, grouped over the classes" : TPenalty.Formula,
            L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null,
            TargetName = data.TargetName,
            Classes = classes,
            ClassLabels = data.LabelsOf(classes),
            Intercepts = [.. centred],
        };
    }
}

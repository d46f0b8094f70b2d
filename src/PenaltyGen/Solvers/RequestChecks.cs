using System;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.Multinomial;

namespace PenaltyGen.Solvers;

/// <summary>
/// Everything about a fit request that can be checked before any arithmetic: the options against their ranges, the
/// data's shape, and the options against the penalty's and the loss's capabilities — an option that would be ignored
/// is an error, never silently dropped. Errors are values that name the parameter, row or column.
/// </summary>
internal static class RequestChecks
{
    /// <summary>The same checks with the loss <see cref="FitOptions.Loss"/> names.</summary>
    internal static Fin<Unit> Validate<TPenalty>(Dataset data, FitOptions o, bool path = false) where TPenalty : struct, IPenalty =>
        CheckLossOption(o).Bind(_ =>
        {
            var visitor = new ValidateFor<TPenalty>(data, o, path);
            return Loss.Accept<ValidateFor<TPenalty>, Fin<Unit>>(o.Loss, ref visitor);
        });

    private readonly struct ValidateFor<TPenalty>(Dataset data, FitOptions o, bool path) : ILossVisitor<Fin<Unit>> where TPenalty : struct, IPenalty
    {
        public Fin<Unit> Visit<TLoss>() where TLoss : struct, ILoss => Validate<TPenalty, TLoss>(data, o, path);

        public Fin<Unit> VisitMultinomial() => MultinomialFits.Validate<TPenalty>(data, o, path);
    }

    /// <summary><see cref="FitOptions.Loss"/> names a built-in loss (a user's loss is a type argument, not an option).</summary>
    internal static Fin<Unit> CheckLossOption(FitOptions o) => o.Loss is LossKind.LeastSquares or LossKind.Logistic or LossKind.Poisson or LossKind.Multinomial
        ? Prelude.unit
        : new ParameterError("loss", o.Loss.ToString(), "names no built-in loss; a user-written loss is given as a type argument (Estimator.Fit<TPenalty, TLoss>)");

    /// <summary>Validates everything about a request that does not depend on α.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="o">The options.</param>
    /// <param name="path">Whether the request is a path (its working sets read <see cref="FitOptions.Precompute"/> by default).</param>
    /// <param name="checkTarget">Whether the loss checks the target too (the multinomial loss, checked with the logistic
    /// loss's options, checks its own).</param>
    internal static Fin<Unit> Validate<TPenalty, TLoss>(Dataset data, FitOptions o, bool path = false, bool checkTarget = true)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        if (!(o.Tol > 0) || double.IsInfinity(o.Tol)) return new ParameterError("tol", Show(o.Tol), "must be a finite number > 0");
        if (o.MaxIterations <= 0) return new ParameterError("max_iter", o.MaxIterations.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        if (!data.HasTarget) return new DataError("data", null, null, "has no target column; fitting needs one (load it with CsvDataset.Load(path, targetColumn))");
        if (!data.TargetLabels.IsEmpty && TLoss.Kind != LossKind.Logistic)
            return new DataError("data", null, data.TargetName,
                $"holds class labels ({string.Join(", ", System.Linq.Enumerable.Take(data.TargetLabels, 3))}{(data.TargetLabels.Length > 3 ? ", …" : "")}), not numbers; {typeof(TLoss).Name} needs a numeric target (labels are for a classifier: the logistic loss)");
        if (o.L1Ratio is { } ratio)
        {
            if (!TPenalty.HasRuntimeRatio)
                return new ParameterError("l1_ratio", Show(ratio), $"does not apply to {TPenalty.ModelName}: its penalty g(w) = {TPenalty.Formula} has no run-time ratio (only [ElasticNet] without L1Ratio reads one); leave it unset");
            if (!(ratio >= 0 && ratio <= 1)) return new ParameterError("l1_ratio", Show(ratio), "must lie in [0, 1]");
        }
        if (checkTarget && o.Multinomial != MultinomialType.Ungrouped)
            return new ParameterError("multinomial", o.Multinomial.ToString(), "applies to the multinomial loss only; leave it unset");
        if (o.Loss != LossKind.LeastSquares && o.Loss != TLoss.Kind)
            return new ParameterError("loss", o.Loss.ToString(), $"does not apply: the loss is the type argument {typeof(TLoss).Name}; leave FitOptions.Loss unset");
        var capability = CapabilityOf.Query<TPenalty>(new PenaltyParameters(1, o.RatioOrDefault));
        var concave = ConvexityChecks.CheckOptions<TPenalty, TLoss>(o);
        if (concave.IsFail) return concave;
        if (data.IsSparse && CheckSparse<TPenalty>(o, capability.Kind) is { IsFail: true } sparse) return sparse;
        var inapplicable = Inapplicable<TPenalty, TLoss>(o, path, capability.Kind, data.IsSparse);
        if (inapplicable.IsFail) return inapplicable;
        if (!o.PenaltyFactors.IsEmpty)
        {
            if (o.PenaltyFactors.Length != data.Columns)
                return new ParameterError("penalty_factors", $"{o.PenaltyFactors.Length} values", $"need one per feature ({data.Columns})");
            for (var j = 0; j < o.PenaltyFactors.Length; j++)
            {
                var f = o.PenaltyFactors[j];
                if (!(f >= 0) || double.IsInfinity(f))
                    return new ParameterError($"penalty_factors[{j}] ({data.FeatureNames[j]})", Show(f), "must be a finite number ≥ 0");
            }
        }
        if (o.PenaltyFactorScaling == FactorScaling.SumToFeatures)
        {
            if (o.PenaltyFactors.IsEmpty)
                return new ParameterError("penalty_factor_scaling", o.PenaltyFactorScaling.ToString(), "applies to given penalty factors; none are given");
            var sum = 0.0;
            foreach (var f in o.PenaltyFactors) sum += f;
            if (!(sum > 0))
                return new ParameterError("penalty_factors", "all 0", "cannot be rescaled to sum to the number of features (glmnet's scaling needs one factor > 0)");
        }
        if (!o.SampleWeights.IsEmpty)
        {
            if (o.SampleWeights.Length != data.Rows)
                return new ParameterError("sample_weight", $"{o.SampleWeights.Length} values", $"need one per row ({data.Rows})");
            var total = 0.0;
            for (var i = 0; i < o.SampleWeights.Length; i++)
            {
                var sw = o.SampleWeights[i];
                if (!(sw >= 0) || double.IsInfinity(sw))
                    return new ParameterError($"sample_weight[{i}]", Show(sw), "must be a finite number ≥ 0");
                // Below 2.2e-308 a weight has lost precision, and products with it underflow to 0.
                if (double.IsSubnormal(sw))
                    return new ParameterError($"sample_weight[{i}]", Show(sw), "is subnormal (below 2.2e-308): too small to compute with; rescale the weights");
                total += sw;
            }
            if (!(total > 0)) return new ParameterError("sample_weight", "all 0", "at least one weight must be positive");
            if (double.IsInfinity(total))
                return new ParameterError("sample_weight", $"{o.SampleWeights.Length} values", "their sum overflows float64; rescale the weights");
        }
        if (!o.Offset.IsEmpty)
        {
            if (!TLoss.TakesOffset)
                return new ParameterError("offset", $"{o.Offset.Length} values", $"does not apply to {typeof(TLoss).Name}; an offset is folded into the Poisson loss only");
            if (o.Offset.Length != data.Rows)
                return new ParameterError("offset", $"{o.Offset.Length} values", $"need one per row ({data.Rows})");
            for (var i = 0; i < o.Offset.Length; i++)
            {
                // e^o must stay finite and positive: |o| ≤ 700 keeps the exposure within float64.
                if (!(Math.Abs(o.Offset[i]) <= 700))
                    return new ParameterError($"offset[{i}]", Show(o.Offset[i]), "must be a finite number within ±700 (e^offset is the row's exposure)");
            }
        }
        if (capability.Kind == PenaltyCapability.Block)
        {
            if (o.Solver == SolverKind.CoordinateDescent)
                return new ParameterError("solver", "coordinate descent", $"needs a separable penalty; g(w) = {TPenalty.Formula} couples the coefficients of a group (use FISTA, the default)");
            var groups = CheckGroups(o.Groups, data);
            if (groups.IsFail) return groups;
        }
        if (!o.WarmStart.IsEmpty && o.WarmStart.Length != data.Columns)
            return new ParameterError("warm_start", $"{o.WarmStart.Length} values", $"need one per feature ({data.Columns})");
        if (o.Solver == SolverKind.Direct && (!TLoss.IsQuadratic || !DirectRidge.Applies(capability.Shape)))
            return new ParameterError("solver", "direct", $"needs least squares and a pure ½‖w‖² penalty, not g(w) = {TPenalty.Formula}");
        if (data.OverflowingColumn() is { } column)
            return new DataError("data", null, column, "the sum of its squares overflows float64 (values near 1e154 or beyond): rescale the column");
        return checkTarget ? TLoss.ValidateTarget(data) : Prelude.unit;
    }

    /// <summary>
    /// Options that the model or the chosen solver would ignore are errors, so that a setting never silently does
    /// nothing: groups without a [GroupL2] term, a random order's seed with the cyclic order, coordinate-descent
    /// settings with another solver, a warm start for the direct solve.
    /// </summary>
    private static Fin<Unit> Inapplicable<TPenalty, TLoss>(FitOptions o, bool path, PenaltyCapability capability, bool sparse)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        if (capability != PenaltyCapability.Block && !o.Groups.IsEmpty)
            return new ParameterError("groups", $"{o.Groups.Length} values", $"do not apply to {TPenalty.ModelName}: its penalty g(w) = {TPenalty.Formula} has no [GroupL2] term; leave them unset");
        if (o.Seed != 0 && o.Selection != CoordinateSelection.Random)
            return new ParameterError("seed", o.Seed.ToString(CultureInfo.InvariantCulture), "applies only to Selection = Random (the cyclic order uses no random numbers); leave it unset or choose the random order");
        var solver = Estimator.Choose<TPenalty>(o.Solver, TLoss.IsQuadratic, new PenaltyParameters(1, o.RatioOrDefault), sparse);
        if (solver != SolverKind.CoordinateDescent)
        {
            if (o.Selection != CoordinateSelection.Cyclic)
                return new ParameterError("selection", o.Selection.ToString(), $"applies to coordinate descent only, not to the {solver} solver");
            if (o.Screening != Screening.Auto)
                return new ParameterError("screening", o.Screening.ToString(), $"applies to coordinate descent only, not to the {solver} solver");
        }
        var workingSets = o.Screening == Screening.WorkingSet || (path && o.Screening == Screening.Auto);
        if (o.Precompute != Precompute.Auto && (!TLoss.IsQuadratic || !workingSets || solver != SolverKind.CoordinateDescent))
            return new ParameterError("precompute", o.Precompute.ToString(), "applies to the working-set solver of least squares only (paths, or Screening = WorkingSet)");
        if (!path && o.GridStart != GridStart.ScikitLearn)
            return new ParameterError("grid_start", o.GridStart.ToString(), "applies to an automatic α grid (paths, cross-validation), not to a single fit");
        if (solver == SolverKind.Direct && !o.WarmStart.IsEmpty)
            return new ParameterError("warm_start", $"{o.WarmStart.Length} values", "does not apply to the direct solve, which starts from nothing");
        return Prelude.unit;
    }

    /// <summary>
    /// Sparse features are fitted by coordinate descent alone (<see cref="Sparse.SparseNewton"/>): a group penalty (FISTA's),
    /// another solver, or a Gram-matrix setting is refused, naming what to change.
    /// </summary>
    private static Fin<Unit> CheckSparse<TPenalty>(FitOptions o, PenaltyCapability capability) where TPenalty : struct, IPenalty
    {
        if (capability == PenaltyCapability.Block)
            return new DataError("data", null, null,
                $"holds sparse features, and {TPenalty.ModelName}'s g(w) = {TPenalty.Formula} couples each group's coefficients, which only the FISTA solver fits, on dense features: convert them with Dataset.ToDense()");
        if (o.Solver is not (SolverKind.Auto or SolverKind.CoordinateDescent))
            return new ParameterError("solver", o.Solver.ToString(), "does not take sparse features, which coordinate descent fits; leave the solver unset");
        if (o.Precompute != Precompute.Auto)
            return new ParameterError("precompute", o.Precompute.ToString(), "does not apply to sparse features (no Gram matrix is made from them); leave it unset");
        return Prelude.unit;
    }

    /// <summary>One group id ≥ 0 per feature, each group a run of adjacent features.</summary>
    private static Fin<Unit> CheckGroups(ImmutableArray<int> groups, Dataset data)
    {
        if (groups.IsEmpty) return new ParameterError("groups", "(missing)", "a penalty with [GroupL2] needs FitOptions.Groups, one group id per feature");
        if (groups.Length != data.Columns) return new ParameterError("groups", $"{groups.Length} values", $"need one per feature ({data.Columns})");
        for (var j = 0; j < groups.Length; j++)
        {
            if (groups[j] < 0)
                return new ParameterError($"groups[{j}] ({data.FeatureNames[j]})", groups[j].ToString(CultureInfo.InvariantCulture), "must be ≥ 0");
            if (j > 0 && groups[j] != groups[j - 1])
            {
                var earlier = groups.AsSpan()[..(j - 1)].IndexOf(groups[j]);
                if (earlier >= 0)
                    return new ParameterError($"groups[{j}] ({data.FeatureNames[j]})", groups[j].ToString(CultureInfo.InvariantCulture),
                        $"group {groups[j]} already ended at feature {earlier}: the features of a group must be adjacent");
            }
        }
        return Prelude.unit;
    }

    internal static Fin<Unit> CheckAlpha(double alpha) =>
        alpha >= 0 && !double.IsInfinity(alpha) ? Prelude.unit : new ParameterError("alpha", Show(alpha), "must be a finite number ≥ 0");

    /// <summary>An explicit α list leaves nothing for <see cref="FitOptions.GridStart"/> to choose.</summary>
    internal static Fin<Unit> CheckExplicitGrid(FitOptions o) => o.GridStart == GridStart.ScikitLearn
        ? Prelude.unit
        : new ParameterError("grid_start", o.GridStart.ToString(), "applies to an automatic α grid; these alphas are given explicitly");

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

using System;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// The functional surface: validate the request (errors come back as values), build one workspace,
/// run the chosen solver with the generated penalty, and return an immutable <see cref="Fit"/>.
/// The strength α is the user's (scikit-learn's) α; <c>TPenalty.ObjectiveAlpha</c> maps it onto the
/// (1/(2n)) objective (Ridge scaling divides by n).
/// </summary>
public static class Estimator
{
    /// <summary>Fits the model whose generated penalty is <typeparamref name="TPenalty"/> (what the generated <c>Model.Fit</c> calls).</summary>
    /// <returns>The fit, or an error value that names the parameter, row or column at fault.</returns>
    public static Fin<Fit> Fit<TPenalty>(Dataset data, double alpha, FitOptions? options = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return Validate<TPenalty>(data, o)
            .Bind(_ => CheckAlpha(alpha))
            .Map(_ =>
            {
                var ws = CreateWorkspace(data, o);
                return o.Loss == LossKind.Logistic
                    ? FitWith<TPenalty, Logistic>(ws, data, alpha, o)
                    : FitWith<TPenalty, LeastSquares>(ws, data, alpha, o);
            });
    }

    /// <summary>The one workspace of a fit or path, holding the warm start if one was given.</summary>
    internal static Workspace CreateWorkspace(Dataset data, FitOptions o)
    {
        // The working-set solvers (paths) defer the centred copy of X: both work on the raw X and the means.
        var workingSet = o.Loss == LossKind.LeastSquares && o.Screening == Screening.WorkingSet;
        // Least squares folds the weights into X and y (scikit-learn's rescaling to Σs = n, rows times √s); the
        // logistic loss weighs each sample's term instead: (1/n)·Σ s_i ℓ(y_i, η_i), the weights as given.
        var squares = o.Loss == LossKind.LeastSquares;
        var ws = new Workspace(data, centre: o.FitIntercept && squares, squares ? o.SampleWeights.AsSpan() : default, deferCopy: workingSet)
        {
            LossWeights = squares || o.SampleWeights.IsEmpty ? null : o.SampleWeights.AsSpan().ToArray(),
        };
        if (!o.WarmStart.IsEmpty) o.WarmStart.CopyTo(ws.W);
        return ws;
    }

    /// <summary>Validates everything about a request that does not depend on α.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="o">The options.</param>
    /// <param name="path">Whether the request is a path (its working sets read <see cref="FitOptions.Precompute"/> by default).</param>
    internal static Fin<Unit> Validate<TPenalty>(Dataset data, FitOptions o, bool path = false) where TPenalty : struct, IPenalty
    {
        if (!(o.Tol > 0) || double.IsInfinity(o.Tol)) return new ParameterError("tol", Show(o.Tol), "must be a finite number > 0");
        if (o.MaxIterations <= 0) return new ParameterError("max_iter", o.MaxIterations.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        if (!data.HasTarget) return new DataError("data", null, null, "has no target column; fitting needs one (load it with CsvDataset.Load(path, targetColumn))");
        if (o.L1Ratio is { } ratio)
        {
            if (!TPenalty.HasRuntimeRatio)
                return new ParameterError("l1_ratio", Show(ratio), $"does not apply to {TPenalty.ModelName}: its penalty g(w) = {TPenalty.Formula} has no run-time ratio (only [ElasticNet] without L1Ratio reads one); leave it unset");
            if (!(ratio >= 0 && ratio <= 1)) return new ParameterError("l1_ratio", Show(ratio), "must lie in [0, 1]");
        }
        var inapplicable = Inapplicable<TPenalty>(o, path);
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
                total += sw;
            }
            if (!(total > 0)) return new ParameterError("sample_weight", "all 0", "at least one weight must be positive");
        }
        var capability = CapabilityOf.Query<TPenalty>(new PenaltyParameters(1, o.RatioOrDefault));
        if (capability.Kind == PenaltyCapability.Block)
        {
            if (o.Solver == SolverKind.CoordinateDescent)
                return new ParameterError("solver", "coordinate descent", $"needs a separable penalty; g(w) = {TPenalty.Formula} couples the coefficients of a group (use FISTA, the default)");
            var groups = CheckGroups(o.Groups, data);
            if (groups.IsFail) return groups;
        }
        if (!o.WarmStart.IsEmpty && o.WarmStart.Length != data.Columns)
            return new ParameterError("warm_start", $"{o.WarmStart.Length} values", $"need one per feature ({data.Columns})");
        if (o.Solver == SolverKind.Direct && (o.Loss != LossKind.LeastSquares || !DirectRidge.Applies(capability.Shape)))
            return new ParameterError("solver", "direct", $"needs least squares and a pure ½‖w‖² penalty, not g(w) = {TPenalty.Formula}");
        if (o.Loss == LossKind.Logistic) return Logistic.ValidateTarget(data);
        return Prelude.unit;
    }

    /// <summary>
    /// Options that the model or the chosen solver would ignore are errors, so that a setting never silently does
    /// nothing: groups without a [GroupL2] term, a random order's seed with the cyclic order, coordinate-descent
    /// settings with another solver, a warm start for the direct solve.
    /// </summary>
    private static Fin<Unit> Inapplicable<TPenalty>(FitOptions o, bool path) where TPenalty : struct, IPenalty
    {
        var capability = CapabilityOf.Query<TPenalty>(new PenaltyParameters(1, o.RatioOrDefault));
        if (capability.Kind != PenaltyCapability.Block && !o.Groups.IsEmpty)
            return new ParameterError("groups", $"{o.Groups.Length} values", $"do not apply to {TPenalty.ModelName}: its penalty g(w) = {TPenalty.Formula} has no [GroupL2] term; leave them unset");
        if (o.Seed != 0 && o.Selection != CoordinateSelection.Random)
            return new ParameterError("seed", o.Seed.ToString(CultureInfo.InvariantCulture), "applies only to Selection = Random (the cyclic order uses no random numbers); leave it unset or choose the random order");
        var solver = Choose<TPenalty>(o.Solver, o.Loss == LossKind.LeastSquares, new PenaltyParameters(1, o.RatioOrDefault));
        if (solver != SolverKind.CoordinateDescent)
        {
            if (o.Selection != CoordinateSelection.Cyclic)
                return new ParameterError("selection", o.Selection.ToString(), $"applies to coordinate descent only, not to the {solver} solver");
            if (o.Screening != Screening.Auto)
                return new ParameterError("screening", o.Screening.ToString(), $"applies to coordinate descent only, not to the {solver} solver");
        }
        var workingSets = o.Screening == Screening.WorkingSet || (path && o.Screening == Screening.Auto);
        if (o.Precompute != Precompute.Auto && (o.Loss != LossKind.LeastSquares || !workingSets || solver != SolverKind.CoordinateDescent))
            return new ParameterError("precompute", o.Precompute.ToString(), "applies to the working-set solver of least squares only (paths, or Screening = WorkingSet)");
        if (solver == SolverKind.Direct && !o.WarmStart.IsEmpty)
            return new ParameterError("warm_start", $"{o.WarmStart.Length} values", "does not apply to the direct solve, which starts from nothing");
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

    /// <summary>
    /// One solver run in a given workspace (shared along a path); W holds the warm start on entry;
    /// <paramref name="remaining"/> fits of the same path follow, down to <paramref name="finalAlpha"/> (the covariance
    /// solver plans with both).
    /// </summary>
    internal static Fit FitWith<TPenalty, TLoss>(Workspace ws, Dataset data, double alpha, FitOptions o, int remaining = 0, double finalAlpha = double.NaN)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var totalWeight = TotalSampleWeight(data, o);
        var settings = new SolverSettings(
            new PenaltyParameters(TPenalty.ObjectiveAlpha(alpha, totalWeight), o.RatioOrDefault) { Groups = o.Groups },
            o.Tol, o.MaxIterations, o.FitIntercept, o.Selection, o.Seed, o.PenaltyFactors,
            WorkingSet: o.Screening == Screening.WorkingSet, Precompute: o.Precompute, RemainingFits: remaining,
            FinalAlpha: double.IsNaN(finalAlpha) ? double.NaN : TPenalty.ObjectiveAlpha(finalAlpha, totalWeight));
        var solver = Choose<TPenalty>(o.Solver, TLoss.IsQuadratic, settings.Penalty);
        var outcome = SolverChoice<TLoss>.Run<TPenalty>(ws, settings, solver);
        var coefficients = ws.W.ToImmutableArray();
        var intercept = 0.0;
        if (o.FitIntercept)
        {
            if (TLoss.IsQuadratic)
            {
                intercept = ws.YMean;
                for (var j = 0; j < ws.P; j++) intercept -= ws.XMean[j] * ws.W[j];
            }
            else
            {
                intercept = ws.B;
            }
        }
        string? warning = outcome.Converged ? null : string.Create(CultureInfo.InvariantCulture,
            $"Objective did not converge after {outcome.Iterations} iterations. You might want to increase the number of iterations, check the scale of the features or consider increasing regularisation. {(double.IsNaN(outcome.DualityGap) ? $"KKT residual: {outcome.KktResidual:E3}" : $"Duality gap: {outcome.DualityGap:E3}")}, tolerance: {outcome.Tolerance:E3}");
        return new Fit(alpha, coefficients, intercept, outcome.Iterations, outcome.DualityGap, outcome.KktResidual,
            outcome.Converged, warning, solver, TLoss.IsQuadratic ? LossKind.LeastSquares : LossKind.Logistic, data.FeatureNames)
        {
            Model = TPenalty.ModelName,
            Formula = TPenalty.Formula,
            L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null,
            TargetName = data.TargetName,
        };
    }

    /// <summary>Σ s_i of the raw sample weights, n without weights.</summary>
    internal static double TotalSampleWeight(Dataset data, FitOptions o)
    {
        if (o.SampleWeights.IsEmpty) return data.Rows;
        var total = 0.0;
        foreach (var sw in o.SampleWeights) total += sw;
        return total;
    }

    /// <summary>The solver that runs: the requested one, or for Auto a direct solve for a pure ridge penalty with least squares.</summary>
    internal static SolverKind Choose<TPenalty>(SolverKind requested, bool quadratic, in PenaltyParameters p)
        where TPenalty : struct, IPenalty
    {
        if (requested != SolverKind.Auto) return requested;
        var capability = CapabilityOf.Query<TPenalty>(p);
        if (quadratic && DirectRidge.Applies(capability.Shape)) return SolverKind.Direct;
        // Separable penalties: coordinate descent — for the logistic loss its proximal Newton form, faster than FISTA on
        // every logistic path LogisticPathBenchmarks times (docs/benchmarks.md).
        return capability.Kind == PenaltyCapability.Block ? SolverKind.Fista : SolverKind.CoordinateDescent;
    }

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

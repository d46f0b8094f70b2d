using System;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.Multinomial;
using PenaltyGen.Solvers.Sparse;

namespace PenaltyGen.Solvers;

/// <summary>
/// The functional surface: validate the request (errors come back as values), build one workspace,
/// run the chosen solver with the generated penalty, and return an immutable <see cref="PenaltyGen.Fit"/>.
/// The strength α is the user's (scikit-learn's) α; <c>TPenalty.ObjectiveAlpha</c> maps it onto the
/// (1/(2n)) objective (Ridge scaling divides by n).
/// </summary>
public static class Estimator
{
    /// <summary>Fits the model whose generated penalty is <typeparamref name="TPenalty"/> (what the generated <c>Model.Fit</c> calls), with the loss <see cref="FitOptions.Loss"/> names.</summary>
    /// <returns>The fit, or an error value that names the parameter, row or column at fault.</returns>
    public static Fin<Fit> Fit<TPenalty>(Dataset data, double alpha, FitOptions? options = null)
        where TPenalty : struct, IPenalty
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        return RequestChecks.CheckLossOption(o).Bind(_ =>
        {
            var request = new FitRequest<TPenalty>(data, alpha, o);
            return Loss.Accept<FitRequest<TPenalty>, Fin<Fit>>(o.Loss, ref request);
        });
    }

    /// <summary>
    /// Fits with the loss <typeparamref name="TLoss"/> — a built-in one or a user's — through the same pipeline: validation,
    /// one workspace, the solver the penalty's and the loss's capabilities allow.
    /// </summary>
    /// <returns>The fit, or an error value that names the parameter, row or column at fault.</returns>
    public static Fin<Fit> Fit<TPenalty, TLoss>(Dataset data, double alpha, FitOptions? options = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? FitOptions.Default;
        if (o.Standardize)
        {
            return RequestChecks.Validate<TPenalty, TLoss>(data, o).Bind(_ =>
            {
                var standard = Standardization.Of(data, o);
                return Fit<TPenalty, TLoss>(standard.Apply(data), alpha, standard.Inner(o)).Map(standard.Restore);
            });
        }
        return RequestChecks.Validate<TPenalty, TLoss>(data, o)
            .Bind(_ => RequestChecks.CheckAlpha(alpha))
            .Bind(_ => ConvexityChecks.CheckData<TPenalty>(data, o, alpha))
            .Map(_ =>
            {
                var (coded, classes) = TLoss.EncodeTarget(data);
                var fit = coded.IsSparse
                    ? SparseFits.FitWith<TPenalty, TLoss>(SparseFits.CreateState<TLoss>(coded, o), coded, alpha, o)
                    : FitWith<TPenalty, TLoss>(CreateWorkspace<TLoss>(coded, o), coded, alpha, o);
                return fit with { Classes = classes, ClassLabels = data.LabelsOf(classes) };
            });
    }

    private readonly struct FitRequest<TPenalty>(Dataset data, double alpha, FitOptions o) : ILossVisitor<Fin<Fit>> where TPenalty : struct, IPenalty
    {
        public Fin<Fit> Visit<TLoss>() where TLoss : struct, ILoss => Fit<TPenalty, TLoss>(data, alpha, o);

        public Fin<Fit> VisitMultinomial() => MultinomialFits.Fit<TPenalty>(data, alpha, o);
    }

    /// <summary>The one workspace of a fit or path, holding the warm start if one was given.</summary>
    internal static Workspace CreateWorkspace<TLoss>(Dataset data, FitOptions o) where TLoss : struct, ILoss
    {
        // The working-set solvers (paths) defer the centred copy of X: both work on the raw X and the means.
        var squares = TLoss.IsQuadratic;
        var workingSet = squares && o.Screening == Screening.WorkingSet;
        // Least squares folds the weights into X and y (scikit-learn's rescaling to Σs = n, rows times √s); other losses
        // weigh each sample's term instead: (1/n)·Σ s_i ℓ(y_i, η_i), the weights as given.
        var (seen, weights) = AsTheLossSees<TLoss>(data, o);
        var ws = Workspace.Create(seen, centre: o.FitIntercept && squares, squares ? o.SampleWeights.AsSpan() : default, deferCopy: workingSet,
            lossWeights: squares ? null : weights);
        if (!o.WarmStart.IsEmpty) o.WarmStart.CopyTo(ws.Fit.W);
        return ws;
    }

    /// <summary>
    /// One solver run in a given workspace (shared along a path); W holds the warm start on entry;
    /// <paramref name="remaining"/> fits of the same path follow, down to <paramref name="finalAlpha"/> (the covariance
    /// solver plans with both).
    /// </summary>
    internal static Fit FitWith<TPenalty, TLoss>(Workspace ws, Dataset data, double alpha, FitOptions o, int remaining = 0, double finalAlpha = double.NaN)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var settings = Settings<TPenalty>(data, alpha, o, remaining, finalAlpha);
        var solver = Choose<TPenalty>(o.Solver, TLoss.IsQuadratic, settings.Penalty);
        var outcome = SolverChoice<TLoss>.Run<TPenalty>(ws, settings, solver);
        var intercept = 0.0;
        if (o.FitIntercept)
        {
            if (TLoss.IsQuadratic)
            {
                intercept = ws.Data.YMean;
                for (var j = 0; j < ws.Data.P; j++) intercept -= ws.Data.XMean[j] * ws.Fit.W[j];
            }
            else
            {
                intercept = ws.Fit.B;
            }
        }
        // The loss's word on the data at the solution: proximal Newton keeps η = Xw + b current to its last certificate;
        // FISTA works in its own buffers, so η is made here.
        if (!TLoss.IsQuadratic && solver == SolverKind.Fista)
        {
            Kernels.Blas.Gemv(ws.Data.X, ws.Data.N, ws.Fit.W, ws.Fit.Eta);
            for (var i = 0; i < ws.Data.N; i++) ws.Fit.Eta[i] += ws.Fit.B;
        }
        return Result<TPenalty, TLoss>(data, alpha, o, outcome, solver, ws.Fit.W, intercept, ws.Data.Y, ws.Fit.Eta, ws.Data.LossWeights);
    }

    /// <summary>The solver's settings for the user's α (mapped onto the objective's) and the options.</summary>
    internal static SolverSettings Settings<TPenalty>(Dataset data, double alpha, FitOptions o, int remaining, double finalAlpha) where TPenalty : struct, IPenalty
    {
        var totalWeight = TotalSampleWeight(data, o);
        return new SolverSettings(
            new PenaltyParameters(TPenalty.ObjectiveAlpha(alpha, totalWeight), o.RatioOrDefault) { Groups = o.Groups, Concavity = o.Concavity ?? double.NaN },
            o.Tol, o.MaxIterations, o.FitIntercept, o.Selection, o.Seed, o.EffectiveFactors(),
            Screening: o.Screening, Precompute: o.Precompute, RemainingFits: remaining,
            FinalAlpha: double.IsNaN(finalAlpha) ? double.NaN : TPenalty.ObjectiveAlpha(finalAlpha, totalWeight));
    }

    /// <summary>
    /// The immutable fit from a solver's outcome: the coefficients and intercept, the convergence warning, and the loss's
    /// word on the data at the solution (its target <paramref name="y"/>, η and weights as the solver saw them).
    /// </summary>
    internal static Fit Result<TPenalty, TLoss>(Dataset data, double alpha, FitOptions o, SolverOutcome outcome, SolverKind solver,
        ReadOnlySpan<double> w, double intercept, ReadOnlySpan<double> y, ReadOnlySpan<double> eta, ReadOnlySpan<double> weights)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        string? warning = outcome.Converged ? null : string.Create(CultureInfo.InvariantCulture,
            $"Objective did not converge after {outcome.Iterations} iterations. You might want to increase the number of iterations, check the scale of the features or consider increasing regularisation. {(double.IsNaN(outcome.DualityGap) ? $"KKT residual: {outcome.KktResidual:E3}" : $"Duality gap: {outcome.DualityGap:E3}")}, tolerance: {outcome.Tolerance:E3}");
        if (!TLoss.IsQuadratic && TLoss.Diagnose(y, eta, weights) is { } diagnosis)
            warning = warning is null ? diagnosis : $"{warning} {diagnosis}";
        return new Fit(alpha, ImmutableArray.Create(w), intercept, outcome.Iterations, outcome.DualityGap, outcome.KktResidual,
            outcome.Converged, warning, solver, TLoss.Kind, data.FeatureNames)
        {
            Sweeps = outcome.Sweeps < 0 ? outcome.Iterations : outcome.Sweeps,
            Model = TPenalty.ModelName,
            Formula = TPenalty.Formula,
            L1Ratio = TPenalty.HasRuntimeRatio ? o.RatioOrDefault : null,
            Concavity = TPenalty.RuntimeConcavity is { } concavity ? o.Concavity ?? concavity.Default : null,
            TargetName = data.TargetName,
        };
    }

    /// <summary>
    /// The target and per-row weights of a non-quadratic loss's data term: the sample weights (null: all 1), and with an
    /// offset, both rewritten by <see cref="ILoss.FoldOffset"/>.
    /// </summary>
    internal static (Dataset Data, double[]? Weights) AsTheLossSees<TLoss>(Dataset data, FitOptions o) where TLoss : struct, ILoss
    {
        var weights = o.SampleWeights.IsEmpty ? null : o.SampleWeights.AsSpan().ToArray();
        if (o.Offset.IsEmpty) return (data, weights);
        var y = data.Target.ToArray();
        weights ??= System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Repeat(1.0, data.Rows));
        TLoss.FoldOffset(y, weights, o.Offset.AsSpan());
        return (data.WithTarget(y), weights);
    }

    /// <summary>Σ s_i of the raw sample weights, n without weights.</summary>
    internal static double TotalSampleWeight(Dataset data, FitOptions o)
    {
        if (o.SampleWeights.IsEmpty) return data.Rows;
        var total = 0.0;
        foreach (var sw in o.SampleWeights) total += sw;
        return total;
    }

    /// <summary>
    /// The solver that runs: the requested one, or for Auto a direct solve for a pure ridge penalty with least squares, and
    /// coordinate descent on sparse features (the only solver that takes them).
    /// </summary>
    internal static SolverKind Choose<TPenalty>(SolverKind requested, bool quadratic, in PenaltyParameters p, bool sparse = false)
        where TPenalty : struct, IPenalty
    {
        if (requested != SolverKind.Auto) return requested;
        if (sparse) return SolverKind.CoordinateDescent;
        var capability = CapabilityOf.Query<TPenalty>(p);
        if (quadratic && DirectRidge.Applies(capability.Shape)) return SolverKind.Direct;
        // Separable penalties: coordinate descent — for the logistic loss its proximal Newton form, faster than FISTA on
        // every logistic path LogisticPathBenchmarks times (docs/benchmarks.md).
        return capability.Kind == PenaltyCapability.Block ? SolverKind.Fista : SolverKind.CoordinateDescent;
    }

}

using System;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// The run-time conditions of a folded concave penalty (<c>[MCP]</c>, <c>[SCAD]</c>): its γ or a, the loss and solver it is
/// fitted with, and that every coordinate problem is convex on these data — the feature's curvature ‖x_j − x̄_j‖²/n (weighted)
/// must exceed the penalty's concavity (<see cref="ISeparablePenalty.Concavity"/>), which depends on the data's scaling, so it
/// is checked here and not by the generator.
/// </summary>
internal static class ConvexityChecks
{
    /// <summary>The penalty's concavity along a coordinate with factor f at these parameters (0 for a convex penalty).</summary>
    public static double ConcavityOf<TPenalty>(in PenaltyParameters p, double factor) where TPenalty : struct, IPenalty
    {
        var visitor = new Query(p, factor);
        return TPenalty.Accept<Query, double>(ref visitor);
    }

    private readonly struct Query(PenaltyParameters p, double factor) : IPenaltyVisitor<double>
    {
        public double ElasticNet<TPenalty>() where TPenalty : struct, IElasticNetPenalty => 0.0;

        public double Separable<TPenalty>() where TPenalty : struct, ISeparablePenalty => TPenalty.Concavity(p, factor);

        public double Block<TPenalty>() where TPenalty : struct, IBlockPenalty => 0.0;
    }

    /// <summary>The run-time γ or a, and for a concave penalty the loss and solver: everything that does not depend on α.</summary>
    public static Fin<Unit> CheckOptions<TPenalty, TLoss>(FitOptions o)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        if (o.Concavity is { } k)
        {
            if (TPenalty.RuntimeConcavity is not { } parameter)
                return new ParameterError("concavity", Show(k), $"does not apply to {TPenalty.ModelName}: its penalty g(w) = {TPenalty.Formula} reads no γ or a at run time (only [MCP] or [SCAD] declared without one does); leave it unset");
            if (!(k > parameter.Minimum) || double.IsInfinity(k))
                return new ParameterError(parameter.Name, Show(k), $"must be a finite number > {Show(parameter.Minimum)} for {TPenalty.ModelName}'s g(w) = {TPenalty.Formula}");
        }
        if (!(ConcavityOf<TPenalty>(new PenaltyParameters(0, o.RatioOrDefault) { Concavity = o.Concavity ?? double.NaN }, 1.0) > 0)) return Prelude.unit;
        if (!TLoss.IsQuadratic)
            return new ParameterError("loss", typeof(TLoss).Name, $"does not apply to {TPenalty.ModelName}: its g(w) = {TPenalty.Formula} is nonconvex, and it is fitted with least squares only");
        if (o.Solver is not (SolverKind.Auto or SolverKind.CoordinateDescent))
            return new ParameterError("solver", o.Solver.ToString(), $"does not apply to {TPenalty.ModelName}: its nonconvex g(w) = {TPenalty.Formula} is fitted by coordinate descent (firm or SCAD thresholding)");
        return Prelude.unit;
    }

    /// <summary>
    /// Every penalized feature's curvature (the weighted variance about its mean with an intercept, its mean square without)
    /// exceeds the penalty's concavity at the strength <paramref name="alpha"/> (the smallest of a path: an [L2] part helps less
    /// there); otherwise an error naming the first feature that does not, and what to change.
    /// </summary>
    public static Fin<Unit> CheckData<TPenalty>(Dataset data, FitOptions o, double alpha) where TPenalty : struct, IPenalty
    {
        var p = new PenaltyParameters(TPenalty.ObjectiveAlpha(alpha, Estimator.TotalSampleWeight(data, o)), o.RatioOrDefault) { Concavity = o.Concavity ?? double.NaN };
        if (!(ConcavityOf<TPenalty>(p, 1.0) > 0) && o.PenaltyFactors.IsEmpty) return Prelude.unit;
        var factors = o.EffectiveFactors();
        var weights = o.SampleWeights;
        var total = Estimator.TotalSampleWeight(data, o);
        for (var j = 0; j < data.Columns; j++)
        {
            var need = ConcavityOf<TPenalty>(p, factors.IsEmpty ? 1.0 : factors[j]);
            if (!(need > 0)) continue;
            var curvature = data.ColumnMoments(j, weights.AsSpan(), total, o.FitIntercept).Variance;
            if (curvature > need) continue;
            var (name, value) = TPenalty.RuntimeConcavity is { } parameter ? (parameter.Name, Show(o.Concavity ?? parameter.Default)) : ("penalty", TPenalty.Formula);
            return new ParameterError(name, value,
                $"makes {TPenalty.ModelName}'s g(w) = {TPenalty.Formula} more concave (curvature −{Show(need)}) than the data term is convex along feature '{data.FeatureNames[j]}' (‖x_j − x̄_j‖²/n = {Show(curvature)}): its coordinate problems would not be convex and the fit would depend on the sweep order; standardize the features (FitOptions.Standardize, --standardize: each then has curvature 1) or choose a larger γ (MCP) or a (SCAD)");
        }
        return Prelude.unit;
    }

    private static string Show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

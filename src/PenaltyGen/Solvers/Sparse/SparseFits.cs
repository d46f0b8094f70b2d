using System;
using System.Diagnostics;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.Sparse;

/// <summary>
/// Fits on sparse features (<see cref="Dataset.IsSparse"/>): the state a fit or a whole path works in, one fit at a given α
/// (the path's fits share the state: warm starts), and α_max from the null model's gradient — each reading only X's
/// stored entries. Validation (<see cref="RequestChecks"/>) has already refused what sparse features do not take.
/// </summary>
internal static class SparseFits
{
    /// <summary>The state for fits of <typeparamref name="TLoss"/> on <paramref name="coded"/> (its target coded for the loss).</summary>
    public static SparseState CreateState<TLoss>(Dataset coded, FitOptions o) where TLoss : struct, ILoss
    {
        var (seen, foldedWeights) = Estimator.AsTheLossSees<TLoss>(coded, o);
        var weights = TLoss.IsQuadratic ? SparseState.LossWeights<TLoss>(o.SampleWeights.AsSpan(), coded.Rows) : foldedWeights;
        var state = new SparseState(seen.Sparse!, seen.Target.ToArray(), weights, TLoss.IsQuadratic);
        if (!o.WarmStart.IsEmpty) o.WarmStart.CopyTo(state.W);
        return state;
    }

    /// <summary>One fit at α in <paramref name="state"/> (W and B hold the warm start).</summary>
    public static Fit FitWith<TPenalty, TLoss>(SparseState state, Dataset data, double alpha, FitOptions o, int remaining = 0, double finalAlpha = double.NaN)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var settings = Estimator.Settings<TPenalty>(data, alpha, o, remaining, finalAlpha);
        var visitor = new Choice<TLoss>(state, settings);
        var outcome = TPenalty.Accept<Choice<TLoss>, SolverOutcome>(ref visitor);
        return Estimator.Result<TPenalty, TLoss>(data, alpha, o, outcome, SolverKind.CoordinateDescent, state.W, o.FitIntercept ? state.B : 0.0,
            state.Y, state.Eta, state.Weights);
    }

    /// <summary>
    /// c = −∇ of the data term at w = 0 and the null model's intercept b₀ (0 without an intercept): c_j = −Σ x_ij s_i ℓ'(y_i, b₀)/n
    /// over the stored entries (least squares: X̃ᵀỹ/n of the implicitly centred columns, as the dense grid's).
    /// </summary>
    public static double[] NullModelGradient<TLoss>(Dataset coded, FitOptions o) where TLoss : struct, ILoss
    {
        var state = CreateState<TLoss>(coded, o with { WarmStart = System.Collections.Immutable.ImmutableArray<double>.Empty });
        var b0 = o.FitIntercept ? TLoss.NullIntercept(state.Y, state.Weights) : 0.0;
        var d = new double[state.N];
        for (var i = 0; i < d.Length; i++) d[i] = -state.Weight(i) * TLoss.Derivative(state.Y[i], b0);
        var c = new double[state.P];
        SparseBlas.GemvTransposed(state.X, d, c, 1.0 / state.N);
        return c;
    }

    private readonly struct Choice<TLoss>(SparseState state, SolverSettings settings) : IPenaltyVisitor<SolverOutcome> where TLoss : struct, ILoss
    {
        public SolverOutcome ElasticNet<TPenalty>() where TPenalty : struct, IElasticNetPenalty =>
            SparseNewton.Solve<TPenalty, TLoss>(state, settings, TPenalty.Shape(settings.Penalty));

        public SolverOutcome Separable<TPenalty>() where TPenalty : struct, ISeparablePenalty => SparseNewton.Solve<TPenalty, TLoss>(state, settings, null);

        public SolverOutcome Block<TPenalty>() where TPenalty : struct, IBlockPenalty =>
            throw new UnreachableException("validation refuses a group penalty on sparse features");
    }
}

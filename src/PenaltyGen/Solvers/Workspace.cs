using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Solvers.WorkingSets;

namespace PenaltyGen.Solvers;

/// <summary>
/// Everything one fit or one whole path works in, allocated once (solvers allocate nothing per iteration), in three
/// parts with three lifetimes: the prepared data (fixed once made), the state of the fit in progress (the coefficients
/// and the vectors a solver keeps current for them), and what a path carries from one fit to the next (the solvers'
/// caches and scratch, made on first use).
/// </summary>
internal sealed record Workspace(PreparedData Data, FitState Fit, PathState Path)
{
    /// <summary>A workspace for <paramref name="data"/> prepared as a loss needs it (see <see cref="PreparedData"/>).</summary>
    public static Workspace Create(Dataset data, bool centre, System.ReadOnlySpan<double> sampleWeights, bool deferCopy, double[]? lossWeights)
    {
        var prepared = new PreparedData(data, centre, sampleWeights, deferCopy, lossWeights);
        return new Workspace(prepared, new FitState(prepared.N, prepared.P), new PathState(prepared.N, prepared.P));
    }
}

/// <summary>
/// The point a solver is at and the vectors it keeps for it: W (the warm start on entry, the solution on exit) and the
/// intercept B of a jointly fitted loss; r = y − Xw, η = Xw + b, the products Xᵀr or ∇loss (the proximal Newton solver
/// keeps its loss slope d = s∘ℓ'/n in its own state). Which of them are current is each solver's invariant (and <see cref="PathState.ResidualIsCurrent"/> for r).
/// </summary>
internal sealed class FitState(int n, int p)
{
    public double[] W { get; } = new double[p];

    /// <summary>The intercept fitted jointly (non-quadratic losses); 0 in centred coordinates otherwise.</summary>
    public double B { get; set; }

    /// <summary>r = y − Xw (quadratic losses), on a 64-byte boundary: every coordinate step of residual mode reads and writes it.</summary>
    public Span<double> Residual => residual.Span;

    private readonly AlignedBuffer residual = new(n);

    /// <summary>η = Xw + b (other losses).</summary>
    public double[] Eta { get; } = new double[n];

    /// <summary>X_jᵀr (least squares) or ∇_j loss (other losses) at the last certificate.</summary>
    public double[] Gradient { get; } = new double[p];

    /// <summary>∇loss(w) in the 1/n scaling, for the KKT certificate of least squares.</summary>
    public double[] LossGradient { get; } = new double[p];

    /// <summary>∂/∂b of the loss at the last general certificate (with <see cref="Gradient"/>).</summary>
    public double InterceptGradient { get; set; }
}

/// <summary>
/// What a path carries from fit to fit: each solver's cache and scratch, made on its first use in this workspace, and
/// whether r still equals y − Xw for the current W (a solver that leaves it so says so; any other clears it).
/// </summary>
internal sealed class PathState(int n, int p)
{
    /// <summary>Whether FitState.Residual is y − Xw for FitState.W (a path's next fit may reuse it).</summary>
    public bool ResidualIsCurrent { get; set; }

    /// <summary>The residual-mode working-set state.</summary>
    public ResidualState Residual => residual ??= new ResidualState(n, p);

    private ResidualState? residual;

    /// <summary>The covariance-mode working-set state (the Gram cache).</summary>
    public CovarianceState Covariance => covariance ??= new CovarianceState(n, p);

    private CovarianceState? covariance;

    /// <summary>The proximal Newton solver's state (non-quadratic losses).</summary>
    public NewtonState Newton => newton ??= new NewtonState(n, p);

    private NewtonState? newton;

    /// <summary>FISTA's scratch.</summary>
    public FistaBuffers Fista => fista ??= new FistaBuffers(n, p);

    private FistaBuffers? fista;
}

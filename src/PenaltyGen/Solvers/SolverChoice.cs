using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.WorkingSets;

namespace PenaltyGen.Solvers;

/// <summary>What a penalty's type offers, read at run time where an option must be checked against it.</summary>
internal enum PenaltyCapability
{
    ElasticNet,
    Separable,
    Block,
}

/// <summary>A penalty's capability and, when elastic-net-shaped, its closed form for given parameters.</summary>
internal readonly struct CapabilityOf(PenaltyParameters parameters) : IPenaltyVisitor<(PenaltyCapability Kind, ElasticNetShape? Shape)>
{
    public (PenaltyCapability, ElasticNetShape?) ElasticNet<TPenalty>() where TPenalty : struct, IElasticNetPenalty =>
        (PenaltyCapability.ElasticNet, TPenalty.Shape(parameters));

    public (PenaltyCapability, ElasticNetShape?) Separable<TPenalty>() where TPenalty : struct, ISeparablePenalty => (PenaltyCapability.Separable, null);

    public (PenaltyCapability, ElasticNetShape?) Block<TPenalty>() where TPenalty : struct, IBlockPenalty => (PenaltyCapability.Block, null);

    public static (PenaltyCapability Kind, ElasticNetShape? Shape) Query<TPenalty>(in PenaltyParameters p) where TPenalty : struct, IPenalty
    {
        var visitor = new CapabilityOf(p);
        return TPenalty.Accept<CapabilityOf, (PenaltyCapability, ElasticNetShape?)>(ref visitor);
    }
}

/// <summary>
/// Runs the solver a fit resolved to (<see cref="Estimator.Choose{TPenalty}"/>) with the penalty's capability in its type:
/// each solver's constraint names what it needs, so a pairing it cannot take does not compile. Validation has already
/// refused the requests no capability serves (the direct solve of a non-ridge penalty, coordinate descent on groups).
/// </summary>
internal readonly struct SolverChoice<TLoss>(Workspace ws, SolverSettings settings, SolverKind solver) : IPenaltyVisitor<SolverOutcome>
    where TLoss : struct, ILoss
{
    public SolverOutcome ElasticNet<TPenalty>() where TPenalty : struct, IElasticNetPenalty
    {
        if (solver == SolverKind.Direct) return DirectRidge.Solve<TPenalty>(ws, settings);
        if (solver == SolverKind.Fista) return Fista.Solve<TPenalty, TLoss, DualityGap<TPenalty>>(ws, settings);
        var l1 = TPenalty.Shape(settings.Penalty).L1;
        if (!TLoss.IsQuadratic) return ProximalNewton.Solve<TPenalty, TLoss>(ws, settings, TPenalty.Shape(settings.Penalty));
        if (settings.WorkingSets && l1 > 0)
        {
            // One engine, two ways to the inner products: a Gram cache when n ≥ 0.9·p (and it fits), the residual otherwise.
            return CovarianceMode.Applies(ws.Data, settings)
                ? WorkingSetEngine.Solve<TPenalty, CovarianceMode>(new CovarianceMode(ws), ws, settings)
                : WorkingSetEngine.Solve<TPenalty, ResidualMode>(new ResidualMode(ws), ws, settings);
        }
        return CoordinateDescent.ResidualSweeps<TPenalty, DualityGap<TPenalty>>(ws, settings);
    }

    public SolverOutcome Separable<TPenalty>() where TPenalty : struct, ISeparablePenalty =>
        solver == SolverKind.Fista ? Fista.Solve<TPenalty, TLoss, KktOnResidual<TPenalty>>(ws, settings)
        : !TLoss.IsQuadratic ? ProximalNewton.Solve<TPenalty, TLoss>(ws, settings, null)
        : CoordinateDescent.ResidualSweeps<TPenalty, KktOnResidual<TPenalty>>(ws, settings);

    public SolverOutcome Block<TPenalty>() where TPenalty : struct, IBlockPenalty => Fista.Solve<TPenalty, TLoss, KktOnResidual<TPenalty>>(ws, settings);

    public static SolverOutcome Run<TPenalty>(Workspace ws, in SolverSettings settings, SolverKind solver) where TPenalty : struct, IPenalty
    {
        var visitor = new SolverChoice<TLoss>(ws, settings, solver);
        return TPenalty.Accept<SolverChoice<TLoss>, SolverOutcome>(ref visitor);
    }
}

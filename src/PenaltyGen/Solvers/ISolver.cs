using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// The one contract every solver meets: minimize the objective of the settings in place in the
/// workspace (W holds the warm start on entry and the solution on exit) and say how it ended. Static, on
/// structs, so <see cref="Estimator"/> compiles one copy per solver × penalty × loss with no dispatch in loops.
/// </summary>
internal interface ISolver
{
    static abstract SolverOutcome Solve<TPenalty, TLoss>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss;
}

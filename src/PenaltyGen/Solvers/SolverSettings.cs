using System;
using System.Collections.Immutable;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>What one solver run needs besides the workspace: immutable (no array a caller could change), built once per fit.</summary>
internal readonly record struct SolverSettings(
    PenaltyParameters Penalty,
    double Tol,
    int MaxIterations,
    bool FitIntercept,
    CoordinateSelection Selection,
    uint Seed,
    ImmutableArray<double> Factors,
    Screening Screening = Screening.Auto,
    Precompute Precompute = Precompute.Auto,
    int RemainingFits = 0,
    double FinalAlpha = double.NaN)
{
    public double Factor(int j) => Factors.Length == 0 ? 1.0 : Factors[j];

    public ReadOnlySpan<double> FactorSpan => Factors.AsSpan();

    /// <summary>Whether the fit sweeps working sets (a path's default, or <see cref="Screening.WorkingSet"/> asked for).</summary>
    public bool WorkingSets => Screening == Screening.WorkingSet;
}

/// <summary>How a solver run ended.</summary>
internal readonly record struct SolverOutcome(int Iterations, double DualityGap, double KktResidual, bool Converged, double Tolerance)
{
    /// <summary>Coordinate sweeps in all (proximal Newton: over all its models); −1: the same as <see cref="Iterations"/>.</summary>
    public int Sweeps { get; init; } = -1;
}

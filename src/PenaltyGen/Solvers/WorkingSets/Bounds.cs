using System;
using System.Runtime.CompilerServices;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// The bounds every working-set rule reads: a sound upper bound on |X_jᵀr| from a cached product, and the constants
/// those rules share. Both modes of the working-set engine (<see cref="ResidualMode"/>, <see cref="CovarianceMode"/>) and
/// the proximal Newton solver's working sets (<see cref="ProximalNewton"/>) all bound the same way.
/// </summary>
internal static class Bounds
{
    /// <summary>
    /// Relative slack added to a bound (and to a sufficient-decrease test) so that rounding in its terms never makes it
    /// smaller than the exact value: a feature is skipped only when it is provably inactive.
    /// </summary>
    public const double RoundingSlack = 1e-12;

    /// <summary>
    /// A check renews every cached product with one full read of X once more than p / FullPassShare features are
    /// uncertain, rather than reading those columns one by one. Chosen on the benchmark shapes (docs/benchmarks.md).
    /// </summary>
    public const int FullPassShare = 8;

    /// <summary>
    /// A fit's start reads its strong-rule candidates' columns (those whose bound reaches the rule's level) and renews
    /// the cache with a full pass instead only when more than p / StartPassShare are candidates: reading that many
    /// columns costs as much as half a pass. A check's threshold is higher than the rule's level, so a check clears
    /// with bounds what a start could not; starts therefore leave renewing to the checks
    /// (<see cref="FullPassShare"/>). Chosen on the benchmark shapes (docs/benchmarks.md).
    /// </summary>
    public const int StartPassShare = 2;

    /// <summary>
    /// |X_jᵀr| ≤ |c₀_j − e_j| + ‖X_j‖·ρ: the cached product c₀_j, moved by e_j along the kept directions, plus
    /// Cauchy–Schwarz on the part of the move off them (norm ρ); each term widened by <see cref="RoundingSlack"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Product(double cached, double along, double norm, double rho) =>
        Math.Abs(cached - along) + RoundingSlack * (Math.Abs(cached) + Math.Abs(along)) + norm * rho * (1 + RoundingSlack);
}

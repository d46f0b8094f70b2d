using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// A scan of all p features (a check's, a fit start's): bounds[j] = <see cref="Product"/>(cached_j, along_j, norms_j, ρ)
    /// (0 where norms_j = 0), and into <paramref name="over"/>, in ascending order, every feature with a column whose
    /// bound is not ≤ threshold·f_j — with <paramref name="reaching"/>, not &lt; threshold·f_j (f_j = 1 without factors;
    /// a NaN bound is listed). A feature <paramref name="marked"/> is left out, or with <paramref name="listMarked"/>
    /// listed whatever its bound (if it has a column) and not counted. Four features a step, each bound the same
    /// operations in the same order as <see cref="Product"/>, so the bits are the scalar expression's. Returns how many
    /// were listed, or −1 as soon as more than <paramref name="limit"/> unmarked ones would be.
    /// </summary>
    public static int Over(ReadOnlySpan<double> cached, ReadOnlySpan<double> along, ReadOnlySpan<double> norms, ReadOnlySpan<double> factors,
        double rho, double threshold, ReadOnlySpan<bool> marked, Span<double> bounds, Span<int> over, int limit, bool reaching = false, bool listMarked = false)
    {
        int p = cached.Length, count = 0, unmarked = 0, j = 0;
        // The vector loop reads and writes without bounds checks (the scan is one of a check's passes over p): every span
        // must cover the p features.
        if (along.Length < p || norms.Length < p || marked.Length < p || bounds.Length < p || over.Length < p || (!factors.IsEmpty && factors.Length < p))
            throw new ArgumentException("every span of a bound scan must hold the p features");
        if (Vector256.IsHardwareAccelerated)
        {
            var (slack, widen, spread, level) = (Vector256.Create(RoundingSlack), Vector256.Create(1 + RoundingSlack), Vector256.Create(rho), Vector256.Create(threshold));
            ref var marks = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(marked));
            ref var c0 = ref MemoryMarshal.GetReference(cached);
            ref var a0 = ref MemoryMarshal.GetReference(along);
            ref var n0 = ref MemoryMarshal.GetReference(norms);
            ref var b0 = ref MemoryMarshal.GetReference(bounds);
            ref var f0 = ref MemoryMarshal.GetReference(factors);
            for (; j <= p - 4; j += 4)
            {
                var at = (nuint)j;
                var (c, a, norm) = (Vector256.LoadUnsafe(ref c0, at), Vector256.LoadUnsafe(ref a0, at), Vector256.LoadUnsafe(ref n0, at));
                var empty = Vector256.Equals(norm, Vector256<double>.Zero);
                var bound = Vector256.Abs(c - a) + slack * (Vector256.Abs(c) + Vector256.Abs(a)) + norm * spread * widen;
                bound = Vector256.ConditionalSelect(empty, Vector256<double>.Zero, bound);
                bound.StoreUnsafe(ref b0, at);
                var limitOf = factors.IsEmpty ? level : level * Vector256.LoadUnsafe(ref f0, at);
                var below = reaching ? Vector256.LessThan(bound, limitOf) : Vector256.LessThanOrEqual(bound, limitOf);
                var emptyBits = empty.ExtractMostSignificantBits();
                // Four bools (bytes 0 or 1) as four bits: byte k sits at bit 8k, shifted down by 7k to bit k.
                var m = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref marks, j));
                var markedBits = (m | (m >> 7) | (m >> 14) | (m >> 21)) & 0xFu;
                var bits = (~(below.ExtractMostSignificantBits() | emptyBits | markedBits) | (listMarked ? markedBits & ~emptyBits : 0u)) & 0xFu;
                for (; bits != 0; bits &= bits - 1)
                {
                    var k = BitOperations.TrailingZeroCount(bits);
                    if ((markedBits >> k & 1) == 0 && unmarked++ == limit) return -1;
                    over[count++] = j + k;
                }
            }
        }
        for (; j < p; j++)
        {
            if (norms[j] == 0)
            {
                bounds[j] = 0.0;
                continue;
            }
            bounds[j] = Product(cached[j], along[j], norms[j], rho);
            if (marked[j])
            {
                if (listMarked) over[count++] = j;
                continue;
            }
            var limitOf = threshold * (factors.IsEmpty ? 1.0 : factors[j]);
            if (reaching ? bounds[j] < limitOf : bounds[j] <= limitOf) continue;
            if (unmarked++ == limit) return -1;
            over[count++] = j;
        }
        return count;
    }
}

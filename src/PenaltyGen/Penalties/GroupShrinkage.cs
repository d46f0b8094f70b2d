using System;

namespace PenaltyGen.Penalties;

/// <summary>
/// The group part of a <c>[GroupL2]</c> penalty, c·Σ_G √|G|·‖w_G‖₂, over groups that are runs of adjacent
/// features (<see cref="PenaltyParameters.Groups"/>). The generated code calls these with its folded constants.
/// Math (docs/penalties.md): prox = block soft-thresholding u_G·max(0, 1 − τc√|G|/‖u_G‖); with an L1 part the
/// sparse-group-lasso prox soft-thresholds first, then shrinks the block.
/// </summary>
public static class GroupShrinkage
{
    /// <summary>The groups a [GroupL2] penalty reads from its parameters; an empty list is a caller's error.</summary>
    /// <exception cref="ArgumentException"><see cref="PenaltyParameters.Groups"/> is empty.</exception>
    public static ReadOnlySpan<int> GroupsOf(in PenaltyParameters p) =>
        p.Groups.IsDefaultOrEmpty ? throw new ArgumentException("a [GroupL2] penalty needs PenaltyParameters.Groups", nameof(p)) : p.Groups.AsSpan();

    /// <summary>Σ_G √|G|·‖w_G‖₂.</summary>
    public static double WeightedNormSum(ReadOnlySpan<double> w, ReadOnlySpan<int> groups)
    {
        var sum = 0.0;
        for (var start = 0; start < w.Length;)
        {
            var end = RunEnd(groups, start, w.Length);
            sum += Math.Sqrt(end - start) * Norm(w[start..end]);
            start = end;
        }
        return sum;
    }

    /// <summary>In place: w_G ← w_G·max(0, 1 − threshold·√|G|/‖w_G‖) for one group's coefficients.</summary>
    public static void ShrinkBlock(Span<double> block, double threshold)
    {
        var norm = Norm(block);
        var scale = norm > 0 ? 1 - threshold * Math.Sqrt(block.Length) / norm : 0;
        // A block exactly at its threshold (as at α_max) would keep a rounding-level remnant: it is zero.
        if (scale <= 1e-14) scale = 0;
        for (var i = 0; i < block.Length; i++) block[i] *= scale;
    }

    /// <summary>
    /// max over groups of the Euclidean distance from −(∇loss + αa₂·w) to α·(a₁f·∂|w| + c√|G|·∂‖w_G‖)
    /// (penalty factors f scale the |w| part only).
    /// </summary>
    public static double Kkt(ReadOnlySpan<double> w, ReadOnlySpan<double> lossGradient, ReadOnlySpan<int> groups, double alpha,
        double l1, double group, double l2, ReadOnlySpan<double> factors)
    {
        var worst = 0.0;
        for (var start = 0; start < w.Length;)
        {
            var end = RunEnd(groups, start, w.Length);
            var radius = alpha * group * Math.Sqrt(end - start);
            var norm = Norm(w[start..end]);
            var squared = 0.0;
            if (norm == 0)
            {
                for (var i = start; i < end; i++)
                {
                    var shrunk = Proximal.SoftThreshold(lossGradient[i], alpha * l1 * Factor(factors, i));
                    squared += shrunk * shrunk;
                }
                worst = Math.Max(worst, Math.Max(Math.Sqrt(squared) - radius, 0));
            }
            else
            {
                for (var i = start; i < end; i++)
                {
                    var f = Factor(factors, i);
                    var target = -(lossGradient[i] + alpha * l2 * w[i]) - radius * w[i] / norm;
                    var l = alpha * l1 * f;
                    var d = Proximal.DistanceToInterval(target, w[i] > 0 ? l : -l, w[i] < 0 ? -l : l);
                    squared += d * d;
                }
                worst = Math.Max(worst, Math.Sqrt(squared));
            }
            start = end;
        }
        return worst;
    }

    /// <summary>
    /// The smallest α with w = 0 optimal: for every group ‖S(c_G, αa₁f)‖ ≤ αc√|G|. Closed form without an L1
    /// part (‖c_G‖/(c√|G|)); with one, the left side decreases in α and the root is found by bisection.
    /// </summary>
    public static double AlphaMax(ReadOnlySpan<double> correlation, ReadOnlySpan<int> groups, double l1, double group, ReadOnlySpan<double> factors)
    {
        var best = 0.0;
        for (var start = 0; start < correlation.Length;)
        {
            var end = RunEnd(groups, start, correlation.Length);
            var block = correlation[start..end];
            var radius = group * Math.Sqrt(end - start);
            if (l1 == 0)
            {
                best = Math.Max(best, Norm(block) / radius);
            }
            else
            {
                double lo = 0, hi = 0;
                for (var i = start; i < end; i++)
                {
                    var f = Factor(factors, i);
                    hi = Math.Max(hi, f > 0 ? Math.Abs(correlation[i]) / (l1 * f) : Norm(block) / radius);
                }
                for (var k = 0; k < 200 && hi - lo > 1e-15 * hi; k++)
                {
                    var mid = 0.5 * (lo + hi);
                    var squared = 0.0;
                    for (var i = start; i < end; i++)
                    {
                        var shrunk = Proximal.SoftThreshold(correlation[i], mid * l1 * Factor(factors, i));
                        squared += shrunk * shrunk;
                    }
                    if (Math.Sqrt(squared) <= mid * radius) hi = mid;
                    else lo = mid;
                }
                best = Math.Max(best, hi);
            }
            start = end;
        }
        return best;
    }

    internal static int RunEnd(ReadOnlySpan<int> groups, int start, int length)
    {
        var end = start + 1;
        while (end < length && groups[end] == groups[start]) end++;
        return end;
    }

    private static double Norm(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        foreach (var v in x) s += v * v;
        return Math.Sqrt(s);
    }

    private static double Factor(ReadOnlySpan<double> factors, int j) => factors.IsEmpty ? 1.0 : factors[j];
}

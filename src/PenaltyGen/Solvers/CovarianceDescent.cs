using System;
using PenaltyGen.Kernels;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// Working-set coordinate descent in covariance mode (least squares, elastic-net-shaped penalty, a₁ &gt; 0).
/// The same objective, steps and stop as <see cref="WorkingSetDescent"/>, but the sweeps never touch X:
/// for a cache C of features it keeps G = X_CᵀX_C, q = X_Cᵀy and h = X_Cᵀr with r = y − Xw. A step on
/// j ∈ C is w_j ← argmin ½G_jj x² − (h_j + G_jj w_j)x + nα·f_j·g(x), then h −= Δw_j·G[:, j] — |C| flops
/// instead of 2n. C holds every non-zero coefficient, so everything about r follows in p-space:
/// rᵀy = ‖y‖² − wᵀq, ‖r‖² = rᵀy − wᵀh, and for a feature outside C, from c₀ = Xᵀr₀ of the last full pass
/// (taken at w₀): |X_jᵀr| ≤ |c₀_j| + ‖X_j‖·‖X(w − w₀)‖ with ‖X(w − w₀)‖² = (w − w₀)ᵀG(w − w₀).
/// Features whose bound does not clear their threshold either join C (a block of the Gram matrix, from the
/// register-blocked <see cref="Gram"/> kernel) or, when so many are uncertain that reading X once is cheaper,
/// a full pass renews c₀. The Gram matrix is built only for features the path actually needs, in batches
/// of at least <see cref="MinimumBatch"/> (a batch costs about the same while it is memory-bound).
/// </summary>
internal static class CovarianceDescent
{
    /// <summary>The most features the cache may hold (a G of 128 MB); larger problems use <see cref="WorkingSetDescent"/>.</summary>
    public const int MaximumCache = 4096;

    /// <summary>Below this many new columns a Gram batch is memory-bound: fill it with the likeliest next entrants.</summary>
    private const int MinimumBatch = 16;

    /// <summary>Whether a working-set fit runs in covariance mode: the cache fits, and n &gt; p unless the options say otherwise.</summary>
    public static bool Applies(Workspace ws, in SolverSettings s) =>
        ws.P <= MaximumCache && s.Precompute switch
        {
            Precompute.Always => true,
            Precompute.Never => false,
            _ => ws.N > ws.P,
        };

    public static SolverOutcome Solve<TPenalty>(Workspace ws, in SolverSettings s) where TPenalty : struct, IElasticNetPenalty
    {
        int n = ws.N, p = ws.P;
        var w = ws.W;
        var g = ws.Gram;
        var l1 = TPenalty.Shape(s.Penalty).L1;
        var unscaled = s.Penalty with { Alpha = s.Penalty.Alpha * n };
        var alpha = s.Penalty.Alpha;
        var threshold = n * alpha * l1;
        g.FinalThreshold = n * s.FinalAlpha * l1;

        g.StartFit(g.NonZeroCount(w));
        // Every non-zero coefficient (a warm start included) lives in the cache.
        g.Pending.Clear();
        for (var j = 0; j < p; j++)
        {
            if (w[j] != 0 && g.Slot[j] < 0) g.Pending.Add(j);
        }
        Extend(ws, g, s, 0.0);
        if (!g.CacheValid) FullPass(ws, g, s);
        g.RefreshH(w);

        // The working set: active features, unpenalized ones and the strong rule's candidates.
        g.ClearSet();
        var previous = double.IsNaN(g.PreviousAlpha) ? alpha : g.PreviousAlpha;
        var strong = n * l1 * Math.Max(2 * alpha - previous, 0);
        var outside = g.Outside(ws.Norms);
        var moved = outside ? g.Deviation(w) : 0.0;
        g.Pending.Clear();
        for (var j = 0; outside && j < p; j++)
        {
            if (g.Slot[j] < 0 && ws.Norms[j] > 0 && Bound(ws, g, j, moved) >= strong * s.Factor(j)) g.Pending.Add(j);
        }
        if (g.Pending.Count > AddLimit(ws, g) && moved > 0)
        {
            FullPass(ws, g, s);
            g.Pending.Clear();
            for (var j = 0; j < p; j++)
            {
                if (g.Slot[j] < 0 && ws.Norms[j] > 0 && Math.Abs(g.Cached[j]) >= strong * s.Factor(j)) g.Pending.Add(j);
            }
        }
        Extend(ws, g, s, strong);
        for (var j = 0; j < p; j++)
        {
            var k = g.Slot[j];
            if (k < 0) continue;
            var f = s.Factor(j);
            if (w[j] != 0 || f == 0 || Math.Abs(g.H[k]) >= strong * f) g.AddToSet(j);
        }

        var last = Certificate.None;
        var iterations = 0;
        var lastLoss = double.NaN;
        while (iterations < s.MaxIterations)
        {
            double wMax = 0, dwMax = 0;
            for (var m = 0; m < g.SetCount; m++)
            {
                var j = g.Set[m];
                var k = g.Slot[j];
                var old = w[j];
                var norm = ws.Norms[j];
                var updated = TPenalty.CoordinateMinimizer(g.H[k] + norm * old, norm, old, unscaled, s.Factor(j));
                if (updated != old)
                {
                    w[j] = updated;
                    Blas.Axpy(old - updated, g.Row(k), g.HSpan);
                }
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            iterations++;
            if (!(wMax == 0 || dwMax / wMax < s.Tol || iterations == s.MaxIterations)) continue;
            if (CheckOutside(ws, g, s, threshold)) continue;
            var wq = g.Dot(w, g.Q);
            var ry = ws.YNorm2 - wq;
            var rNorm2 = Math.Max(ry - g.Dot(w, g.H), 0.0);
            lastLoss = rNorm2;
            last = DualityGap<TPenalty>.FromNorms(ws, s, 1.0, rNorm2, ry);
            if (last.Done) break;
        }
        g.PreviousAlpha = alpha;
        g.LastLoss = lastLoss;
        g.Tangent.Record(w);
        ws.ResidualIsCurrent = false;
        return new SolverOutcome(iterations, last.Gap, last.Kkt, last.Done, last.Tolerance);
    }

    /// <summary>
    /// Makes h exact, fills ws.Gradient with X_jᵀr for C and bounds outside it, resolves uncertain features
    /// (into C, or by a full pass) and adds violators to the set. Returns whether any joined.
    /// </summary>
    private static bool CheckOutside(Workspace ws, GramState g, in SolverSettings s, double threshold)
    {
        int p = ws.P;
        var w = ws.W;
        // With every feature cached (the usual end of a dense path) there is nothing outside to bound.
        var outside = g.Outside(ws.Norms);
        var moved = outside ? g.Deviation(w) : 0.0;
        g.Pending.Clear();
        for (var j = 0; outside && j < p; j++)
        {
            if (g.Slot[j] < 0 && ws.Norms[j] > 0 && Bound(ws, g, j, moved) > threshold * s.Factor(j)) g.Pending.Add(j);
        }
        if (g.Pending.Count > AddLimit(ws, g))
        {
            // Too many uncertain to add to the cache: read X once and keep only the true violators.
            FullPass(ws, g, s);
            moved = 0.0;
            g.Pending.Clear();
            for (var j = 0; j < p; j++)
            {
                if (g.Slot[j] < 0 && ws.Norms[j] > 0 && Math.Abs(g.Cached[j]) > threshold * s.Factor(j)) g.Pending.Add(j);
            }
        }
        if (g.Pending.Count > 0) Extend(ws, g, s, threshold);
        var xtr = ws.Gradient;
        var joined = false;
        for (var j = 0; j < p; j++)
        {
            var k = g.Slot[j];
            if (k < 0)
            {
                xtr[j] = ws.Norms[j] > 0 ? Bound(ws, g, j, moved) : 0.0;
                continue;
            }
            xtr[j] = g.H[k];
            if (!g.InSet[j] && Math.Abs(g.H[k]) > threshold * s.Factor(j))
            {
                g.AddToSet(j);
                joined = true;
            }
        }
        return joined;
    }

    /// <summary>
    /// Adds the pending features to the cache in one Gram batch, topped up to <see cref="MinimumBatch"/> with the
    /// features outside whose bound comes closest to <paramref name="level"/> (the likeliest next entrants).
    /// </summary>
    private static void Extend(Workspace ws, GramState g, in SolverSettings s, double level)
    {
        if (g.Pending.Count == 0) return;
        if (g.Pending.Count < MinimumBatch && level > 0) TopUp(ws, g, s, level);
        var first = g.Count;
        g.Add(ws, g.Pending.Span);
        g.RefreshH(ws.W, first);
    }

    /// <summary>Appends the features outside the cache (not yet pending) with the largest bound/(level·f_j), up to a full batch.</summary>
    private static void TopUp(Workspace ws, GramState g, in SolverSettings s, double level)
    {
        var moved = g.Deviation(ws.W);
        var wanted = Math.Min(MinimumBatch, ws.P - g.Count);
        while (g.Pending.Count < wanted)
        {
            int best = -1;
            var bestScore = -1.0;
            for (var j = 0; j < ws.P; j++)
            {
                if (g.Slot[j] >= 0 || ws.Norms[j] == 0 || g.Pending.Contains(j)) continue;
                var score = Bound(ws, g, j, moved) / (level * s.Factor(j));
                if (score > bestScore)
                {
                    bestScore = score;
                    best = j;
                }
            }
            if (best < 0) return;
            g.Pending.Add(best);
        }
    }

    /// <summary>
    /// How many uncertain features are worth adding to the cache rather than reading X: adding u costs ≈ 2nu|C|
    /// flops at the Gram kernel's rate on small batches, a pass reads (non-zeros + features outside) columns at memory
    /// bandwidth; at the rates the `kernels` command measures (docs/benchmarks.md) they cost the same at
    /// u ≈ 8·(non-zeros + outside)/|C|.
    /// </summary>
    private static int AddLimit(Workspace ws, GramState g)
    {
        var outside = ws.P - g.Count;
        return Math.Max(MinimumBatch, 8 * (g.NonZeroCount(ws.W) + outside) / Math.Max(g.Count, 1));
    }

    /// <summary>
    /// |X_jᵀr| ≤ |c₀_j − Σ z_a e_a,j| + ‖X_j‖·ρ (see <see cref="GramState.Deviation"/>; Cauchy–Schwarz on the part
    /// of the move off the kept directions; <see cref="Bounds.Product"/>).
    /// </summary>
    private static double Bound(Workspace ws, GramState g, int j, double rho) => Bounds.Product(g.Cached[j], g.Along[j], ws.Norms[j], rho);

    /// <summary>r = y − Xw from the non-zero columns, then c₀_j = X_jᵀr for every feature outside the cache.</summary>
    private static void FullPass(Workspace ws, GramState g, in SolverSettings s)
    {
        if (!FullPassInner(ws, g)) return;
        var cost = PassFlops * ws.N * (double)(g.NonZeroCount(ws.W) + ws.P - g.Count);
        g.PassCost += cost;
        g.Passes++;
        if (g.Count == ws.P) return;
        var buy = CompletionCost(ws, g);
        if (g.PassCost >= buy || LazyCost(ws, g, s, cost) >= buy) Complete(ws, g);
    }

    /// <summary>
    /// What staying lazy is expected to cost over the rest of the path: the passes still to come plus the Gram rows
    /// of the features still to join the cache, grown in batches (2n·m·(|C| + m/2) for m more, times
    /// <see cref="LazyOverhead"/>). Who joins is predicted two ways, and the larger count is taken: the active set's
    /// recent growth per fit, extrapolated linearly; and, along a path with a known last α, the features outside
    /// whose product with the residual of this pass, shrunk as the residual has shrunk over the recent fits
    /// (‖r‖ per fit, over the fits to come), still reaches the last fit's threshold n·α_last·a₁·f_j. While the path
    /// is still fitting the signal the residual shrinks fast and few are predicted; once it only absorbs noise it
    /// hardly shrinks, and every feature whose product is already above the last threshold counts. Passes come at
    /// the recent rate, or one per <see cref="AddLimit"/> predicted entrants if that is more (more uncertain
    /// features than that at a check make a pass).
    /// </summary>
    private static double LazyCost(Workspace ws, GramState g, in SolverSettings s, double passCost)
    {
        var remaining = s.RemainingFits;
        var active = g.NonZeroCount(ws.W);
        var more = Math.Clamp(active + g.RecentGrowth(active) * remaining - g.Count, 0, ws.P - g.Count);
        var passes = g.RecentPassRate * remaining;
        var decay = double.IsNaN(g.FinalThreshold) ? double.NaN : g.RecentLossDecay(Blas.Dot(ws.Residual, ws.Residual));
        if (decay >= 0)
        {
            var shrink = Math.Sqrt(Math.Pow(Math.Min(decay, 1.0), remaining));
            var likely = 0;
            for (var j = 0; j < ws.P; j++)
            {
                if (g.Slot[j] < 0 && ws.Norms[j] > 0 && Math.Abs(g.Cached[j]) * shrink >= g.FinalThreshold * s.Factor(j)) likely++;
            }
            more = Math.Max(more, likely);
            passes = Math.Min(remaining, Math.Max(passes, likely / (double)AddLimit(ws, g)));
        }
        return passes * passCost + LazyOverhead * 2.0 * ws.N * more * (g.Count + more / 2);
    }

    /// <summary>
    /// Gram rows bought a batch at a time cost about twice their flops: batches of tens of columns run the kernel well
    /// below its rate on a whole completion (the `kernels` command's figures, docs/benchmarks.md), every batch renews h
    /// and the bounds, and the passes that find the entrants come with them. Chosen on benchmarks/matrix.sh among 1, 1.5
    /// and 2 (docs/benchmarks.md).
    /// </summary>
    private const double LazyOverhead = 2.0;

    /// <summary>
    /// A full pass reads a column per non-zero and per feature outside the cache. A model constant, not tuned: the time
    /// to stream an n-column (8 bytes an entry at memory bandwidth) in units of the Gram kernel's flops, i.e. bandwidth
    /// against flop rate; the `kernels` command measures that ratio on the machine at hand (docs/benchmarks.md).
    /// </summary>
    private const double PassFlops = 32;

    /// <summary>Flops to bring every remaining feature into the cache: 2n·m·(|C| + m/2) for m outside.</summary>
    private static double CompletionCost(Workspace ws, GramState g)
    {
        double outside = ws.P - g.Count;
        return 2.0 * ws.N * outside * (g.Count + outside / 2);
    }

    /// <summary>
    /// The rent-or-buy rule: full passes are rent paid for the features outside the cache, their Gram rows the
    /// price of buying (then every feature is in the cache and no pass is needed again). Buy once the rent paid
    /// reaches the price (never worse than twice the better choice), or earlier when the recent rates of passes
    /// and of cache growth, over the fits still to come of the path, predict as much. Paths whose solutions stay
    /// sparse rarely pass and keep a small cache; dense ones buy early.
    /// </summary>
    private static void Complete(Workspace ws, GramState g)
    {
        g.Pending.Clear();
        for (var j = 0; j < ws.P; j++)
        {
            if (g.Slot[j] < 0 && ws.Norms[j] > 0) g.Pending.Add(j);
        }
        var first = g.Count;
        g.Add(ws, g.Pending.Span);
        g.RefreshH(ws.W, first);
        g.Pending.Clear();
    }
    /// <summary>The pass itself; returns whether it read X (not at w = 0 without a tangent to install).</summary>
    private static bool FullPassInner(Workspace ws, GramState g)
    {
        var r = ws.Residual;
        var w = ws.W;
        // A pending tangent u is installed now: d = Xu from the same read of X as r, e = X_outsideᵀd below.
        var install = g.Tangent.Pending;
        ws.ResidualOf(w, r, install ? g.Tangent.Vector : default, install ? g.TangentImage : default);
        var d = install ? g.TangentImage : null;
        g.Pending.Clear();
        for (var j = 0; j < ws.P; j++)
        {
            if (g.Slot[j] < 0) g.Pending.Add(j);
        }
        if (install) Array.Clear(g.TangentProducts);
        // At w = 0 (a path's first fit) r is the prepared target and X_jᵀr the workspace's X_jᵀỹ, computed while it
        // prepared the columns: nothing to read.
        var read = install || w.AsSpan().ContainsAnyExcept(0.0);
        if (!read) foreach (var j in g.Pending.Span) g.Cached[j] = ws.TargetProducts[j];
        else if (g.Pending.Count > 0) ws.ProductsWith(r, g.Cached, g.Pending.Span, d, install ? g.TangentProducts : default);
        if (install)
        {
            g.Motion.Add(g.TangentImage, g.Tangent.Vector, g.TangentProducts);
            g.Tangent.Pending = false;
        }
        w.CopyTo(g.CachedW, 0);
        // Right after the pass the move is zero: no part of it lies along the kept directions.
        Array.Clear(g.Coordinates);
        Array.Clear(g.Along);
        g.CacheValid = true;
        g.Pending.Clear();
        ws.ResidualIsCurrent = true;
        return read;
    }
}

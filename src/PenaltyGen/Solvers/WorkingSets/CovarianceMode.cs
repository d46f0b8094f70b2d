using System;
using PenaltyGen.Kernels;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// Inner products from a Gram cache (least squares, elastic-net-shaped penalty, a₁ &gt; 0): the same objective, steps and
/// stop as <see cref="ResidualMode"/>, but the sweeps never touch X:
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
internal readonly struct CovarianceMode(Workspace ws) : IProductMode
{
    /// <summary>The most features the cache may hold (a G of 128 MB); larger problems use <see cref="ResidualMode"/>.</summary>
    public const int MaximumCache = 4096;

    /// <summary>Below this many new columns a Gram batch is memory-bound: fill it with the likeliest next entrants.</summary>
    private const int MinimumBatch = 16;

    /// <summary>Whether a working-set fit runs in covariance mode (<see cref="Chosen"/>).</summary>
    public static bool Applies(PreparedData data, in SolverSettings s) => Chosen(data.N, data.P, s.Precompute);

    /// <summary>
    /// The mode rule: covariance mode when the cache fits and, under <see cref="Precompute.Auto"/>, n ≥ 0.9·p. A step
    /// costs |C| flops here against 2n in residual mode, and the cache grows towards the features the path visits, so the
    /// break-even lies below n = p; the factor was chosen on the tuning rows and probes of docs/benchmarks.md
    /// ("The mode rule near n = p"): from n/p = 0.9 covariance mode was never slower, up to 0.7 residual mode was faster.
    /// </summary>
    public static bool Chosen(int n, int p, Precompute precompute) =>
        p <= MaximumCache && precompute switch
        {
            Precompute.Always => true,
            Precompute.Never => false,
            _ => 10L * n >= 9L * p,
        };

    private readonly CovarianceState g = ws.Path.Covariance;

    public BoundedState State => g;

    public bool CyclesActive => false;

    public bool ChecksReadColumns => false;

    public FaceNewton Face => g.Face;

    public bool SolveFace(in SolverSettings s, ElasticNetShape shape, double alphaN) =>
        g.Face.Solve(new GramHessian(g), ws.Data, g.Set.Span, ws.Fit.W, ws.Fit.Gradient, s, shape, alphaN);

    public void Begin(in SolverSettings s, double l1, double strong)
    {
        var data = ws.Data;
        int n = data.N, p = data.P;
        var w = ws.Fit.W;
        g.FinalThreshold = n * s.FinalAlpha * l1;
        g.FitLoss = double.NaN;
        g.StartFit(g.NonZeroCount(w));
        // Every non-zero coefficient (a warm start included) lives in the cache.
        var pending = g.Scratch;
        pending.Clear();
        for (var j = 0; j < p; j++)
        {
            if (w[j] != 0 && g.Slot[j] < 0) pending.Add(j);
        }
        Extend(s, 0.0);
        if (!g.CacheValid) FullPass(s);
        g.RefreshH(w);

        // The working set: active features, unpenalized ones and the strong rule's candidates.
        g.Set.Clear();
        var outside = g.Outside(data.Norms);
        var moved = outside ? g.Deviation(w) : 0.0;
        pending.Clear();
        for (var j = 0; outside && j < p; j++)
        {
            if (g.Slot[j] < 0 && data.Norms[j] > 0 && g.Bound(j, data.ColumnNorms[j], moved) >= strong * s.Factor(j)) pending.Add(j);
        }
        if (pending.Count > AddLimit() && moved > 0)
        {
            FullPass(s);
            pending.Clear();
            for (var j = 0; j < p; j++)
            {
                if (g.Slot[j] < 0 && data.Norms[j] > 0 && Math.Abs(g.Cached[j]) >= strong * s.Factor(j)) pending.Add(j);
            }
        }
        Extend(s, strong);
        for (var j = 0; j < p; j++)
        {
            var k = g.Slot[j];
            if (k < 0) continue;
            var f = s.Factor(j);
            if (w[j] != 0 || f == 0 || Math.Abs(g.H[k]) >= strong * f) g.Set.Add(j);
        }
    }

    /// <summary>w_j ← argmin ½G_jj x² − (h_j + G_jj w_j)x + nα·f_j·g(x), then h −= Δw_j·G[:, j]: |C| flops a step.</summary>
    public (double WMax, double DwMax) Sweep<TPenalty>(in SolverSettings s, in PenaltyParameters unscaled, bool activeOnly)
        where TPenalty : struct, IElasticNetPenalty
    {
        // Locals, not the struct's fields: the loop's loads then stay in registers.
        var (w, norms, cache) = (ws.Fit.W, ws.Data.Norms, g);
        var (slot, h) = (cache.Slot, cache.H);
        double wMax = 0, dwMax = 0;
        foreach (var j in cache.Set.Span)
        {
            var k = slot[j];
            var old = w[j];
            var norm = norms[j];
            var updated = TPenalty.CoordinateMinimizer(h[k] + norm * old, norm, old, unscaled, s.Factor(j));
            if (updated != old)
            {
                w[j] = updated;
                Blas.Axpy(old - updated, cache.Row(k), cache.HSpan);
            }
            dwMax = Math.Max(dwMax, Math.Abs(updated - old));
            wMax = Math.Max(wMax, Math.Abs(updated));
        }
        return (wMax, dwMax);
    }

    /// <summary>The gap with ‖r‖² and rᵀy in p-space: rᵀy = ‖y‖² − wᵀq, ‖r‖² = rᵀy − wᵀh.</summary>
    public Certificate Certify<TPenalty>(in SolverSettings s) where TPenalty : struct, IElasticNetPenalty
    {
        var w = ws.Fit.W;
        var wq = g.Dot(w, g.Q);
        var ry = ws.Data.YNorm2 - wq;
        var rNorm2 = Math.Max(ry - g.Dot(w, g.H), 0.0);
        g.FitLoss = rNorm2;
        return DualityGap<TPenalty>.GapOnly(ws, s, rNorm2, ry);
    }

    public Span<double> Image() => g.HSpan;

    /// <summary>h = q − Gw over the cache (w is zero outside it).</summary>
    public void ImageAt(Span<double> destination)
    {
        var w = ws.Fit.W;
        g.Q.AsSpan(0, g.Count).CopyTo(destination);
        for (var l = 0; l < g.Count; l++)
        {
            var wl = w[g.Members[l]];
            if (wl != 0) Blas.Axpy(-wl, g.Row(l), destination);
        }
    }

    /// <summary>With Δ = w_new − w_old and h_new = h − GΔ: ½‖r_new‖² − ½‖r_old‖² = −Δᵀh + ½ΔᵀGΔ = −½Δᵀ(h + h_new).</summary>
    public double LossChange(ReadOnlySpan<double> old, ReadOnlySpan<double> image, ReadOnlySpan<double> imageAtNew)
    {
        var set = g.Set.Span;
        var (w, slot) = (ws.Fit.W, g.Slot);
        var change = 0.0;
        for (var i = 0; i < set.Length; i++)
        {
            var k = slot[set[i]];
            change += (w[set[i]] - old[i]) * (image[k] + imageAtNew[k]);
        }
        return -0.5 * change;
    }

    public void Replaced()
    {
    }

    public void End()
    {
        g.LastLoss = g.FitLoss;
        g.Tangent.Record(ws.Fit.W);
        ws.Path.ResidualIsCurrent = false;
    }


    /// <summary>
    /// Makes h exact, fills ws.Fit.Gradient with X_jᵀr for C and bounds outside it, resolves uncertain features
    /// (into C, or by a full pass) and adds violators to the set. Returns whether any joined.
    /// </summary>
    public bool CheckOutside(in SolverSettings s, double threshold)
    {
        var data = ws.Data;
        int p = data.P;
        var w = ws.Fit.W;
        // With every feature cached (the usual end of a dense path) there is nothing outside to bound.
        var outside = g.Outside(data.Norms);
        var moved = outside ? g.Deviation(w) : 0.0;
        g.Scratch.Clear();
        for (var j = 0; outside && j < p; j++)
        {
            if (g.Slot[j] < 0 && data.Norms[j] > 0 && g.Bound(j, data.ColumnNorms[j], moved) > threshold * s.Factor(j)) g.Scratch.Add(j);
        }
        if (g.Scratch.Count > AddLimit())
        {
            // Too many uncertain to add to the cache: read X once and keep only the true violators.
            FullPass(s);
            moved = 0.0;
            g.Scratch.Clear();
            for (var j = 0; j < p; j++)
            {
                if (g.Slot[j] < 0 && data.Norms[j] > 0 && Math.Abs(g.Cached[j]) > threshold * s.Factor(j)) g.Scratch.Add(j);
            }
        }
        if (g.Scratch.Count > 0) Extend(s, threshold);
        var xtr = ws.Fit.Gradient;
        var joined = false;
        for (var j = 0; j < p; j++)
        {
            var k = g.Slot[j];
            if (k < 0)
            {
                xtr[j] = data.Norms[j] > 0 ? g.Bound(j, data.ColumnNorms[j], moved) : 0.0;
                continue;
            }
            xtr[j] = g.H[k];
            if (!g.Set.Contains(j) && Math.Abs(g.H[k]) > threshold * s.Factor(j))
            {
                g.Set.Add(j);
                joined = true;
            }
        }
        return joined;
    }

    /// <summary>
    /// Adds the pending features to the cache in one Gram batch, topped up to <see cref="MinimumBatch"/> with the
    /// features outside whose bound comes closest to <paramref name="level"/> (the likeliest next entrants).
    /// </summary>
    private void Extend(in SolverSettings s, double level)
    {
        if (g.Scratch.Count == 0) return;
        if (g.Scratch.Count < MinimumBatch && level > 0) TopUp(s, level);
        var first = g.Count;
        g.Add(ws.Data, g.Scratch.Span);
        g.RefreshH(ws.Fit.W, first);
    }

    /// <summary>Appends the features outside the cache (not yet pending) with the largest bound/(level·f_j), up to a full batch.</summary>
    private void TopUp(in SolverSettings s, double level)
    {
        var data = ws.Data;
        var moved = g.Deviation(ws.Fit.W);
        var wanted = Math.Min(MinimumBatch, data.P - g.Count);
        while (g.Scratch.Count < wanted)
        {
            int best = -1;
            var bestScore = -1.0;
            for (var j = 0; j < data.P; j++)
            {
                if (g.Slot[j] >= 0 || data.Norms[j] == 0 || g.Scratch.Contains(j)) continue;
                var score = g.Bound(j, data.ColumnNorms[j], moved) / (level * s.Factor(j));
                if (score > bestScore)
                {
                    bestScore = score;
                    best = j;
                }
            }
            if (best < 0) return;
            g.Scratch.Add(best);
        }
    }

    /// <summary>
    /// How many uncertain features are worth adding to the cache rather than reading X: adding u costs ≈ 2nu|C|
    /// flops at the Gram kernel's rate on small batches, a pass reads (non-zeros + features outside) columns at memory
    /// bandwidth; at the rates the `kernels` command measures (docs/benchmarks.md) they cost the same at
    /// u ≈ 8·(non-zeros + outside)/|C|.
    /// </summary>
    private int AddLimit()
    {
        var outside = ws.Data.P - g.Count;
        return Math.Max(MinimumBatch, 8 * (g.NonZeroCount(ws.Fit.W) + outside) / Math.Max(g.Count, 1));
    }

    /// <summary>r = y − Xw from the non-zero columns, then c₀_j = X_jᵀr for every feature outside the cache.</summary>
    private void FullPass(in SolverSettings s)
    {
        if (!FullPassInner()) return;
        var data = ws.Data;
        var cost = PassFlops * data.N * (double)(g.NonZeroCount(ws.Fit.W) + data.P - g.Count);
        g.PassCost += cost;
        g.Passes++;
        if (g.Count == data.P) return;
        var buy = CompletionCost();
        if (g.PassCost >= buy || LazyCost(s, cost) >= buy) Complete();
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
    private double LazyCost(in SolverSettings s, double passCost)
    {
        var data = ws.Data;
        var remaining = s.RemainingFits;
        var active = g.NonZeroCount(ws.Fit.W);
        var more = Math.Clamp(active + g.RecentGrowth(active) * remaining - g.Count, 0, data.P - g.Count);
        var passes = g.RecentPassRate * remaining;
        var decay = double.IsNaN(g.FinalThreshold) ? double.NaN : g.RecentLossDecay(Blas.Dot(ws.Fit.Residual, ws.Fit.Residual));
        if (decay >= 0)
        {
            var shrink = Math.Sqrt(Math.Pow(Math.Min(decay, 1.0), remaining));
            var likely = 0;
            for (var j = 0; j < data.P; j++)
            {
                if (g.Slot[j] < 0 && data.Norms[j] > 0 && Math.Abs(g.Cached[j]) * shrink >= g.FinalThreshold * s.Factor(j)) likely++;
            }
            more = Math.Max(more, likely);
            passes = Math.Min(remaining, Math.Max(passes, likely / (double)AddLimit()));
        }
        return passes * passCost + LazyOverhead * 2.0 * data.N * more * (g.Count + more / 2);
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
    private double CompletionCost()
    {
        double outside = ws.Data.P - g.Count;
        return 2.0 * ws.Data.N * outside * (g.Count + outside / 2);
    }

    /// <summary>
    /// The rent-or-buy rule: full passes are rent paid for the features outside the cache, their Gram rows the
    /// price of buying (then every feature is in the cache and no pass is needed again). Buy once the rent paid
    /// reaches the price (never worse than twice the better choice), or earlier when the recent rates of passes
    /// and of cache growth, over the fits still to come of the path, predict as much. Paths whose solutions stay
    /// sparse rarely pass and keep a small cache; dense ones buy early.
    /// </summary>
    private void Complete()
    {
        var data = ws.Data;
        g.Scratch.Clear();
        for (var j = 0; j < data.P; j++)
        {
            if (g.Slot[j] < 0 && data.Norms[j] > 0) g.Scratch.Add(j);
        }
        var first = g.Count;
        g.Add(data, g.Scratch.Span);
        g.RefreshH(ws.Fit.W, first);
        g.Scratch.Clear();
    }

    /// <summary>The pass itself; returns whether it read X (not at w = 0 without a tangent to install).</summary>
    private bool FullPassInner()
    {
        var data = ws.Data;
        var r = ws.Fit.Residual;
        var w = ws.Fit.W;
        // A pending tangent u is installed now: d = Xu from the same read of X as r, e = X_outsideᵀd below.
        var install = g.Tangent.Pending;
        data.ResidualOf(w, r, install ? g.Tangent.Vector : default, install ? g.TangentImage : default);
        var d = install ? g.TangentImage : null;
        g.Scratch.Clear();
        for (var j = 0; j < data.P; j++)
        {
            if (g.Slot[j] < 0) g.Scratch.Add(j);
        }
        if (install) Array.Clear(g.TangentProducts);
        // At w = 0 (a path's first fit) r is the prepared target and X_jᵀr the workspace's X_jᵀỹ, computed while it
        // prepared the columns: nothing to read.
        var read = install || w.AsSpan().ContainsAnyExcept(0.0);
        if (!read) g.SeedAtZero(data, g.Scratch.Span);
        else if (g.Scratch.Count > 0) data.ProductsWith(r, g.Cached, g.Scratch.Span, d, install ? g.TangentProducts : default);
        if (install)
        {
            g.Motion.Add(g.TangentImage, g.Tangent.Vector, g.TangentProducts);
            g.Tangent.Pending = false;
        }
        w.CopyTo(g.CachedW, 0);
        // Right after the pass the move is zero: no part of it lies along the kept directions.
        g.Renewed();
        g.Scratch.Clear();
        ws.Path.ResidualIsCurrent = true;
        return read;
    }
}

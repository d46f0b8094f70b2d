using System;
using System.Runtime.InteropServices;
using PenaltyGen.Kernels;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// Residual mode's path state: besides the set and c₀ = Xᵀr₀, the residual r₀ of the last full pass (the move r₀ − r
/// is what the bounds measure), a column's worth of scratch, and under implicit centring the offset and sum that let
/// sweeps update r̃ with raw columns (r = r̃ + offset·1, sum = Σr̃).
/// </summary>
internal sealed class ResidualState(int n, int p) : BoundedState(n, p, n)
{
    public double[] CachedResidual { get; } = new double[n];

    /// <summary>A column's worth of scratch (a column centred in a buffer).</summary>
    public double[] Column { get; } = new double[n];

    private readonly double[] move = new double[n];

    /// <summary>The Newton steps on the face (<see cref="FaceNewton"/>).</summary>
    public FaceNewton Face { get; } = new(n, p);

    /// <summary>r = r̃ + Offset·1 during sweeps under implicit centring.</summary>
    public double Offset { get; set; }

    /// <summary>Σr̃ during sweeps under implicit centring.</summary>
    public double Sum { get; set; }

    /// <summary>While every coefficient is still 0 (the top of a path), products are taken as α_max's were, bit for bit.</summary>
    public bool AtZero { get; set; }

    /// <summary>
    /// The move since the last full pass, r₀ − r: fills <see cref="BoundedState.Coordinates"/> with its parts along the
    /// kept directions and returns ρ ≥ the norm of the rest, √(‖r₀ − r‖² − ‖z‖²) widened against the cancellation.
    /// </summary>
    public double Deviation(ReadOnlySpan<double> r) => Deviation(CachedResidual, r, move);

    // The last check's exact products X_jᵀr, for the features it computed them for, and the r they were taken at.
    private readonly double[] checkedResidual = new double[n];
    private readonly double[] checkedProducts = new double[p];
    private readonly IndexList checkedFeatures = new(p);

    /// <summary>Features whose columns a fit start reads (scratch).</summary>
    public int[] Unread { get; } = new int[p];

    /// <summary>Keeps a check's exact products of <paramref name="features"/> with <paramref name="r"/>.</summary>
    public void RememberCheck(ReadOnlySpan<double> r, ReadOnlySpan<double> products, ReadOnlySpan<int> features)
    {
        checkedFeatures.Clear();
        foreach (var j in features)
        {
            checkedFeatures.Add(j);
            checkedProducts[j] = products[j];
        }
        r.CopyTo(checkedResidual);
    }

    /// <summary>
    /// Whether the last check's products still hold: r is, bit for bit, the r they were taken at (a path's next fit
    /// starts where the last one was certified). Comparing n values costs far less than reading the columns again, and
    /// needs no account of who else may have written r since.
    /// </summary>
    public bool CheckedAt(ReadOnlySpan<double> r) =>
        checkedFeatures.Count > 0 && MemoryMarshal.Cast<double, long>(r).SequenceEqual(MemoryMarshal.Cast<double, long>(checkedResidual));

    /// <summary>X_jᵀr from the last check, when it took that product exactly (only meaningful after <see cref="CheckedAt"/>).</summary>
    public bool TryChecked(int j, out double product)
    {
        product = checkedProducts[j];
        return checkedFeatures.Contains(j);
    }
}

/// <summary>
/// Inner products from the residual r = y − Xw, kept exactly in n-space: a step on j reads X_j once for X_jᵀr and once
/// to update r. Used when p ≥ n or the Gram cache would not fit. Under implicit centring (a deferred copy of X) the
/// steps use the raw columns and the means.
/// </summary>
internal readonly struct ResidualMode(Workspace ws) : IProductMode
{

    private readonly ResidualState state = ws.Path.Residual;

    public BoundedState State => state;

    public bool CyclesActive => true;

    public bool ChecksReadColumns => true;

    public FaceNewton Face => state.Face;

    public bool SolveFace(in SolverSettings s, ElasticNetShape shape, double alphaN) =>
        state.Face.Solve(state.Face.Columns(ws.Data), ws.Data, state.Set.Span, ws.Fit.W, ws.Fit.Gradient, s, shape, alphaN);

    public void Begin(in SolverSettings s, double l1, double strong)
    {
        var (data, fit) = (ws.Data, ws.Fit);
        int p = data.P;
        var w = fit.W;
        var r = fit.Residual;
        data.AlignColumns();
        if (!ws.Path.ResidualIsCurrent) data.ResidualOf(w, r);
        if (!state.CacheValid) FullPass();
        state.Set.Clear();
        var delta = state.Deviation(r);
        // Non-zero coefficients and unpenalized features (with a column) join without a test, in ascending order.
        var direct = state.Scratch;
        direct.Clear();
        for (var j = 0; j < p; j++)
        {
            if ((w[j] != 0 || s.Factor(j) == 0) && data.Norms[j] > 0) direct.Add(j);
        }
        // The strong rule's candidates by bound: the other features whose bound reaches the level (ascending).
        var products = ws.Fit.Gradient;
        var candidates = state.ScanScratch;
        var count = Bounds.Over(state.Cached, state.Along, data.ColumnNorms, s.FactorSpan, delta, strong, direct.Marks, products, candidates, p, reaching: true);
        if (delta > 0 && count > p / Bounds.StartPassShare)
        {
            // Bounds so stale that most features are candidates: one full pass renews the cache and decides them all.
            FullPass();
            delta = 0;
        }
        // Otherwise only the candidates' columns are read, and the set gets the features the rule selects — not every
        // feature whose bound could not rule it out, each of which would cost every sweep a column read.
        if (delta > 0 && count > 0) ReadCandidates(r, products, candidates.AsSpan(0, count));
        // The direct features and the selected candidates, merged in ascending order.
        var first = direct.Span;
        int a = 0, b = 0;
        while (a < first.Length || b < count)
        {
            if (b == count || (a < first.Length && first[a] < candidates[b]))
            {
                state.Set.Add(first[a++]);
                continue;
            }
            var j = candidates[b++];
            if (Math.Abs(delta == 0 ? state.Cached[j] : products[j]) >= strong * s.Factor(j)) state.Set.Add(j);
        }
        var implicitCentring = data.ImplicitCentring;
        state.Offset = 0.0;
        state.Sum = implicitCentring ? Blas.Sum(r) : 0.0;
        state.AtZero = implicitCentring && !w.AsSpan().ContainsAnyExcept(0.0);
    }

    /// <summary>
    /// X_jᵀr for a fit start's candidates: from the last check where it took the product exactly and r has not moved
    /// since (the same bits: a product does not depend on which columns were read with it), from their columns otherwise.
    /// </summary>
    private void ReadCandidates(ReadOnlySpan<double> r, Span<double> products, ReadOnlySpan<int> candidates)
    {
        if (!state.CheckedAt(r))
        {
            ws.Data.ProductsWith(r, products, candidates);
            return;
        }
        var unread = state.Unread;
        var count = 0;
        foreach (var j in candidates)
        {
            if (state.TryChecked(j, out var product)) products[j] = product;
            else unread[count++] = j;
        }
        if (count > 0) ws.Data.ProductsWith(r, products, unread.AsSpan(0, count));
    }

    /// <summary>
    /// One sweep over the set. A step on j takes X_jᵀ(r + X_j w_j) = X_jᵀr + ‖X_j‖²w_j, so
    /// w_j ← argmin ½‖X_j‖²x² − (X_jᵀr + ‖X_j‖²w_j)x + nα·f·g(x), then r −= Δw_j·X_j; the update and the next
    /// coordinate's product are one pass over r (<see cref="Blas.AxpyThenDot"/>), and a coordinate left where it was
    /// costs only the next product. Under implicit centring (r = r̃ + offset·1, sum = Σr̃) the steps use the raw columns:
    /// X_c,jᵀr = x_jᵀr̃ − m_j·sum + offset·(Σx_j − n·m_j), and r −= Δw_j·(x_j − m_j) is r̃ −= Δw_j·x_j,
    /// offset += Δw_j·m_j, sum −= Δw_j·Σx_j.
    /// </summary>
    public (double WMax, double DwMax) Sweep<TPenalty>(in SolverSettings s, in PenaltyParameters unscaled, bool activeOnly)
        where TPenalty : struct, IElasticNetPenalty
    {
        var (data, w) = (ws.Data, ws.Fit.W);
        var r = ws.Fit.Residual;
        var implicitCentring = data.ImplicitCentring;
        var set = state.Set.Span;
        double wMax = 0, dwMax = 0;
        var t = NextInSweep(set, 0, w, activeOnly);
        var product = t < set.Length ? Product(set[t]) : 0.0;
        while (t < set.Length)
        {
            var j = set[t];
            var following = NextInSweep(set, t + 1, w, activeOnly);
            var (old, norm) = (w[j], data.Norms[j]);
            var updated = TPenalty.CoordinateMinimizer(product + norm * old, norm, old, unscaled, s.Factor(j));
            state.AtZero &= updated == 0;
            if (updated != old)
            {
                w[j] = updated;
                var column = implicitCentring ? data.RawColumn(j) : data.Column(j);
                if (following < set.Length)
                {
                    var k = set[following];
                    product = Blas.AxpyThenDot(old - updated, column, r, implicitCentring ? data.RawColumn(k) : data.Column(k));
                }
                else
                {
                    Blas.Axpy(old - updated, column, r);
                }
                if (implicitCentring)
                {
                    state.Offset += (updated - old) * data.XMean[j];
                    state.Sum -= (updated - old) * data.ColumnSums[j];
                    if (following < set.Length) product = Centred(set[following], product);
                }
            }
            else if (following < set.Length)
            {
                product = Product(set[following]);
            }
            dwMax = Math.Max(dwMax, Math.Abs(updated - old));
            wMax = Math.Max(wMax, Math.Abs(updated));
            t = following;
        }
        return (wMax, dwMax);
    }

    /// <summary>The first position from <paramref name="from"/> that a sweep steps on (only non-zero coefficients when <paramref name="activeOnly"/>).</summary>
    private static int NextInSweep(ReadOnlySpan<int> set, int from, double[] w, bool activeOnly)
    {
        var t = from;
        while (activeOnly && t < set.Length && w[set[t]] == 0) t++;
        return t;
    }

    /// <summary>
    /// X_jᵀr for the sweep. Under implicit centring at the top of a path (every coefficient still 0) the column is
    /// centred into scratch first, so the product is bitwise the one α_max was taken from.
    /// </summary>
    private double Product(int j)
    {
        var data = ws.Data;
        var r = ws.Fit.Residual;
        if (!data.ImplicitCentring) return Blas.Dot(data.Column(j), r);
        if (!state.AtZero) return Centred(j, Blas.Dot(data.RawColumn(j), r));
        PreparedData.Prepare(data.RawColumn(j), state.Column, centre: true, null, null);
        return Blas.Dot(state.Column, r);
    }

    /// <summary>X_c,jᵀr from the raw product x_jᵀr̃ under implicit centring.</summary>
    private double Centred(int j, double raw)
    {
        var data = ws.Data;
        var mean = data.XMean[j];
        return raw - mean * state.Sum + state.Offset * (data.ColumnSums[j] - data.N * mean);
    }

    public bool CheckOutside(in SolverSettings s, double threshold)
    {
        if (ws.Data.ImplicitCentring)
        {
            state.Sum = Normalize(ws.Fit.Residual, state.Offset);
            state.Offset = 0.0;
        }
        var data = ws.Data;
        var r = ws.Fit.Residual;
        var xtr = ws.Fit.Gradient;
        var delta = state.Deviation(r);
        // The features whose product is needed exactly: the set, and those whose bound does not clear their threshold
        // (the others get their bound). More than p / FullPassShare uncertain: the bounds have gone slack, and one full
        // pass renews the cache and gives every inner product exactly.
        var exact = state.Scratch;
        if (!SortByBounds(s, threshold, delta, exact, ws.Data.P / Bounds.FullPassShare))
        {
            FullPass();
            delta = 0;
            SortByBounds(s, threshold, delta, exact, int.MaxValue);
        }
        // Right after a full pass the cache is exact; otherwise their columns are read in one pass.
        if (delta == 0)
        {
            foreach (var j in exact.Span) xtr[j] = state.Cached[j];
        }
        else if (exact.Count > 0)
        {
            data.ProductsWith(r, xtr, exact.Span);
        }
        state.RememberCheck(r, xtr, exact.Span);
        var joined = false;
        foreach (var j in exact.Span)
        {
            if (!state.Set.Contains(j) && Math.Abs(xtr[j]) > threshold * s.Factor(j))
            {
                state.Set.Add(j);
                joined = true;
            }
        }
        return joined;
    }

    /// <summary>
    /// One scan of the features for a check (<see cref="Bounds.Over"/>): <paramref name="exact"/> gets, in ascending order,
    /// the set and every feature whose bound exceeds its threshold; ws.Fit.Gradient the others' bounds (0 for empty
    /// columns; the set's entries are overwritten by their exact products). Returns false, with <paramref name="exact"/>
    /// empty, when more than <paramref name="limit"/> features outside the set are uncertain.
    /// </summary>
    private bool SortByBounds(in SolverSettings s, double threshold, double delta, IndexList exact, int limit)
    {
        var over = state.ScanScratch;
        exact.Clear();
        var count = Bounds.Over(state.Cached, state.Along, ws.Data.ColumnNorms, s.FactorSpan, delta, threshold, state.Set.Marks, ws.Fit.Gradient, over,
            limit, listMarked: true);
        if (count < 0) return false;
        foreach (var j in over.AsSpan(0, count)) exact.Add(j);
        return true;
    }

    /// <summary>r itself (under implicit centring r̃ + offset·1 is made r first, and Σr kept).</summary>
    public Span<double> Image()
    {
        if (ws.Data.ImplicitCentring && state.Offset != 0)
        {
            state.Sum = Normalize(ws.Fit.Residual, state.Offset);
            state.Offset = 0.0;
        }
        return ws.Fit.Residual;
    }

    /// <summary>r = y − Xw from the non-zero columns.</summary>
    public void ImageAt(Span<double> destination) => ws.Data.ResidualOf(ws.Fit.W, destination);

    /// <summary>½‖r_new‖² − ½‖r_old‖² = ½Σ(r_new − r_old)(r_new + r_old).</summary>
    public double LossChange(ReadOnlySpan<double> old, ReadOnlySpan<double> image, ReadOnlySpan<double> imageAtNew)
    {
        var change = 0.0;
        for (var i = 0; i < image.Length; i++) change += (imageAtNew[i] - image[i]) * (imageAtNew[i] + image[i]);
        return 0.5 * change;
    }

    /// <summary>r now holds the exact residual: no offset, and its sum for the steps under implicit centring.</summary>
    public void Replaced()
    {
        state.Offset = 0.0;
        if (ws.Data.ImplicitCentring) state.Sum = Blas.Sum(ws.Fit.Residual);
    }

    public Certificate Certify<TPenalty>(in SolverSettings s) where TPenalty : struct, IElasticNetPenalty
    {
        var r = ws.Fit.Residual;
        return DualityGap<TPenalty>.GapOnly(ws, s, Blas.SquaredNorm(r), Blas.Dot(r, ws.Data.Y));
    }

    public void End()
    {
        if (ws.Data.ImplicitCentring) Normalize(ws.Fit.Residual, state.Offset);
        state.Tangent.Record(ws.Fit.Residual, reversed: true);
        ws.Path.ResidualIsCurrent = true;
    }

    /// <summary>r̃ + offset·1 → r (the true residual, for checks and certificates); returns Σr.</summary>
    private static double Normalize(Span<double> r, double offset)
    {
        var total = 0.0;
        for (var i = 0; i < r.Length; i++)
        {
            r[i] += offset;
            total += r[i];
        }
        return total;
    }

    /// <summary>c₀ = Xᵀr from one read of X; a pending tangent d gets its products Xᵀd from the same read and joins the directions.</summary>
    private void FullPass()
    {
        var install = state.Tangent.Pending;
        var r = ws.Fit.Residual;
        var d = install ? state.Tangent.Vector : null;
        // The first cache at w = 0 (a path's first fit, r just made from w): r is the prepared target and Xᵀr the
        // prepared data's X_jᵀỹ, computed while it prepared the columns — nothing to read.
        if (!install && !state.CacheValid && !ws.Fit.W.AsSpan().ContainsAnyExcept(0.0)) state.SeedAtZero(ws.Data);
        else ws.Data.ProductsWith(r, state.Cached, default, d, install ? state.TangentProducts : default);
        if (install)
        {
            state.Motion.Add(state.Tangent.Vector, null, state.TangentProducts);
            state.Tangent.Pending = false;
        }
        r.CopyTo(state.CachedResidual);
        state.Renewed();
    }
}

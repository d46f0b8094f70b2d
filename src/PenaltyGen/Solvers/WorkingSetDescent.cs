using System;
using PenaltyGen.Kernels;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// Coordinate descent on a working set, for least squares with an elastic-net-shaped penalty (a₁ &gt; 0).
/// The set starts as the active features plus the sequential strong rule's candidates
/// (|X_jᵀr| ≥ n·a₁f_j·(2α − α_prev), Tibshirani et al. 2012); sweeps visit only the set. When a sweep passes
/// scikit-learn's step test, the features outside are checked against cached inner products: with c₀ = Xᵀr₀
/// from the last full pass and the move r₀ − r split along the path's recent tangents (see
/// <see cref="MotionBasis"/>: z_a = q_aᵀ(r₀ − r), e_a = Xᵀq_a from a pass), |X_jᵀr| ≤ |c₀_j − Σ z_a e_a,j| + ‖X_j‖·ρ
/// with ρ the norm of the rest (Cauchy–Schwarz), so a feature whose bound is below its threshold nαa₁f_j is
/// certified without touching its column; only the others are recomputed, and violators join the set. The stop is the full duality gap of <see cref="Certificates"/>, with the bounds
/// standing in for the certified features' inner products (which can only make the gap larger): the same
/// accuracy as plain sweeps, reached touching X far less.
/// </summary>
internal static class WorkingSetDescent
{
    public static SolverOutcome Solve<TPenalty>(Workspace ws, in SolverSettings s) where TPenalty : struct, IElasticNetPenalty
    {
        int n = ws.N, p = ws.P;
        var w = ws.W;
        var r = ws.Residual;
        var implicitCentring = ws.ImplicitCentring;
        if (!ws.ResidualIsCurrent) ws.ResidualOf(w, r);
        var l1 = TPenalty.Shape(s.Penalty).L1;
        var unscaled = s.Penalty with { Alpha = s.Penalty.Alpha * n };
        var alpha = s.Penalty.Alpha;
        var state = ws.Screening;
        if (!state.CacheValid) FullPass(ws, state);

        // The working set: active features, unpenalized ones, and the strong rule's candidates.
        for (var k = 0; k < state.Count; k++) state.InSet[state.Members[k]] = false;
        state.Count = 0;
        var previous = double.IsNaN(state.PreviousAlpha) ? alpha : state.PreviousAlpha;
        var strong = n * l1 * Math.Max(2 * alpha - previous, 0);
        var delta = state.Deviation(r);
        var candidates = 0;
        for (var j = 0; j < p; j++)
        {
            if (w[j] == 0 && ws.Norms[j] > 0 && Bound(state, ws, j, delta) >= strong * s.Factor(j)) candidates++;
        }
        if (candidates > p / Bounds.FullPassShare && delta > 0)
        {
            // Stale bounds would put many features in the set (more than p / Bounds.FullPassShare): renew the cache with one full pass first.
            FullPass(ws, state);
            delta = 0;
        }
        for (var j = 0; j < p; j++)
        {
            if (ws.Norms[j] == 0) continue;
            var f = s.Factor(j);
            if (w[j] != 0 || f == 0 || Bound(state, ws, j, delta) >= strong * f) state.Add(j);
        }

        var last = Certificate.None;
        var iterations = 0;
        var activeOnly = false;
        // Implicit centring: during sweeps r = r̃ + offset·1 with r̃ updated by raw columns, and sum = Σr̃. While every
        // coefficient is still 0 (the top of a path), r = y_c and products are taken as α_max's were, bit for bit,
        // so that α = α_max gives exactly w = 0.
        var (offset, sum) = (0.0, implicitCentring ? Blas.Sum(r) : 0.0);
        var atZero = implicitCentring && !w.AsSpan().ContainsAnyExcept(0.0);
        while (iterations < s.MaxIterations)
        {
            double wMax = 0, dwMax = 0;
            for (var k = 0; k < state.Count; k++)
            {
                var j = state.Members[k];
                if (activeOnly && w[j] == 0) continue;
                var (old, updated) = implicitCentring
                    ? StepCentredImplicitly<TPenalty>(ws, state, j, unscaled, s.Factor(j), atZero, ref offset, ref sum)
                    : CoordinateDescent.StepOnResidual<TPenalty>(ws, j, unscaled, s.Factor(j));
                atZero &= updated == 0;
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            iterations++;
            var settled = wMax == 0 || dwMax / wMax < s.Tol;
            // glmnet's active-set cycling: after a sweep of the whole set that still moves, sweep only the non-zero
            // coefficients until they settle, then the whole set again; a settled whole sweep (or the spent budget)
            // goes on to the check (its A/B row on the wide path is in docs/benchmarks.md).
            if (activeOnly)
            {
                if (settled) activeOnly = false;
                if (iterations < s.MaxIterations) continue;
            }
            else if (!settled && iterations < s.MaxIterations)
            {
                activeOnly = true;
                continue;
            }
            if (implicitCentring) (offset, sum) = (0.0, Normalize(r, offset));
            if (CheckOutside(ws, state, s, alpha * n * l1)) continue;
            last = Certificates.WithProducts<DualityGap<TPenalty>>(ws, s, 1.0);
            if (last.Done) break;
        }
        if (implicitCentring) Normalize(r, offset);
        state.PreviousAlpha = alpha;
        state.Tangent.Record(r, reversed: true);
        ws.ResidualIsCurrent = true;
        return new SolverOutcome(iterations, last.Gap, last.Kkt, last.Done, last.Tolerance);
    }

    /// <summary>
    /// The coordinate step on the raw column under implicit centring, r = r̃ + offset·1 and sum = Σr̃:
    /// X_c,jᵀr = x_jᵀr̃ − m_j·Σr̃ + offset·(Σx_j − n·m_j); w_j ← argmin ½‖X_c,j‖²x² − (X_c,jᵀr + ‖X_c,j‖²w_j)x + nα·f·g(x);
    /// r −= Δw_j·(x_j − m_j) as r̃ −= Δw_j·x_j, offset += Δw_j·m_j, sum −= Δw_j·Σx_j.
    /// </summary>
    private static (double Old, double Updated) StepCentredImplicitly<TPenalty>(Workspace ws, ScreeningState state, int j, in PenaltyParameters unscaled,
        double factor, bool atZero, ref double offset, ref double sum)
        where TPenalty : struct, ISeparablePenalty
    {
        var column = ws.RawColumn(j);
        var r = ws.Residual;
        var (mean, columnSum, norm, old) = (ws.XMean[j], ws.ColumnSums[j], ws.Norms[j], ws.W[j]);
        double product;
        if (atZero)
        {
            Workspace.Prepare(column, state.Column, centre: true, null, null);
            product = Blas.Dot(state.Column, r);
        }
        else
        {
            product = Blas.Dot(column, r) - mean * sum + offset * (columnSum - ws.N * mean);
        }
        var updated = TPenalty.CoordinateMinimizer(product + norm * old, norm, old, unscaled, factor);
        if (updated != old)
        {
            var step = updated - old;
            ws.W[j] = updated;
            Blas.Axpy(-step, column, r);
            offset += step * mean;
            sum -= step * columnSum;
        }
        return (old, updated);
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

    /// <summary>
    /// Fills ws.Gradient with X_jᵀr for the set and for uncertain features, with bounds for certified ones;
    /// adds violators (|X_jᵀr| above the threshold) to the set. Returns whether any joined.
    /// </summary>
    private static bool CheckOutside(Workspace ws, ScreeningState state, in SolverSettings s, double threshold)
    {
        int p = ws.P;
        var r = ws.Residual;
        var xtr = ws.Gradient;
        var delta = state.Deviation(r);
        var uncertain = 0;
        for (var j = 0; j < p && uncertain <= p / Bounds.FullPassShare; j++)
        {
            if (!state.InSet[j] && ws.Norms[j] > 0 && Bound(state, ws, j, delta) > threshold * s.Factor(j)) uncertain++;
        }
        if (uncertain > p / Bounds.FullPassShare)
        {
            // The bounds have gone slack: one full pass renews the cache and gives every inner product exactly.
            FullPass(ws, state);
            delta = 0;
        }
        // The features whose product is needed exactly: the set, and those whose bound does not clear their threshold.
        var exact = state.Exact;
        exact.Clear();
        for (var j = 0; j < p; j++)
        {
            if (ws.Norms[j] == 0)
            {
                xtr[j] = 0.0;
                continue;
            }
            if (state.InSet[j])
            {
                exact.Add(j);
                continue;
            }
            var bound = Bound(state, ws, j, delta);
            if (bound <= threshold * s.Factor(j)) xtr[j] = bound;
            else exact.Add(j);
        }
        // Right after a full pass the cache is exact; otherwise their columns are read in one pass.
        if (delta == 0)
        {
            foreach (var j in exact.Span) xtr[j] = state.Cached[j];
        }
        else if (exact.Count > 0)
        {
            ws.ProductsWith(r, xtr, exact.Span);
        }
        var joined = false;
        foreach (var j in exact.Span)
        {
            if (!state.InSet[j] && Math.Abs(xtr[j]) > threshold * s.Factor(j))
            {
                state.Add(j);
                joined = true;
            }
        }
        return joined;
    }

    /// <summary>
    /// |X_jᵀr| ≤ |c₀_j − Σ z_a e_a,j| + ‖X_j‖·ρ: the move r₀ − r split along the kept directions (z, see
    /// <see cref="ScreeningState.Deviation"/>) and Cauchy–Schwarz on the rest (<see cref="Bounds.Product"/>).
    /// </summary>
    private static double Bound(ScreeningState state, Workspace ws, int j, double rho) =>
        Bounds.Product(state.Cached[j], state.Along[j], ws.Norms[j], rho);

    /// <summary>c₀ = Xᵀr from one read of X; a pending tangent d gets its products Xᵀd from the same read and joins the directions.</summary>
    private static void FullPass(Workspace ws, ScreeningState state)
    {
        var install = state.Tangent.Pending;
        var r = ws.Residual;
        var d = install ? state.Tangent.Vector : null;
        // The first cache at w = 0 (a path's first fit, r just made from w): r is the prepared target and Xᵀr the
        // workspace's X_jᵀỹ, computed while it prepared the columns — nothing to read.
        if (!install && !state.CacheValid && !ws.W.AsSpan().ContainsAnyExcept(0.0)) ws.TargetProducts.CopyTo(state.Cached, 0);
        else ws.ProductsWith(r, state.Cached, default, d, install ? state.TangentProducts : default);
        if (install)
        {
            state.Motion.Add(state.Tangent.Vector, null, state.TangentProducts);
            state.Tangent.Pending = false;
        }
        ws.Residual.CopyTo(state.CachedResidual, 0);
        Array.Clear(state.Coordinates);
        Array.Clear(state.Along);
        state.CacheValid = true;
    }
}

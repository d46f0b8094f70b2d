using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using static PenaltyGen.Solvers.NewtonRules;

namespace PenaltyGen.Solvers.Sparse;

/// <summary>
/// Coordinate descent on sparse X for every loss and separable penalty, reading only the stored entries (glmnet's sparse
/// solvers, scikit-learn's <c>sparse_enet_coordinate_descent</c>); the math is in docs/sparse.md. At (w, b) with
/// η = Xw + b, g_i = s_i ℓ'(y_i, η_i) and h_i = s_i ℓ''(y_i, η_i), the data term's quadratic model is
/// (1/2n) Σ h_i (−g_i/h_i − Δb − x_iᵀΔw)². With an intercept, Δb is minimized out: the model becomes one in Δw on the
/// h-weighted centred columns x_j − m_j (m_j = Σ h_i x_ij / Σh), and the centring stays implicit — coordinate j's gradient
/// is −(Σ_stored x_ij ρ'_i − m_j Σ_i ρ'_i)/n with ρ' = −g − h∘(XΔw), which a step changes only at column j's rows and in
/// its sum (by Δw_j·Σ_stored h_i x_ij). So X is never centred, copied or made dense. Least squares' model is the loss
/// itself (h = s): one model, built once per workspace, solved by sweeps to scikit-learn's step test and certified by the
/// duality gap; another loss takes damped Newton steps (the step to the model's minimizer halved until the objective does
/// not increase), each certified by the KKT residual. The models sweep a working set between full sweeps (active-set
/// cycling: a full sweep, then the non-zero features until their steps settle, then a full sweep again).
/// </summary>
internal static class SparseNewton
{
    /// <param name="st">The state (W, B hold the warm start).</param>
    /// <param name="s">The settings.</param>
    /// <param name="shape">An elastic-net-shaped penalty's closed form: least squares is then certified by the duality gap.</param>
    public static SolverOutcome Solve<TPenalty, TLoss>(SparseState st, in SolverSettings s, ElasticNetShape? shape)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var quadratic = TLoss.IsQuadratic;
        if (double.IsNaN(st.KktScale)) st.KktScale = GradientScaleAtZero<TLoss>(st, s.FitIntercept);
        if (s.FitIntercept && st.B == 0 && !st.W.AsSpan().ContainsAnyExcept(0.0)) st.B = TLoss.NullIntercept(st.Y, st.Weights);
        StartEta(st);
        if (quadratic) BuildModel<TLoss>(st, s.FitIntercept);
        var last = Certify<TPenalty, TLoss>(st, s, shape);
        if (last.Done) return new SolverOutcome(0, last.Gap, last.Kkt, true, last.Tolerance) { Sweeps = 0 };
        var screened = s.Screening != Screening.None && shape is { L1: > 0 };
        Screen(st, s, screened ? s.Penalty.Alpha * shape!.Value.L1 : double.NaN);
        var scale = ObjectiveSize<TPenalty, TLoss>(st, s);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var (steps, sweeps) = (0, 0);
        while (quadratic ? sweeps < s.MaxIterations : steps < s.MaxIterations)
        {
            steps++;
            BuildModel<TLoss>(st, s.FitIntercept);
            var innerTol = quadratic ? s.Tol : Math.Max(s.Tol, Math.Min(InnerTolCap, InnerShare * last.Kkt / Math.Max(last.Tolerance / s.Tol, 1e-300)));
            sweeps += SweepModel<TPenalty>(st, s, random, innerTol, quadratic ? s.MaxIterations - sweeps : ModelSweepLimit);
            // Least squares' model is the loss: its minimizer is the step (η made again from the stored entries, the
            // intercept then taken exactly by the certificate); another loss's step is searched along.
            var accepted = true;
            if (quadratic) StartEta(st);
            else accepted = LineSearch<TPenalty, TLoss>(st, s, s.FitIntercept ? InterceptStep(st) : 0.0, scale);
            last = Certify<TPenalty, TLoss>(st, s, shape);
            if (last.Done) return new SolverOutcome(quadratic ? sweeps : steps, last.Gap, last.Kkt, true, last.Tolerance) { Sweeps = sweeps };
            var joined = screened && JoinViolators<TPenalty>(st, s);
            if (!accepted && !joined) break;
        }
        return new SolverOutcome(quadratic ? sweeps : steps, last.Gap, last.Kkt, false, last.Tolerance) { Sweeps = sweeps };
    }

    /// <summary>
    /// The features the models sweep (<see cref="SparseState.Set"/>). With an l1 part (<paramref name="level"/> = α·a₁, NaN:
    /// no screening) the sequential strong rule on the gradient the opening certificate made: j joins when w_j ≠ 0 or
    /// |∇_j| &gt; (2·level − previous level)·f_j (the previous level of this state's last fit, or on a cold start the level at
    /// which the first feature enters); features it leaves out are checked by every later certificate
    /// (<see cref="JoinViolators"/>). Without screening every feature is swept.
    /// </summary>
    private static void Screen(SparseState st, in SolverSettings s, double level)
    {
        if (double.IsNaN(level))
        {
            for (var j = 0; j < st.P; j++) st.Join(j);
            return;
        }
        var previous = st.PreviousLevel;
        if (double.IsNaN(previous))
        {
            previous = 0.0;
            for (var j = 0; j < st.P; j++)
            {
                if (s.Factor(j) > 0) previous = Math.Max(previous, Math.Abs(st.Gradient[j]) / s.Factor(j));
            }
        }
        var threshold = 2 * level - previous;
        for (var j = 0; j < st.P; j++)
        {
            if (st.W[j] != 0 || Math.Abs(st.Gradient[j]) > threshold * s.Factor(j)) st.Join(j);
        }
        st.PreviousLevel = level;
    }

    /// <summary>Features outside the set whose KKT condition the last certificate's gradient breaks join it; returns whether any did.</summary>
    private static bool JoinViolators<TPenalty>(SparseState st, in SolverSettings s) where TPenalty : struct, ISeparablePenalty
    {
        var joined = false;
        for (var j = 0; j < st.P; j++)
        {
            if (st.InSet[j] || TPenalty.SubdifferentialDistance(st.W[j], st.Gradient[j], s.Penalty, s.Factor(j)) <= 0) continue;
            st.Join(j);
            joined = true;
        }
        return joined;
    }

    /// <summary>η = Xw + b from the stored entries.</summary>
    private static void StartEta(SparseState st)
    {
        SparseBlas.Gemv(st.X, st.W, st.Eta);
        for (var i = 0; i < st.N; i++) st.Eta[i] += st.B;
    }

    /// <summary>
    /// The model at the current η: g, h (least squares: h = s, made once), each column's weighted mean, curvature and
    /// Σ_stored h x; then ρ' = −g, Σρ', XΔw = 0 and the line search's start w₀ = w.
    /// </summary>
    private static void BuildModel<TLoss>(SparseState st, bool intercept) where TLoss : struct, ILoss
    {
        var (y, eta, g, h) = (st.Y, st.Eta, st.Derivative, st.H);
        var build = !st.ModelIsFixed;
        var hSum = 0.0;
        for (var i = 0; i < st.N; i++)
        {
            var weight = st.Weight(i);
            g[i] = weight * TLoss.Derivative(y[i], eta[i]);
            if (!build) continue;
            h[i] = Math.Max(weight * TLoss.Curvature(y[i], eta[i]), CurvatureFloor * weight);
            hSum += h[i];
        }
        if (build)
        {
            st.HSum = hSum;
            for (var j = 0; j < st.P; j++) ColumnModel(st, j, intercept);
            st.ModelIsFixed = TLoss.IsQuadratic;
        }
        var sum = 0.0;
        for (var i = 0; i < st.N; i++)
        {
            st.Working[i] = -g[i];
            sum -= g[i];
        }
        st.WorkingSum = sum;
        Array.Clear(st.Direction);
        st.W.AsSpan().CopyTo(st.Start);
    }

    /// <summary>m_j, a_j = [Σ_stored h (x − m)² + m²·(Σh − Σ_stored h)]/n (a zero entry contributes h·m²) and Σ_stored h x.</summary>
    private static void ColumnModel(SparseState st, int j, bool intercept)
    {
        var rows = st.X.RowsOf(j);
        var values = st.X.ValuesOf(j);
        var h = st.H;
        double hx = 0, hStored = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            hx += h[rows[k]] * values[k];
            hStored += h[rows[k]];
        }
        var m = intercept && st.HSum > 0 ? hx / st.HSum : 0.0;
        var square = 0.0;
        for (var k = 0; k < rows.Length; k++) square += h[rows[k]] * (values[k] - m) * (values[k] - m);
        st.Means[j] = m;
        st.HeldProducts[j] = hx;
        st.Curvatures[j] = (square + m * m * Math.Max(st.HSum - hStored, 0.0)) / st.N;
    }

    /// <summary>
    /// Sweeps of the model until their steps settle (max |Δw_j| ≤ innerTol·max |w_j|) or <paramref name="budget"/> sweeps:
    /// with working sets (active-set cycling), a sweep of the whole set is followed by sweeps of its non-zero features
    /// until they settle, then the whole set again; a settled sweep of the whole set ends. Returns the sweeps taken.
    /// </summary>
    private static int SweepModel<TPenalty>(SparseState st, in SolverSettings s, RandomState? random, double innerTol, int budget)
        where TPenalty : struct, ISeparablePenalty
    {
        var cycling = s.Screening != Screening.None;
        var full = true;
        for (var sweep = 0; sweep < budget; sweep++)
        {
            double wMax = 0, dwMax = 0;
            var count = full ? st.SetCount : st.ActiveCount;
            for (var k = 0; k < count; k++)
            {
                var at = random is null ? k : (int)random.NextInterval((ulong)(count - 1));
                var j = full ? st.Set[at] : st.Active[at];
                var (old, updated) = Step<TPenalty>(st, s, j);
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            if (full) st.CollectActive();
            var settled = wMax == 0 || dwMax / wMax < innerTol;
            if (!cycling && settled || cycling && settled && full) return sweep + 1;
            full = cycling && settled;
        }
        return budget;
    }

    /// <summary>One exact coordinate step of the model (in per-sample units); updates ρ' (and for a line search XΔw) at column j's rows.</summary>
    private static (double Old, double Updated) Step<TPenalty>(SparseState st, in SolverSettings s, int j) where TPenalty : struct, ISeparablePenalty
    {
        var a = st.Curvatures[j];
        var old = st.W[j];
        if (!(a > 0)) return (old, old);
        var rows = st.X.RowsOf(j);
        var values = st.X.ValuesOf(j);
        var (rho, h, direction) = (st.Working, st.H, st.Direction);
        var gradient = -(SparseBlas.Dot(rows, values, rho) - st.Means[j] * st.WorkingSum) / st.N;
        var updated = TPenalty.CoordinateMinimizer(a * old - gradient, a, old, s.Penalty, s.Factor(j));
        if (updated == old) return (old, old);
        var delta = updated - old;
        // Unit weights (least squares without sample weights) are not read; no line search follows least squares, so XΔw is not kept.
        SparseBlas.ScatterAdd(-delta, rows, values, rho, st.UnitWeights ? default : h);
        if (!st.Quadratic) SparseBlas.ScatterAdd(delta, rows, values, direction, default);
        st.WorkingSum -= delta * st.HeldProducts[j];
        st.W[j] = updated;
        return (old, updated);
    }

    /// <summary>The intercept's step at the model's minimizer: Δb = −Σg/Σh − Σ_j m_j Δw_j.</summary>
    private static double InterceptStep(SparseState st)
    {
        var gSum = 0.0;
        for (var i = 0; i < st.N; i++) gSum += st.Derivative[i];
        var step = st.HSum > 0 ? -gSum / st.HSum : 0.0;
        for (var j = 0; j < st.P; j++) step -= st.Means[j] * (st.W[j] - st.Start[j]);
        return step;
    }

    /// <summary>
    /// From (w₀, b) to the model's minimizer (w, b + Δb), halved until the objective does not increase: the data term's
    /// change is summed from g·Δη and the Bregman terms (no cancellation near the optimum). Returns whether a step was
    /// taken; otherwise w₀ is restored.
    /// </summary>
    private static bool LineSearch<TPenalty, TLoss>(SparseState st, in SolverSettings s, double db, double scale)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (w, start, eta, trial) = (st.W, st.Start, st.Eta, st.EtaTrial);
        var target = st.Gradient;
        w.AsSpan().CopyTo(target);
        var penaltyStart = TPenalty.Value(start, s.Penalty, s.FactorSpan);
        var t = 1.0;
        for (var halving = 0; halving < MaxHalvings; halving++)
        {
            for (var j = 0; j < w.Length; j++) w[j] = start[j] + t * (target[j] - start[j]);
            var change = 0.0;
            for (var i = 0; i < st.N; i++)
            {
                var move = t * (st.Direction[i] + db);
                trial[i] = eta[i] + move;
                change += st.Derivative[i] * move + st.Weight(i) * TLoss.Bregman(st.Y[i], eta[i], trial[i]);
            }
            change = change / st.N + TPenalty.Value(w, s.Penalty, s.FactorSpan) - penaltyStart;
            if (change <= AcceptedRounding * scale)
            {
                trial.AsSpan().CopyTo(eta);
                st.B += t * db;
                return true;
            }
            t *= 0.5;
        }
        start.AsSpan().CopyTo(w);
        return false;
    }

    /// <summary>
    /// The certificate at (w, b): ∇ = Xᵀg/n from the stored entries. Least squares takes its intercept exactly first
    /// (b ← b + Σ s(y − η)/Σs: it comes from centring) and, with an elastic-net shape, stops by scikit-learn's duality gap on
    /// the implicitly centred problem (X̃ᵀr̃ = −n∇ + m·Σg); otherwise the relative KKT residual, the intercept's included.
    /// </summary>
    private static Certificate Certify<TPenalty, TLoss>(SparseState st, in SolverSettings s, ElasticNetShape? shape)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (n, y, eta, g) = (st.N, st.Y, st.Eta, st.Derivative);
        if (TLoss.IsQuadratic && s.FitIntercept) CentreIntercept(st);
        var gSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            g[i] = st.Weight(i) * TLoss.Derivative(y[i], eta[i]);
            gSum += g[i];
        }
        SparseBlas.GemvTransposed(st.X, g, st.Gradient, 1.0 / n);
        var kkt = TPenalty.KktResidual(st.W, st.Gradient, s.Penalty, s.FactorSpan);
        if (s.FitIntercept) kkt = Math.Max(kkt, Math.Abs(gSum / n));
        if (!TLoss.IsQuadratic || shape is not { } elastic)
        {
            var tolerance = s.Tol * st.KktScale;
            return new Certificate(double.NaN, kkt, kkt <= tolerance, tolerance);
        }
        var products = st.Start;
        for (var j = 0; j < st.P; j++) products[j] = -n * st.Gradient[j] + st.Means[j] * gSum;
        var mean = s.FitIntercept ? Loss.WeightedMean(y, st.Weights) : 0.0;
        double rNorm2 = 0, ry = 0, yNorm2 = 0;
        for (var i = 0; i < n; i++)
        {
            var (weight, e) = (st.Weight(i), y[i] - eta[i]);
            rNorm2 += weight * e * e;
            ry += weight * e * (y[i] - mean);
            yNorm2 += weight * (y[i] - mean) * (y[i] - mean);
        }
        var gap = Certificates.ElasticNetGap(st.W, products, n, s, elastic, rNorm2, ry);
        var tol = s.Tol * yNorm2;
        return new Certificate(gap / n, kkt, gap <= tol, tol / n);
    }

    /// <summary>Least squares' intercept for the current w: b ← b + Σ s_i (y_i − η_i)/Σ s_i, η moved with it.</summary>
    private static void CentreIntercept(SparseState st)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < st.N; i++)
        {
            sum += st.Weight(i) * (st.Y[i] - st.Eta[i]);
            total += st.Weight(i);
        }
        var step = sum / total;
        st.B += step;
        for (var i = 0; i < st.N; i++) st.Eta[i] += step;
    }

    /// <summary>max_j |∇_j loss| at w = 0 and the null model's intercept (0 for least squares without one).</summary>
    private static double GradientScaleAtZero<TLoss>(SparseState st, bool intercept) where TLoss : struct, ILoss
    {
        var b0 = TLoss.IsQuadratic && !intercept ? 0.0 : TLoss.NullIntercept(st.Y, st.Weights);
        var d = st.EtaTrial;
        for (var i = 0; i < st.N; i++) d[i] = st.Weight(i) * TLoss.Derivative(st.Y[i], b0);
        SparseBlas.GemvTransposed(st.X, d, st.Gradient, 1.0 / st.N);
        var scale = 0.0;
        foreach (var v in st.Gradient) scale = Math.Max(scale, Math.Abs(v));
        return scale > 0 ? scale : 1.0;
    }

    /// <summary>The objective's size at the start: the line search allows rounding of it.</summary>
    private static double ObjectiveSize<TPenalty, TLoss>(SparseState st, in SolverSettings s)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var size = 0.0;
        for (var i = 0; i < st.N; i++) size += st.Weight(i) * Math.Abs(TLoss.Value(st.Y[i], st.Eta[i]));
        return size / st.N + Math.Abs(TPenalty.Value(st.W, s.Penalty, s.FactorSpan));
    }
}

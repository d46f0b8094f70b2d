using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.WorkingSets;

namespace PenaltyGen.Solvers;

/// <summary>
/// The proximal Newton solver's path state: its working set and c₀ = Xᵀd₀ of the last full pass (<see cref="WorkingSetState"/>),
/// d₀, the model's buffers, and whether η, d and ∇ belong to the current (w, b).
/// </summary>
internal sealed class NewtonState(int n, int p) : WorkingSetState(p)
{
    /// <summary>h = s∘max(ℓ'', floor): the model's weights.</summary>
    public double[] Weights { get; } = new double[n];

    /// <summary>ρ = u − h∘Δη, the model's working residual (u = −s∘ℓ').</summary>
    public double[] Working { get; } = new double[n];

    public double[] EtaTrial { get; } = new double[n];

    /// <summary>s∘ℓ'(y, η) at the model's centre.</summary>
    public double[] Derivative { get; } = new double[n];

    /// <summary>d = s∘ℓ'(y, η)/n at the last certificate: ∇loss = Xᵀd.</summary>
    public double[] Slope { get; } = new double[n];

    /// <summary>
    /// Whether FitState.Eta, <see cref="Slope"/>, FitState.Gradient and InterceptGradient belong to the current W and B: the solver ends every
    /// solve with a certificate at its final point, so the next fit of a path reuses it.
    /// </summary>
    public bool Certified { get; set; }

    /// <summary>X(w − w₀) + (b − b₀) of the model's step so far, kept by its coordinate steps (no product with X for the line search).</summary>
    public double[] Direction { get; } = new double[n];

    public double[] Start { get; } = new double[p];

    public double[] Trial { get; } = new double[p];

    public double[] Curvatures { get; } = new double[p];

    /// <summary>d₀ = s∘ℓ'/n of the last full pass (with <see cref="WorkingSetState.Cached"/> = Xᵀd₀).</summary>
    public double[] CachedSlope { get; } = new double[n];

    /// <summary>The exact model solve's buffers (a smooth penalty), made on its first use.</summary>
    public ExactModelBuffers Exact => exact ??= new ExactModelBuffers(n, Trial.Length);

    private ExactModelBuffers? exact;
}

/// <summary>The exact Newton step's buffers: the columns scaled by √h, the (p + 1)-square system, its right side and solution.</summary>
internal sealed class ExactModelBuffers(int n, int p)
{
    public double[] Scaled { get; } = new double[(long)n * p];
    public double[] Roots { get; } = new double[n];
    public double[] System { get; } = new double[(p + 1) * (p + 1)];
    public double[] Step { get; } = new double[p + 1];
    public int[] Columns { get; } = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Range(0, p));
}

/// <summary>
/// Proximal Newton steps (glmnet's IRLS) for a non-quadratic loss and a separable penalty, their quadratic models solved
/// by coordinate descent. At (w, b) with η = Xw + b, h_i = s_i·ℓ''(y_i, η_i) and u_i = −s_i·ℓ'(y_i, η_i), the model of the
/// data term is (1/n)[−uᵀΔη + ½Σ h_i Δη_i²] with Δη = XΔw + Δb; coordinate j of the model has curvature a_j = Σ h_i x_ij²/n
/// and gradient −Σ x_ij ρ_i/n with ρ = u − h∘Δη, kept as steps are taken (no loss evaluation inside: the n·p loss
/// evaluations a sweep of plain coordinate descent pays become n per Newton step). The model is swept until its steps
/// settle; then the step to its minimizer is halved until the objective does not increase, and the fit is certified by
/// the exact KKT residual. Iterations count the model's sweeps. Along a path with an elastic-net-shaped penalty the
/// models sweep a working set (the strong rule) and the certificates bound the features at zero instead of reading them.
/// </summary>
internal static class ProximalNewton
{
    /// <summary>
    /// The model's curvature is at least this share of a sample's weight: σ(η)(1 − σ(η)) underflows to 0 for |η| ≳ 37
    /// (and a user's loss may be flat), and a zero curvature would make the model's coordinate steps undefined.
    /// </summary>
    private const double CurvatureFloor = 1e-12;

    /// <summary>The line search halves a Newton step at most this often (2⁻³⁰ of a step is below rounding); then the fit stops.</summary>
    private const int MaxHalvings = 30;

    /// <summary>
    /// Sweeps one model may take: the inner solve of an inexact Newton method needs no more (it is re-linearized anyway), and
    /// the budget of a fit counts Newton steps, as scikit-learn's <c>n_iter_</c> counts its solvers' iterations.
    /// </summary>
    private const int ModelSweepLimit = 1000;

    /// <summary>
    /// Models up to this many features are solved exactly when the penalty is smooth (a₁ = 0): a (p + 1)-square Cholesky
    /// per Newton step, against coordinate sweeps whose count grows with the model's condition number (weak
    /// regularization, collinear columns).
    /// </summary>
    public const int ExactModelLimit = 500;

    /// <summary>The √h-scaled copy of X the exact solve builds holds at most this many entries (128 MB).</summary>
    public const long ExactModelEntries = 1L << 24;

    /// <summary>A step is accepted when the objective grows by at most this share of its size (rounding, not ascent).</summary>
    private const double AcceptedRounding = 1e-15;

    /// <summary>
    /// Inexact Newton: a model is swept to <see cref="InnerShare"/> of the relative KKT residual the last step left, at most
    /// <see cref="InnerTolCap"/> (early models need no precision) and at least tol (the last models are swept to tol).
    /// </summary>
    private const double InnerShare = 0.1;

    private const double InnerTolCap = 1e-2;

    /// <param name="ws">The workspace.</param>
    /// <param name="s">The settings.</param>
    /// <param name="l1">a₁ of an elastic-net-shaped penalty whose path screens features (the strong rule and bounded
    /// certificates); NaN: sweep every feature and certify by full passes.</param>
    /// <param name="smoothL2">a₂ of a penalty that is exactly ½a₂w² (no |w| part, no sign constraint) with at most
    /// <see cref="ExactModelLimit"/> features: each model is then solved exactly; NaN: by coordinate sweeps.</param>
    public static SolverOutcome Solve<TPenalty, TLoss>(Workspace ws, in SolverSettings s, double l1, double smoothL2 = double.NaN)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (w, eta, state) = (ws.Fit.W, ws.Fit.Eta, ws.Path.Newton);
        var d = state.Slope;
        // W is about to move: r = y − Xw no longer holds.
        ws.Path.ResidualIsCurrent = false;
        var kktScale = Certificates.GradientScaleAtZero<TLoss>(ws, d);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var alpha = s.Penalty.Alpha;
        var screened = !double.IsNaN(l1);
        var level = screened ? alpha * l1 : double.NaN;
        // A path's previous fit ended with a certificate at this very (w, b): η and ℓ' are still current (they do not
        // depend on α), so only the check against the new α is made. Otherwise η = Xw + b first. A cold start (w = 0, no
        // intercept yet) begins at the null model, the intercept-only fit: its intercept gradient is zero, and the loss's
        // curvature is taken where the data are (a loss flat far from y — Huber's — has none at η = 0 to model).
        var current = state.Certified;
        if (!current && s.FitIntercept && ws.Fit.B == 0 && !w.AsSpan().ContainsAnyExcept(0.0)) ws.Fit.B = TLoss.NullIntercept(ws.Data.Y, ws.Data.LossWeights);
        if (!current) StartEta(ws);
        var last = Certify<TPenalty, TLoss>(ws, s, kktScale, level, fresh: !current);
        state.Certified = true;
        BuildSet(ws, s, l1, screened);
        if (last.Done) return new SolverOutcome(0, last.Gap, last.Kkt, true, last.Tolerance) { Sweeps = 0 };
        var scale = ObjectiveSize<TPenalty, TLoss>(ws, s);
        var (iteration, sweeps) = (0, 0);
        while (iteration < s.MaxIterations)
        {
            iteration++;
            var hSum = BuildModel<TLoss>(ws, random is not null);
            state.Certified = false;
            w.CopyTo(state.Start, 0);
            var b0 = ws.Fit.B;
            // Inexact Newton: the relative KKT residual the last step left (Kkt over the tolerance's scale), shared down.
            var innerTol = Math.Max(s.Tol, Math.Min(InnerTolCap, InnerShare * last.Kkt / Math.Max(last.Tolerance / s.Tol, 1e-300)));
            var b = !double.IsNaN(smoothL2) && SolveModelExactly(ws, s, smoothL2, hSum, b0, out var exact)
                ? exact
                : SweepModel<TPenalty>(ws, s, random, hSum, b0, innerTol, ref sweeps);
            var accepted = LineSearch<TPenalty, TLoss>(ws, s, b0, b, scale);
            last = Certify<TPenalty, TLoss>(ws, s, kktScale, level, fresh: true);
            state.Certified = true;
            if (last.Done) return new SolverOutcome(iteration, last.Gap, last.Kkt, true, last.Tolerance) { Sweeps = sweeps };
            var joined = screened && JoinViolators(ws, s, alpha * l1);
            if (!accepted && !joined) break;
        }
        return new SolverOutcome(iteration, last.Gap, last.Kkt, false, last.Tolerance) { Sweeps = sweeps };
    }

    /// <summary>η = Xw + b into the fit state.</summary>
    private static void StartEta(Workspace ws)
    {
        var eta = ws.Fit.Eta;
        Blas.Gemv(ws.Data.X, ws.Data.N, ws.Fit.W, eta);
        for (var i = 0; i < eta.Length; i++) eta[i] += ws.Fit.B;
    }

    /// <summary>
    /// The features the models sweep. Along a path (working sets): the active features, the unpenalized ones and the
    /// sequential strong rule's candidates |∇_j| ≥ a₁f_j(2α − α_prev), ∇ the gradient at the warm start just certified (or
    /// the last full pass's value, for a feature certified by its bound); features the certificate then finds violating
    /// |∇_j| ≤ αa₁f_j join. Single fits sweep every feature.
    /// </summary>
    private static void BuildSet(Workspace ws, in SolverSettings s, double l1, bool screened)
    {
        var state = ws.Path.Newton;
        var (w, norms, gradient) = (ws.Fit.W, ws.Data.Norms, ws.Fit.Gradient);
        var strong = screened ? state.StrongLevel(1.0, l1, s.Penalty.Alpha) : 0.0;
        state.PreviousAlpha = s.Penalty.Alpha;
        state.Set.Clear();
        for (var j = 0; j < w.Length; j++)
        {
            if (norms[j] == 0) continue;
            var f = s.Factor(j);
            if (!screened || w[j] != 0 || f == 0 || Math.Abs(gradient[j]) >= strong * f) state.Set.Add(j);
        }
    }

    /// <summary>The objective's size at the warm start: the line search allows rounding of it (the objective only decreases from here).</summary>
    private static double ObjectiveSize<TPenalty, TLoss>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (data, eta) = (ws.Data, ws.Fit.Eta);
        var scale = 0.0;
        for (var i = 0; i < data.N; i++) scale += data.Weight(i) * Math.Abs(TLoss.Value(data.Y[i], eta[i]));
        return scale / data.N + Math.Abs(TPenalty.Value(ws.Fit.W, s.Penalty, s.FactorSpan));
    }

    /// <summary>The model at (w, b): h, s∘ℓ' and ρ = −s∘ℓ'; with a random order, every curvature first. Returns Σh.</summary>
    private static double BuildModel<TLoss>(Workspace ws, bool randomOrder) where TLoss : struct, ILoss
    {
        var (data, eta, state) = (ws.Data, ws.Fit.Eta, ws.Path.Newton);
        var (h, rho, derivative) = (state.Weights, state.Working, state.Derivative);
        var hSum = 0.0;
        for (var i = 0; i < data.N; i++)
        {
            var weight = data.Weight(i);
            h[i] = Math.Max(weight * TLoss.Curvature(data.Y[i], eta[i]), CurvatureFloor * weight);
            derivative[i] = weight * TLoss.Derivative(data.Y[i], eta[i]);
            rho[i] = -derivative[i];
            hSum += h[i];
        }
        // Cyclic sweeps take each curvature in the first sweep's read of the column; random ones need them all first.
        if (randomOrder)
        {
            foreach (var j in state.Set.Span) state.Curvatures[j] = Blas.DotAndWeightedSquaredNorm(data.Column(j), rho, h).WeightedNorm / data.N;
        }
        Array.Clear(state.Direction);
        return hSum;
    }

    /// <summary>
    /// Coordinate descent on the model until its steps settle (scikit-learn's step test at <paramref name="innerTol"/>) or
    /// <see cref="ModelSweepLimit"/> sweeps; the intercept takes the model's Newton step Σρ/Σh after each sweep. Returns the
    /// model's intercept; <paramref name="sweeps"/> counts the sweeps.
    /// </summary>
    private static double SweepModel<TPenalty>(Workspace ws, in SolverSettings s, RandomState? random, double hSum, double b, double innerTol, ref int sweeps)
        where TPenalty : struct, ISeparablePenalty
    {
        var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
        var (h, rho, direction, curvatures) = (state.Weights, state.Working, state.Direction, state.Curvatures);
        int n = data.N;
        var fresh = random is null;
        for (var sweep = 0; sweep < ModelSweepLimit; sweep++)
        {
            double wMax = 0, dwMax = 0;
            var members = state.Set.Span;
            for (var k = 0; k < members.Length; k++)
            {
                var j = members[random is null ? k : (int)random.NextInterval((ulong)(members.Length - 1))];
                var column = data.Column(j);
                double a, g;
                if (fresh)
                {
                    var (dot, norm) = Blas.DotAndWeightedSquaredNorm(column, rho, h);
                    (a, g) = (curvatures[j] = norm / n, -dot / n);
                }
                else
                {
                    a = curvatures[j];
                    g = a > 0 ? -Blas.Dot(column, rho) / n : 0.0;
                }
                if (!(a > 0)) continue;
                var old = w[j];
                var updated = TPenalty.CoordinateMinimizer(a * old - g, a, old, s.Penalty, s.Factor(j));
                if (updated != old)
                {
                    Blas.NewtonStep(updated - old, h, column, rho, direction);
                    w[j] = updated;
                }
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            if (s.FitIntercept)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++) sum += rho[i];
                var step = sum / hSum;
                b += step;
                for (var i = 0; i < n; i++) rho[i] -= h[i] * step;
                dwMax = Math.Max(dwMax, Math.Abs(step));
            }
            sweeps++;
            fresh = false;
            if (wMax == 0 || dwMax / Math.Max(wMax, Math.Abs(b)) < innerTol) break;
        }
        return b;
    }

    /// <summary>
    /// The model's exact minimizer for the smooth penalty ½αa₂Σ_j f_j w_j²: with D = diag(h)/n and u = −s∘ℓ' (the model's
    /// working residual at its centre), (XᵀDX + αa₂F)Δw + XᵀD1·Δb = Xᵀu/n − αa₂F·w and 1ᵀDX·Δw + (Σh/n)·Δb = Σu/n (the
    /// intercept rows only when it is fitted), solved by a Cholesky factorization of the (p + 1)-square system built with
    /// the Gram kernel on √h-scaled columns. Leaves w + Δw in the fit state and XΔw in the model's direction; returns
    /// false (nothing changed) when the system is not positive definite (collinear unpenalized columns), so the caller sweeps.
    /// </summary>
    private static bool SolveModelExactly(Workspace ws, in SolverSettings s, double l2, double hSum, double b0, out double b)
    {
        var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
        var buffers = state.Exact;
        var (h, u, direction) = (state.Weights, state.Working, state.Direction);
        int n = data.N, p = data.P, m = s.FitIntercept ? p + 1 : p;
        var (scaled, roots, system, step) = (buffers.Scaled, buffers.Roots, buffers.System, buffers.Step);
        for (var i = 0; i < n; i++) roots[i] = Math.Sqrt(h[i]);
        var x = data.X;
        for (var j = 0; j < p; j++)
        {
            var column = x.Slice(j * n, n);
            var into = scaled.AsSpan(j * n, n);
            for (var i = 0; i < n; i++) into[i] = roots[i] * column[i];
        }
        Gram.Cross(scaled, n, buffers.Columns, buffers.Columns, system, m, -1);
        Blas.GemvTransposed(x, n, u, step.AsSpan(0, p));
        var ridge = s.Penalty.Alpha * l2;
        for (var j = 0; j < p; j++)
        {
            for (var k = 0; k < p; k++) system[k * m + j] /= n;
            system[j * m + j] += ridge * s.Factor(j);
            step[j] = step[j] / n - ridge * s.Factor(j) * w[j];
        }
        if (s.FitIntercept)
        {
            var uSum = 0.0;
            for (var i = 0; i < n; i++) uSum += u[i];
            for (var j = 0; j < p; j++)
            {
                var v = Blas.Dot(x.Slice(j * n, n), h) / n;
                system[p * m + j] = v;
                system[j * m + p] = v;
            }
            system[p * m + p] = hSum / n;
            step[p] = uSum / n;
        }
        b = b0;
        if (!Cholesky.SolveInPlace(system.AsSpan(0, m * m), step.AsSpan(0, m), m)) return false;
        for (var j = 0; j < p; j++) w[j] += step[j];
        if (s.FitIntercept) b = b0 + step[p];
        Blas.Gemv(x, n, step.AsSpan(0, p), direction);
        return true;
    }

    /// <summary>
    /// The step from (w₀, b₀) to the model's minimizer (w, <paramref name="bTrial"/>), halved until the objective does not
    /// increase. The change of the data term is summed from ℓ'·Δη and the Bregman terms (no cancellation near the optimum,
    /// where a difference of two objective values is rounding noise and would reject good steps); Δη = t·(Xδw + δb), the
    /// image Xδw kept by the coordinate steps. Returns whether a step was taken (otherwise (w₀, b₀) is restored).
    /// </summary>
    private static bool LineSearch<TPenalty, TLoss>(Workspace ws, in SolverSettings s, double b0, double bTrial, double scale)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (data, w, eta, state) = (ws.Data, ws.Fit.W, ws.Fit.Eta, ws.Path.Newton);
        var (start, trial, etaTrial, derivative, direction) = (state.Start, state.Trial, state.EtaTrial, state.Derivative, state.Direction);
        w.CopyTo(trial, 0);
        var penaltyStart = TPenalty.Value(start, s.Penalty, s.FactorSpan);
        var t = 1.0;
        for (var halving = 0; halving < MaxHalvings; halving++)
        {
            for (var j = 0; j < w.Length; j++) w[j] = start[j] + t * (trial[j] - start[j]);
            ws.Fit.B = b0 + t * (bTrial - b0);
            var db = bTrial - b0;
            var change = 0.0;
            for (var i = 0; i < data.N; i++)
            {
                var move = t * (direction[i] + db);
                etaTrial[i] = eta[i] + move;
                change += derivative[i] * move + data.Weight(i) * TLoss.Bregman(data.Y[i], eta[i], etaTrial[i]);
            }
            change = change / data.N + TPenalty.Value(w, s.Penalty, s.FactorSpan) - penaltyStart;
            if (change <= AcceptedRounding * scale)
            {
                etaTrial.AsSpan().CopyTo(eta);
                return true;
            }
            t *= 0.5;
        }
        start.AsSpan().CopyTo(w);
        ws.Fit.B = b0;
        return false;
    }

    /// <summary>Adds the features outside the set whose gradient violates |∇_j| ≤ <paramref name="threshold"/>·f_j; returns whether any joined.</summary>
    private static bool JoinViolators(Workspace ws, in SolverSettings s, double threshold)
    {
        var (set, norms, gradient) = (ws.Path.Newton.Set, ws.Data.Norms, ws.Fit.Gradient);
        var joined = false;
        for (var j = 0; j < norms.Length; j++)
        {
            if (!set.Contains(j) && norms[j] > 0 && Math.Abs(gradient[j]) > threshold * s.Factor(j))
            {
                set.Add(j);
                joined = true;
            }
        }
        return joined;
    }

    /// <summary>
    /// The KKT certificate: ∇ = Xᵀd with d = s∘ℓ'(y, η)/n (made from η when <paramref name="fresh"/>, else the last
    /// certificate's). With a <paramref name="level"/> (αa₁ along a path) a feature at zero is certified without reading its
    /// column when its bound |∇_j| ≤ |c₀_j| + ‖X_j‖·‖d − d₀‖ (<see cref="Bounds.Product"/>) clears level·f_j (its
    /// subdifferential then holds ∇_j, and c₀_j stands in for it); the others are read in one split pass, or, when more than
    /// p / <see cref="Bounds.FullPassShare"/> are uncertain (or there is no pass yet), all of X is read and c₀, d₀ renewed.
    /// Without a level: a full pass.
    /// </summary>
    private static Certificate Certify<TPenalty, TLoss>(Workspace ws, in SolverSettings s, double kktScale, double level, bool fresh)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (eta, d) = (ws.Fit.Eta, ws.Path.Newton.Slope);
        if (double.IsNaN(level)) return Certificates.AnyLoss<TPenalty, TLoss>(ws, s, ws.Fit.W, eta, d, kktScale);
        int n = ws.Data.N, p = ws.Data.P;
        var (w, grad, state, norms) = (ws.Fit.W, ws.Fit.Gradient, ws.Path.Newton, ws.Data.Norms);
        if (fresh) Certificates.LossSlope<TLoss>(ws, eta, d);
        var (cached, d0, exact) = (state.Cached, state.CachedSlope, state.Scratch);
        var moved = double.PositiveInfinity;
        if (state.CacheValid)
        {
            var m2 = 0.0;
            for (var i = 0; i < n; i++) m2 += (d[i] - d0[i]) * (d[i] - d0[i]);
            moved = Math.Sqrt(m2);
        }
        exact.Clear();
        var uncertain = 0;
        for (var j = 0; j < p; j++)
        {
            var f = s.Factor(j);
            if (norms[j] == 0) grad[j] = 0.0;
            else if (w[j] != 0 || f == 0) exact.Add(j);
            else if (Bounds.Product(cached[j], 0.0, norms[j], moved) <= level * f) grad[j] = cached[j];
            else
            {
                exact.Add(j);
                uncertain++;
            }
        }
        if (!state.CacheValid || uncertain > p / Bounds.FullPassShare)
        {
            Blas.GemvTransposed(ws.Data.X, n, d, grad, default, default, default, parallel: true);
            grad.AsSpan().CopyTo(cached);
            d.CopyTo(d0);
            state.CacheValid = true;
        }
        else if (exact.Count > 0)
        {
            Blas.GemvTransposed(ws.Data.X, n, d, grad, exact.Span, default, default, parallel: true);
        }
        return Certificates.FromLossGradient<TPenalty>(ws, s, w, kktScale);
    }
}

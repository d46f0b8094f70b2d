using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// Proximal coordinate descent for separable penalties.
/// Least squares — scikit-learn's <c>enet_coordinate_descent</c>: keep r = y − Xw; for each feature j,
/// z = X_jᵀ(r + X_j w_j), w_j ← argmin ½‖X_j‖²x² − z·x + nα·f_j·g(x) (the generated
/// <c>CoordinateMinimizer</c> in unscaled units), r −= X_j Δw_j. After a sweep whose largest step is
/// ≤ tol·max|w| (or all w are 0, or the budget is spent), certify (see <see cref="Certificates"/>).
/// Other losses — the same sweep on the quadratic upper bound ℓ'' ≤ L of (1/n)Σ s_i ℓ(y_i, η_i): a = L·Σ s_i x_ij²/n,
/// z = a·w_j − ∇_j, keeping η = Xw + b; the intercept takes the step −∇_b/(L·Σs/n) after each sweep.
/// </summary>
internal static class CoordinateDescent
{
    /// <summary>
    /// The proximal Newton model's curvature is at least this share of a sample's weight: σ(η)(1 − σ(η)) underflows to 0
    /// for |η| ≳ 37, and a zero curvature would make the model's coordinate steps undefined.
    /// </summary>
    private const double CurvatureFloor = 1e-12;

    /// <summary>The line search halves a Newton step at most this often (2⁻³⁰ of a step is below rounding); then the fit stops.</summary>
    private const int MaxHalvings = 30;

    /// <summary>Plain sweeps over every feature on r = y − Xw (least squares), stopped by <typeparamref name="TCertificate"/>.</summary>
    public static SolverOutcome ResidualSweeps<TPenalty, TCertificate>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, ISeparablePenalty
        where TCertificate : struct, IResidualCertificate
    {
        int n = ws.N, p = ws.P;
        var w = ws.W;
        var r = ws.Residual;
        ws.Y.CopyTo(r, 0);
        for (var j = 0; j < p; j++)
        {
            if (w[j] != 0) Blas.Axpy(-w[j], ws.Column(j), r);
        }
        var unscaled = s.Penalty with { Alpha = s.Penalty.Alpha * n };
        var kktScale = TCertificate.Scale(ws, ws.Eta);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var last = Certificate.None;
        // r = y − Xw is kept exactly from here on; the next fit of a path may reuse it.
        ws.ResidualIsCurrent = true;
        for (var iteration = 0; iteration < s.MaxIterations; iteration++)
        {
            double wMax = 0, dwMax = 0;
            for (var k = 0; k < p; k++)
            {
                var j = random is null ? k : (int)random.NextInterval((ulong)(p - 1));
                if (ws.Norms[j] == 0) continue;
                var (old, updated) = StepOnResidual<TPenalty>(ws, j, unscaled, s.Factor(j));
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            if (wMax == 0 || dwMax / wMax < s.Tol || iteration == s.MaxIterations - 1)
            {
                last = Certificates.AtResidual<TCertificate>(ws, s, kktScale);
                if (last.Done) return new SolverOutcome(iteration + 1, last.Gap, last.Kkt, true, last.Tolerance);
            }
        }
        return new SolverOutcome(s.MaxIterations, last.Gap, last.Kkt, false, last.Tolerance);
    }

    /// <summary>
    /// One exact coordinate step on least squares, in scikit-learn's unscaled units: r += X_j w_j;
    /// w_j ← argmin ½‖X_j‖²x² − (X_jᵀr)x + nα·f·g(x); r −= X_j w_j. Returns the old and new w_j.
    /// </summary>
    internal static (double Old, double Updated) StepOnResidual<TPenalty>(Workspace ws, int j, in PenaltyParameters unscaled, double factor)
        where TPenalty : struct, ISeparablePenalty
    {
        var column = ws.Column(j);
        var r = ws.Residual;
        var old = ws.W[j];
        if (old != 0) Blas.Axpy(old, column, r);
        var updated = TPenalty.CoordinateMinimizer(Blas.Dot(column, r), ws.Norms[j], old, unscaled, factor);
        ws.W[j] = updated;
        if (updated != 0) Blas.Axpy(-updated, column, r);
        return (old, updated);
    }

    /// <summary>
    /// Other losses: proximal Newton steps (glmnet's IRLS) whose quadratic models are solved by coordinate descent.
    /// At (w, b) with η = Xw + b, h_i = s_i·ℓ''(y_i, η_i) and u_i = −s_i·ℓ'(y_i, η_i), the model of the data term is
    /// (1/n)[−uᵀΔη + ½Σ h_i Δη_i²] with Δη = XΔw + Δb; coordinate j of the model has curvature a_j = Σ h_i x_ij²/n and
    /// gradient −Σ x_ij ρ_i/n with ρ = u − h∘Δη, kept as steps are taken (no loss evaluation inside: the n·p sigmoids
    /// a sweep of plain coordinate descent pays become n per Newton step). The model is swept until its steps settle;
    /// then the step to its minimizer is halved until the objective does not increase, and the fit is certified by
    /// the exact KKT residual. Iterations count the model's sweeps.
    /// </summary>
    /// <summary>
    /// The KKT certificate of a proximal Newton fit: ∇ = Xᵀd with d = s∘ℓ'(y, η)/n (made from η when
    /// <paramref name="fresh"/>, else the last certificate's). With a <paramref name="level"/> (αa₁ along a path) a
    /// feature at zero is certified without reading its column when its bound |∇_j| ≤ |c₀_j| + ‖X_j‖·‖d − d₀‖ clears
    /// level·f_j (c₀ = Xᵀd₀ from the last full pass; its subdifferential then holds ∇_j, and c₀_j stands in for it);
    /// the others are read in one split pass, or, when more than p/8 are uncertain (or there is no pass yet), all of X
    /// is read and c₀, d₀ renewed. Without a level: a full pass.
    /// </summary>
    private static Certificate Certify<TPenalty, TLoss>(
        Workspace ws, in SolverSettings s, ReadOnlySpan<double> eta, Span<double> d, double kktScale, double level, bool fresh)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        if (double.IsNaN(level)) return Certificates.AnyLoss<TPenalty, TLoss>(ws, s, ws.W, eta, d, kktScale);
        int n = ws.N, p = ws.P;
        var (w, grad, buffers) = (ws.W, ws.Gradient, ws.Newton);
        if (fresh) Certificates.LossSlope<TLoss>(ws, eta, d);
        var (cached, d0, exact) = (buffers.Cached, buffers.CachedSlope, buffers.Exact);
        var moved = double.PositiveInfinity;
        if (buffers.CacheValid)
        {
            var m2 = 0.0;
            for (var i = 0; i < n; i++) m2 += (d[i] - d0[i]) * (d[i] - d0[i]);
            moved = Math.Sqrt(m2) * (1 + Bounds.RoundingSlack);
        }
        exact.Clear();
        var uncertain = 0;
        for (var j = 0; j < p; j++)
        {
            var f = s.Factor(j);
            if (ws.Norms[j] == 0)
            {
                grad[j] = 0.0;
                continue;
            }
            if (w[j] != 0 || f == 0)
            {
                exact.Add(j);
                continue;
            }
            var c = cached[j];
            if (Math.Abs(c) * (1 + Bounds.RoundingSlack) + Math.Sqrt(ws.Norms[j]) * moved <= level * f)
            {
                grad[j] = c;
                continue;
            }
            exact.Add(j);
            uncertain++;
        }
        if (!buffers.CacheValid || uncertain > p / Bounds.FullPassShare)
        {
            Blas.GemvTransposed(ws.X, n, d, grad, default, default, default, parallel: true);
            grad.AsSpan().CopyTo(cached);
            d.CopyTo(d0);
            buffers.CacheValid = true;
        }
        else if (exact.Count > 0)
        {
            Blas.GemvTransposed(ws.X, n, d, grad, exact.Span, default, default, parallel: true);
        }
        return Certificates.FromLossGradient<TPenalty>(ws, s, w, kktScale);
    }

    /// <summary>η = Xw + b into ws.Eta.</summary>
    private static void StartEta(Workspace ws)
    {
        var eta = ws.Eta;
        Blas.Gemv(ws.X, ws.N, ws.W, eta);
        for (var i = 0; i < eta.Length; i++) eta[i] += ws.B;
    }

    /// <param name="ws">The workspace.</param>
    /// <param name="s">The settings.</param>
    /// <param name="l1">a₁ of an elastic-net-shaped penalty whose path screens features (the strong rule and bounded
    /// certificates); NaN: sweep every feature and certify by full passes.</param>
    public static SolverOutcome ProximalNewton<TPenalty, TLoss>(Workspace ws, in SolverSettings s, double l1)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        int n = ws.N, p = ws.P;
        var w = ws.W;
        var eta = ws.Eta;
        var d = ws.Residual;
        var buffers = ws.Newton;
        var (h, rho, start, trial, etaTrial, slope) = (buffers.Weights, buffers.Working, buffers.Start, buffers.Trial, buffers.EtaTrial, buffers.Slope);
        var direction = buffers.Direction;
        var curvatures = buffers.Curvatures;
        // ws.Residual is scratch here (it receives ℓ'/n), no longer y − Xw.
        ws.ResidualIsCurrent = false;
        var kktScale = Certificates.GradientScaleAtZero<TLoss>(ws, d);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var alpha = s.Penalty.Alpha;
        var screened = !double.IsNaN(l1);
        // Along a path the certificates bound the features at zero instead of reading them (see Certify).
        var level = screened ? alpha * l1 : double.NaN;
        // A path's previous fit ended with a certificate at this very (w, b): η and ℓ' are still current (they do not
        // depend on α), so only the check against the new α is made. Otherwise η = Xw + b first.
        var current = buffers.Certified;
        // A cold start (w = 0, no intercept yet) begins at the null model, the intercept-only fit: its intercept gradient
        // is zero, and the loss's curvature is taken where the data are (a loss flat far from y — Huber's — has no
        // curvature at η = 0 to build a first model from).
        if (!current && s.FitIntercept && ws.B == 0 && !w.AsSpan().ContainsAnyExcept(0.0)) ws.B = TLoss.NullIntercept(ws.Y, ws.LossWeights);
        if (!current) StartEta(ws);
        var last = Certify<TPenalty, TLoss>(ws, s, eta, d, kktScale, level, fresh: !current);
        buffers.Certified = true;
        // Along a path (working sets), the models sweep the active features, the unpenalized ones and the sequential
        // strong rule's candidates |∇_j| ≥ a₁f_j(2α − α_prev), ∇ the gradient at the warm start just certified (or
        // the last full pass's value, for a feature certified by its bound); features the certificate then finds
        // violating |∇_j| ≤ αa₁f_j join. Single fits sweep every feature.
        var set = buffers.Set;
        set.Clear();
        var previous = double.IsNaN(buffers.PreviousAlpha) ? alpha : buffers.PreviousAlpha;
        buffers.PreviousAlpha = alpha;
        for (var j = 0; j < p; j++)
        {
            if (ws.Norms[j] == 0) continue;
            var f = s.Factor(j);
            if (!screened || w[j] != 0 || f == 0 || Math.Abs(ws.Gradient[j]) >= l1 * f * Math.Max(2 * alpha - previous, 0)) set.Add(j);
        }
        if (last.Done) return new SolverOutcome(0, last.Gap, last.Kkt, true, last.Tolerance);
        // The objective's size at the warm start: the line search allows rounding of 1e-15 of it (the objective
        // only decreases from here, so this stays an upper bound of the size).
        var scale = 0.0;
        for (var i = 0; i < n; i++) scale += ws.Weight(i) * Math.Abs(TLoss.Value(ws.Y[i], eta[i]));
        scale = scale / n + Math.Abs(TPenalty.Value(w, s.Penalty, s.FactorSpan));
        var iteration = 0;
        while (iteration < s.MaxIterations)
        {
            // The model at (w, b).
            var hSum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var weight = ws.Weight(i);
                h[i] = Math.Max(weight * TLoss.Curvature(ws.Y[i], eta[i]), CurvatureFloor * weight);
                slope[i] = weight * TLoss.Derivative(ws.Y[i], eta[i]);
                rho[i] = -slope[i];
                hSum += h[i];
            }
            // Cyclic sweeps take each curvature in the first sweep's read of the column; random ones need them all first.
            if (random is not null)
            {
                foreach (var j in set.Span) curvatures[j] = Blas.DotAndWeightedSquaredNorm(ws.Column(j), rho, h).WeightedNorm / n;
            }
            var fresh = random is null;
            Array.Clear(direction);
            buffers.Certified = false;
            w.CopyTo(start, 0);
            var b0 = ws.B;
            var b = b0;
            // Inexact Newton: a model far from the optimum is swept only to a tenth of the relative KKT residual the
            // last step left (at most 1e-2, at least tol): the last models are swept to tol.
            var innerTol = Math.Max(s.Tol, Math.Min(1e-2, 0.1 * last.Kkt / Math.Max(last.Tolerance / s.Tol, 1e-300)));
            // Coordinate descent on the model until its steps settle (scikit-learn's step test) or the budget ends.
            while (iteration < s.MaxIterations)
            {
                double wMax = 0, dwMax = 0;
                var members = set.Span;
                for (var k = 0; k < members.Length; k++)
                {
                    var j = members[random is null ? k : (int)random.NextInterval((ulong)(members.Length - 1))];
                    var column = ws.Column(j);
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
                iteration++;
                fresh = false;
                if (wMax == 0 || dwMax / Math.Max(wMax, Math.Abs(b)) < innerTol) break;
            }
            // The step from (w₀, b₀) to the model's minimizer, halved until the objective does not increase. The change
            // of the data term is summed from ℓ'·Δη and the Bregman terms (no cancellation near the optimum, where a
            // difference of two objective values is rounding noise and would reject good steps). Δη = t·(Xδw + δb), the
            // image Xδw kept by the coordinate steps.
            w.CopyTo(trial, 0);
            var bTrial = b;
            var penaltyStart = TPenalty.Value(start, s.Penalty, s.FactorSpan);
            var t = 1.0;
            var accepted = false;
            for (var halving = 0; halving < MaxHalvings; halving++)
            {
                for (var j = 0; j < p; j++) w[j] = start[j] + t * (trial[j] - start[j]);
                ws.B = b0 + t * (bTrial - b0);
                var db = bTrial - b0;
                var change = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var move = t * (direction[i] + db);
                    etaTrial[i] = eta[i] + move;
                    change += slope[i] * move + ws.Weight(i) * TLoss.Bregman(ws.Y[i], eta[i], etaTrial[i]);
                }
                change = change / n + TPenalty.Value(w, s.Penalty, s.FactorSpan) - penaltyStart;
                if (change <= 1e-15 * scale)
                {
                    etaTrial.AsSpan().CopyTo(eta);
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted)
            {
                start.AsSpan().CopyTo(w);
                ws.B = b0;
            }
            last = Certify<TPenalty, TLoss>(ws, s, eta, d, kktScale, level, fresh: true);
            buffers.Certified = true;
            if (last.Done) return new SolverOutcome(iteration, last.Gap, last.Kkt, true, last.Tolerance);
            var joined = false;
            for (var j = 0; screened && j < p; j++)
            {
                if (!set.Contains(j) && ws.Norms[j] > 0 && Math.Abs(ws.Gradient[j]) > alpha * l1 * s.Factor(j))
                {
                    set.Add(j);
                    joined = true;
                }
            }
            if (!accepted && !joined) break;
        }
        return new SolverOutcome(Math.Min(iteration, s.MaxIterations), last.Gap, last.Kkt, false, last.Tolerance);
    }

}

using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.WorkingSets;
using static PenaltyGen.Solvers.NewtonRules;

namespace PenaltyGen.Solvers;

/// <summary>
/// The proximal Newton solver's path state: its working set, c₀ = Xᵀd₀ of the last full pass and the directions d recently
/// moved in with their products (<see cref="BoundedState"/>: the path's tangents of d, which tighten the certificate's
/// bounds), d₀, the model's buffers, and whether η, d and ∇ belong to the current (w, b).
/// </summary>
internal sealed class NewtonState(int n, int p) : BoundedState(n, p, n)
{
    private readonly double[] move = new double[n];

    /// <summary>
    /// The move of d since the last full pass, d₀ − d: fills <see cref="BoundedState.Coordinates"/> and
    /// <see cref="BoundedState.Along"/> with its part along the kept directions and returns ρ ≥ the norm of the rest,
    /// √(‖d₀ − d‖² − ‖z‖²) widened against the cancellation. Then X_jᵀd = c₀_j − Along_j − (at most ‖X_j‖ρ).
    /// </summary>
    public double Deviation(ReadOnlySpan<double> d) => Deviation(CachedSlope, d, move);

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

    /// <summary>
    /// Whether the models are solved exactly on their non-zero features before they are swept: set once a model has needed
    /// more sweeps than that solve costs, kept along a path (its later fits are the weaker-regularized ones), dropped when
    /// the solve is refused (more features than it takes, or a singular system).
    /// </summary>
    public bool ExactFirst { get; set; }

    /// <summary>X(w − w₀) + (b − b₀) of the model's step so far, kept by its coordinate steps (no product with X for the line search).</summary>
    public double[] Direction { get; } = new double[n];

    public double[] Start { get; } = new double[p];

    public double[] Trial { get; } = new double[p];

    public double[] Curvatures { get; } = new double[p];

    /// <summary>d₀ = s∘ℓ'/n of the last full pass (with <see cref="WorkingSetState.Cached"/> = Xᵀd₀).</summary>
    public double[] CachedSlope { get; } = new double[n];

    /// <summary>The exact model solve's buffers (<see cref="ExactNewtonModel"/>), made on its first use.</summary>
    public ExactModelBuffers Exact => exact ??= new ExactModelBuffers(Weights.Length, Trial.Length, (int)Math.Min(ProximalNewton.ExactModelLimit, ProximalNewton.ExactModelEntries / Math.Max(Weights.Length, 1)));

    private ExactModelBuffers? exact;

    /// <summary>Where the two halves of a paired model sweep trade their partial sums (<see cref="ProximalNewton.PairedRows"/>).</summary>
    public PairExchange Pair { get; } = new();
}

/// <summary>
/// Proximal Newton steps (glmnet's IRLS) for a non-quadratic loss and a separable penalty, their quadratic models solved
/// by coordinate descent. At (w, b) with η = Xw + b, h_i = s_i·ℓ''(y_i, η_i) and u_i = −s_i·ℓ'(y_i, η_i), the model of the
/// data term is (1/n)[−uᵀΔη + ½Σ h_i Δη_i²] with Δη = XΔw + Δb; coordinate j of the model has curvature a_j = Σ h_i x_ij²/n
/// and gradient −Σ x_ij ρ_i/n with ρ = u − h∘Δη, kept as steps are taken (no loss evaluation inside: the n·p loss
/// evaluations a sweep of plain coordinate descent pays become n per Newton step). The model is swept until its steps
/// settle; then the step to its minimizer is halved until the objective does not increase, and the fit is certified by
/// the exact KKT residual. Iterations count Newton steps. With an elastic-net-shaped penalty a model is also solved exactly
/// (<see cref="ExactNewtonModel"/>): every model of a smooth penalty on at most <see cref="ExactModelLimit"/> features, and,
/// with an l1 part or w ≥ 0, the models on their non-zero features once sweeping one has cost more than that solve would
/// (weak regularization, collinear columns: the sweeps' count grows with the model's condition number, the solve's does not).
/// Along a path with an l1 part the models sweep a working set (the strong rule) and the certificates bound the features
/// at zero instead of reading them.
/// </summary>
internal static partial class ProximalNewton
{
    /// <summary>A model's sweeps before an exact solve may replace them: well-conditioned models settle in fewer.</summary>
    private const int MinSweepsBeforeExact = 10;

    /// <summary>
    /// Exact model solves take at most this many features: an (m + 1)-square Cholesky per Newton step (m³/3 flops), against
    /// coordinate sweeps whose count grows with the model's condition number.
    /// </summary>
    public const int ExactModelLimit = 500;

    /// <summary>The √h-scaled copy of X the exact solve builds holds at most this many entries (128 MB).</summary>
    public const long ExactModelEntries = 1L << 24;

    /// <param name="ws">The workspace.</param>
    /// <param name="s">The settings.</param>
    /// <param name="shape">The closed form of an elastic-net-shaped penalty (exact model solves; with an l1 part and working
    /// sets, a path screens features by the strong rule and bounded certificates); null: sweep every feature, certify by
    /// full passes.</param>
    public static SolverOutcome Solve<TPenalty, TLoss>(Workspace ws, in SolverSettings s, ElasticNetShape? shape)
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
        var l1 = shape?.L1 ?? 0.0;
        var screened = s.WorkingSets && l1 > 0;
        var level = screened ? alpha * l1 : double.NaN;
        var (n, p) = (ws.Data.N, ws.Data.P);
        var whole = shape is { L1: 0, Positive: false } && p <= ExactModelLimit && (long)n * p <= ExactModelEntries;
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
        // A warm start that passes its certificate is done — unless the models are ill-conditioned (the exact solves have
        // taken over, ExactFirst) and w ≠ 0: then it takes at least one Newton step, as glmnet's always do, because the
        // certificate bounds the gradient, and at weak regularization a gradient within tol can be far from the optimum.
        if (last.Done && !(state.ExactFirst && w.AsSpan().ContainsAnyExcept(0.0))) return Ended(state, screened, new SolverOutcome(0, last.Gap, last.Kkt, true, last.Tolerance) { Sweeps = 0 });
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
            var b = b0;
            if (!(whole && SolveOnSet(ws, s, shape!.Value, hSum, ref b)))
            {
                // Once a model has needed more sweeps than an exact solve on its non-zero features costs (and at least
                // MinSweepsBeforeExact: a well-conditioned model settles in fewer), the models are solved exactly first
                // and then swept (to re-decide the set): sweeps settle falsely on ill-conditioned models, with small steps
                // far from the minimizer. The choice is kept along a path, and dropped when the set outgrows the solve.
                if (state.ExactFirst && shape is { } first) state.ExactFirst = SolveOnSet(ws, s, first, hSum, ref b);
                var budget = shape is not null && !whole && !state.ExactFirst ? Math.Max(MinSweepsBeforeExact, ExactSolveInSweeps(ws)) : ModelSweepLimit;
                b = SweepModel<TPenalty>(ws, s, random, hSum, b, innerTol, budget, ref sweeps, out var settled);
                if (!settled && budget < ModelSweepLimit)
                {
                    state.ExactFirst = SolveOnSet(ws, s, shape!.Value, hSum, ref b);
                    b = SweepModel<TPenalty>(ws, s, random, hSum, b, innerTol, ModelSweepLimit - budget, ref sweeps, out _);
                }
            }
            var accepted = LineSearch<TPenalty, TLoss>(ws, s, b0, b, scale);
            last = Certify<TPenalty, TLoss>(ws, s, kktScale, level, fresh: true);
            state.Certified = true;
            if (last.Done) return Ended(state, screened, new SolverOutcome(iteration, last.Gap, last.Kkt, true, last.Tolerance) { Sweeps = sweeps });
            var joined = screened && JoinViolators(ws, s, alpha * l1);
            if (!accepted && !joined) break;
        }
        return Ended(state, screened, new SolverOutcome(iteration, last.Gap, last.Kkt, false, last.Tolerance) { Sweeps = sweeps });
    }

    /// <summary>Along a screened path, records the certified d of this fit: its move from the last fit's is the path's newest tangent.</summary>
    private static SolverOutcome Ended(NewtonState state, bool screened, SolverOutcome outcome)
    {
        if (screened) state.Tangent.Record(state.Slope, reversed: true);
        return outcome;
    }

    /// <summary>
    /// The model solved exactly (<see cref="ExactNewtonModel.Solve"/>) on the features whose sign is known: the non-zero ones,
    /// and, unless w ≥ 0, every one where the penalty has no |w_j| term (a₁ = 0 or f_j = 0). Returns false, with nothing
    /// changed, when there are more than <see cref="ExactModelLimit"/> (or <see cref="ExactModelEntries"/> entries) or the
    /// system is singular.
    /// </summary>
    private static bool SolveOnSet(Workspace ws, in SolverSettings s, ElasticNetShape shape, double hSum, ref double b)
    {
        var (w, state) = (ws.Fit.W, ws.Path.Newton);
        var members = state.Exact.Members;
        var m = 0;
        foreach (var j in state.Set.Span)
        {
            if (w[j] != 0 || !shape.Positive && (shape.L1 == 0 || s.Factor(j) == 0)) members[m++] = j;
        }
        if (m == 0 || m > ExactModelLimit || (long)ws.Data.N * m > ExactModelEntries) return false;
        return ExactNewtonModel.Solve(ws, s, shape, members.AsSpan(0, m), hSum, ref b);
    }

    /// <summary>
    /// How many sweeps of the model cost as much as an exact solve on its non-zero features (at least one feature): a sweep
    /// reads the set's columns twice (≈ 4n·|S| flops), the solve builds an m-square Gram matrix (2n·m²) and factors it
    /// (m³/3). <see cref="ModelSweepLimit"/> when the solve would be refused (more than <see cref="ExactModelLimit"/>).
    /// </summary>
    private static int ExactSolveInSweeps(Workspace ws)
    {
        var (w, set, n) = (ws.Fit.W, ws.Path.Newton.Set, (double)ws.Data.N);
        var m = 0.0;
        foreach (var j in set.Span)
        {
            if (w[j] != 0) m++;
        }
        m = Math.Max(m, 1);
        if (m > ExactModelLimit || n * m > ExactModelEntries || set.Count == 0) return ModelSweepLimit;
        return (int)Math.Min(ModelSweepLimit, Math.Ceiling((2.0 * n * m * m + m * m * m / 3) / (4.0 * n * set.Count)));
    }

    /// <summary>η = Xw + b into the fit state.</summary>
    private static void StartEta(Workspace ws)
    {
        var eta = ws.Fit.Eta;
        Blas.Gemv(ws.Data.X, ws.Data.N, ws.Fit.W, eta);
        for (var i = 0; i < eta.Length; i++) eta[i] += ws.Fit.B;
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
    /// Coordinate descent on the model until its steps settle (scikit-learn's step test at <paramref name="innerTol"/>:
    /// <paramref name="settled"/>) or <paramref name="maxSweeps"/> sweeps; the intercept takes the model's Newton step Σρ/Σh
    /// after each sweep. Returns the model's intercept; <paramref name="sweeps"/> counts the sweeps.
    /// </summary>
    private static double SweepModel<TPenalty>(Workspace ws, in SolverSettings s, RandomState? random, double hSum, double b, double innerTol, int maxSweeps,
        ref int sweeps, out bool settled)
        where TPenalty : struct, ISeparablePenalty
    {
        if (Paired(ws, random)) return SweepModelPaired<TPenalty>(ws, s, hSum, b, innerTol, maxSweeps, ref sweeps, out settled);
        var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
        var (h, rho, direction, curvatures) = (state.Weights, state.Working, state.Direction, state.Curvatures);
        int n = data.N;
        var fresh = random is null;
        settled = false;
        for (var sweep = 0; sweep < maxSweeps; sweep++)
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
            if (Settled(wMax, dwMax, b, innerTol))
            {
                settled = true;
                break;
            }
        }
        return b;
    }

    /// <summary>scikit-learn's step test on a model's sweep: max|Δ| &lt; innerTol·max(max|w_j|, |b|), or w = 0.</summary>
    private static bool Settled(double wMax, double dwMax, double intercept, double innerTol) =>
        wMax == 0 || dwMax / Math.Max(wMax, Math.Abs(intercept)) < innerTol;

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
}

using System;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// Coordinate descent on a working set, for least squares with an elastic-net-shaped penalty (a₁ &gt; 0), in either
/// mode (<see cref="IProductMode"/>). The set starts as the active features, the unpenalized ones and the sequential
/// strong rule's candidates (|X_jᵀr| ≥ n·a₁f_j·(2α − α_prev)); sweeps visit only the set. When a sweep passes
/// scikit-learn's step test, the features outside are checked against bounds on their products from the last full
/// pass (<see cref="BoundedState.Bound"/>): a feature whose bound is below its threshold nαa₁f_j is certified without
/// touching its column; the others are computed, and violators join the set. The stop is the full duality gap, with the
/// bounds standing in for the certified features' products (which can only make the gap larger): the same accuracy as
/// plain sweeps, reached touching X far less. Two kinds of jump shorten slow runs of sweeps, each kept only when it
/// lowers the objective: Anderson extrapolation of the sweeps' iterates, and (when the gap's decay predicts many more
/// sweeps) a Newton step on the orthant face (<see cref="FaceNewton"/>).
/// </summary>
internal static class WorkingSetEngine
{
    public static SolverOutcome Solve<TPenalty, TMode>(TMode mode, Workspace ws, in SolverSettings s)
        where TPenalty : struct, IElasticNetPenalty
        where TMode : struct, IProductMode
    {
        var n = ws.Data.N;
        var l1 = TPenalty.Shape(s.Penalty).L1;
        var alpha = s.Penalty.Alpha;
        var unscaled = s.Penalty with { Alpha = alpha * n };
        var state = mode.State;
        mode.Begin(s, l1, state.StrongLevel(n, l1, alpha));
        var last = Certificate.None;
        var iterations = 0;
        var activeOnly = false;
        var schedule = state.Schedule;
        schedule.StartFit();
        var due = 0;
        var extrapolation = state.Extrapolation;
        extrapolation.Reset();
        mode.Face.StartFit();
        Predict<TPenalty, TMode>(mode, ws, unscaled, s, alpha);
        while (iterations < s.MaxIterations)
        {
            var (wMax, dwMax) = mode.Sweep<TPenalty>(s, unscaled, activeOnly);
            iterations++;
            var settled = wMax == 0 || dwMax / wMax < s.Tol;
            // A kept extrapolation is a jump the decay rate does not predict: the next settled whole sweep is checked.
            if (Accelerate<TPenalty, TMode>(mode, ws, unscaled, s, activeOnly)) due = 0;
            if (iterations < s.MaxIterations)
            {
                if (mode.CyclesActive && activeOnly)
                {
                    if (settled) activeOnly = false;
                    continue;
                }
                if (!settled)
                {
                    // A whole sweep that still moves: sweep again (in cycling modes, the non-zero coefficients until they settle).
                    activeOnly = mode.CyclesActive;
                    continue;
                }
                // A settled whole sweep before the scheduled certificate: whole sweeps go on (one map for the extrapolation).
                if (iterations < due) continue;
            }
            if (mode.CheckOutside(s, alpha * n * l1)) continue;
            last = mode.Certify<TPenalty>(s);
            if (last.Done) break;
            var ratio = last.Gap / last.Tolerance;
            var wait = schedule.Wait(ratio, iterations);
            // A mode whose checks read no column checks every settled sweep; the schedule still measures the decay.
            if (mode.ChecksReadColumns) due = iterations + wait;
            // Coordinate descent predicted slow: a Newton step on the face, judged by the next certificate.
            var face = mode.Face;
            if (face.Due(ratio, schedule.Predicted))
            {
                if (TakeFaceStep<TPenalty, TMode>(mode, ws, face, unscaled, s))
                {
                    due = 0;
                    face.Kept(ratio);
                }
                else
                {
                    face.Refused();
                }
            }
        }
        // The reported certificate is of the returned point: a fit stopped by the iteration budget is checked once more
        // there (its last certificate, if any, may predate sweeps or a check that joined features). Its KKT residual is
        // computed from the products that certificate left in ws.Fit.Gradient.
        if (!last.Done)
        {
            mode.CheckOutside(s, alpha * n * l1);
            last = mode.Certify<TPenalty>(s);
        }
        last = last with { Kkt = Certificates.KktFromProducts<TPenalty>(ws, s) };
        state.PreviousAlpha = alpha;
        state.Predictor.Record(ws.Fit.W, alpha);
        mode.End();
        return new SolverOutcome(iterations, last.Gap, last.Kkt, last.Done, last.Tolerance);
    }

    /// <summary>
    /// Records the sweep's iterate; after <see cref="Extrapolation.Depth"/> + 1 sweeps of one map (the whole set, or its
    /// non-zero coefficients only: a change of map starts a new run), moves to the Anderson point when that lowers
    /// the objective (<see cref="TryPoint"/>); the point is kept in the last iterate's orthant face
    /// (<see cref="Extrapolation.KeepInFace"/>). Returns whether the point was kept.
    /// </summary>
    private static bool Accelerate<TPenalty, TMode>(TMode mode, Workspace ws, in PenaltyParameters unscaled, in SolverSettings s, bool activeOnly)
        where TPenalty : struct, IElasticNetPenalty
        where TMode : struct, IProductMode
    {
        var extrapolation = mode.State.Extrapolation;
        var set = mode.State.Set.Span;
        extrapolation.Record(set, ws.Fit.W, activeOnly);
        if (!extrapolation.Full || !extrapolation.Combine()) return false;
        extrapolation.KeepInFace(set, s.FactorSpan);
        var kept = TryPoint<TPenalty, TMode>(mode, ws, unscaled, s, extrapolation.Point.AsSpan(0, set.Length), extrapolation.Last);
        if (kept) extrapolation.Accepted();
        else extrapolation.Rejected();
        return kept;
    }

    /// <summary>
    /// Moves a path's fit to the point its last two solutions predict (<see cref="PathPredictor"/>) when that lowers the
    /// objective (<see cref="TryPoint"/>); the set holds every non-zero coefficient here, as TryPoint needs.
    /// </summary>
    private static void Predict<TPenalty, TMode>(TMode mode, Workspace ws, in PenaltyParameters unscaled, in SolverSettings s, double alpha)
        where TPenalty : struct, IElasticNetPenalty
        where TMode : struct, IProductMode
    {
        var predictor = mode.State.Predictor;
        var count = predictor.Predict(ws.Fit.W, alpha, mode.State.Set.Span, s);
        if (count > 0) TryPoint<TPenalty, TMode>(mode, ws, unscaled, s, predictor.Point.AsSpan(0, count), predictor.Old.AsSpan(0, count));
    }

    /// <summary>
    /// A Newton step on the face (<see cref="FaceNewton"/>) from the products the failed certificate left in
    /// ws.Fit.Gradient (exact on the set), kept when it lowers the objective (<see cref="TryPoint"/>). The iterates the
    /// extrapolation holds are from before the jump: they are forgotten. Returns whether the step was kept.
    /// </summary>
    private static bool TakeFaceStep<TPenalty, TMode>(TMode mode, Workspace ws, FaceNewton face, in PenaltyParameters unscaled, in SolverSettings s)
        where TPenalty : struct, IElasticNetPenalty
        where TMode : struct, IProductMode
    {
        var set = mode.State.Set.Span;
        if (!mode.SolveFace(s, TPenalty.Shape(unscaled), unscaled.Alpha)) return false;
        if (!TryPoint<TPenalty, TMode>(mode, ws, unscaled, s, face.Point.AsSpan(0, set.Length), face.Last.AsSpan(0, set.Length))) return false;
        mode.State.Extrapolation.Reset();
        return true;
    }

    /// <summary>
    /// Moves the set's coefficients from <paramref name="old"/> to <paramref name="point"/> (both in the set's order) when
    /// that lowers the objective ½‖r‖² + nα·Σ f_j g(w_j). The change is judged from the exact image at the point
    /// (computed afresh: an extrapolation's weights can be large, and a weighted sum of the iterates' images would carry
    /// their rounding times |c|), in a form free of ‖y‖²-sized cancellation; the set holds every non-zero coefficient,
    /// so the sums run over it. Returns whether the point was kept (otherwise w is as it was).
    /// </summary>
    private static bool TryPoint<TPenalty, TMode>(TMode mode, Workspace ws, in PenaltyParameters unscaled, in SolverSettings s,
        ReadOnlySpan<double> point, ReadOnlySpan<double> old)
        where TPenalty : struct, IElasticNetPenalty
        where TMode : struct, IProductMode
    {
        var set = mode.State.Set.Span;
        var w = ws.Fit.W;
        var shape = TPenalty.Shape(unscaled);
        var penaltyChange = 0.0;
        for (var i = 0; i < set.Length; i++)
        {
            penaltyChange += s.Factor(set[i]) * (shape.Value(point[i]) - shape.Value(old[i]));
        }
        if (!(penaltyChange < double.PositiveInfinity)) return false;
        var image = mode.Image();
        var candidate = mode.State.Extrapolation.Image.AsSpan(0, image.Length);
        for (var i = 0; i < set.Length; i++) w[set[i]] = point[i];
        mode.ImageAt(candidate);
        if (mode.LossChange(old, image, candidate) + unscaled.Alpha * penaltyChange < 0)
        {
            candidate.CopyTo(image);
            mode.Replaced();
            return true;
        }
        for (var i = 0; i < set.Length; i++) w[set[i]] = old[i];
        return false;
    }
}

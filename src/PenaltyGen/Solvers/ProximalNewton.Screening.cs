using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.WorkingSets;

namespace PenaltyGen.Solvers;

/// <summary>Proximal Newton's screening along a path: the features its models sweep, those that join, and the certificate that bounds the rest.</summary>
internal static partial class ProximalNewton
{
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
    /// column when its bound |∇_j| ≤ |c₀_j − Σ z_a e_a,j| + ‖X_j‖·ρ clears level·f_j — the move d₀ − d split along the path's
    /// recent tangents of d (z, with e_a = Xᵀq_a from the pass that installed them) and the rest (norm ρ) by
    /// Cauchy–Schwarz (<see cref="NewtonState.Deviation"/>, <see cref="Bounds.Product"/>): its subdifferential then holds ∇_j,
    /// and the bound's centre c₀_j − Σ z_a e_a,j stands in for it. The others are read in one split pass, or, when more
    /// than p / <see cref="Bounds.FullPassShare"/> are uncertain (or there is no pass yet), all of X is read, c₀ and d₀
    /// renewed, and a pending tangent installed from the same read.
    /// Without a level: a full pass. With one, the set's own columns come first: while their KKT residual exceeds the
    /// tolerance the certificate fails there and the other features keep the gradient of the last check that read them.
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
        // First the set the models sweep, as glmnet checks its strong set before all features: while the set's own KKT
        // residual exceeds the tolerance the fit is not done whatever the rest say, and nothing outside it is read.
        var members = state.Set.Span;
        if (!members.IsEmpty) Blas.GemvTransposed(ws.Data.X, n, d, grad, members, default, default, parallel: true);
        var setKkt = s.FitIntercept ? Math.Abs(ws.Fit.InterceptGradient) : 0.0;
        foreach (var j in members) setKkt = Math.Max(setKkt, TPenalty.SubdifferentialDistance(w[j], grad[j], s.Penalty, s.Factor(j)));
        var tolerance = s.Tol * kktScale;
        if (setKkt > tolerance) return new Certificate(double.NaN, setKkt, false, tolerance);
        var (cached, d0, exact, along) = (state.Cached, state.CachedSlope, state.Scratch, state.Along);
        var moved = state.CacheValid ? state.Deviation(d) : double.PositiveInfinity;
        exact.Clear();
        var uncertain = 0;
        for (var j = 0; j < p; j++)
        {
            var f = s.Factor(j);
            if (norms[j] == 0) grad[j] = 0.0;
            else if (w[j] != 0 || f == 0) exact.Add(j);
            else if (state.Bound(j, ws.Data.ColumnNorms[j], moved) <= level * f) grad[j] = cached[j] - along[j];
            else
            {
                exact.Add(j);
                uncertain++;
            }
        }
        if (!state.CacheValid || uncertain > p / Bounds.FullPassShare)
        {
            // A pending tangent of d gets its products Xᵀt from the same read of X and joins the directions.
            var install = state.Tangent.Pending;
            Blas.GemvTransposed(ws.Data.X, n, d, grad, default, install ? state.Tangent.Vector : default, install ? state.TangentProducts : default,
                parallel: true);
            if (install)
            {
                state.Motion.Add(state.Tangent.Vector, null, state.TangentProducts);
                state.Tangent.Pending = false;
            }
            grad.AsSpan().CopyTo(cached);
            d.CopyTo(d0);
            state.Renewed();
        }
        else if (exact.Count > 0)
        {
            Blas.GemvTransposed(ws.Data.X, n, d, grad, exact.Span, default, default, parallel: true);
        }
        return Certificates.FromLossGradient<TPenalty>(ws, s, w, kktScale);
    }
}

using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// Proximal coordinate descent on least squares for separable penalties, scikit-learn's <c>enet_coordinate_descent</c>:
/// keep r = y − Xw; for each feature j, z = X_jᵀ(r + X_j w_j), w_j ← argmin ½‖X_j‖²x² − z·x + nα·f_j·g(x) (the generated
/// <c>CoordinateMinimizer</c> in unscaled units), r −= X_j Δw_j. After a sweep whose largest step is ≤ tol·max|w| (or all
/// w are 0, or the budget is spent), certify (see <see cref="Certificates"/>). Paths sweep working sets instead
/// (<see cref="WorkingSets.WorkingSetEngine"/>); other losses take proximal Newton steps (<see cref="ProximalNewton"/>).
/// </summary>
internal static class CoordinateDescent
{
    /// <summary>Plain sweeps over every feature on r = y − Xw (least squares), stopped by <typeparamref name="TCertificate"/>.</summary>
    public static SolverOutcome ResidualSweeps<TPenalty, TCertificate>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, ISeparablePenalty
        where TCertificate : struct, IResidualCertificate
    {
        int n = ws.Data.N, p = ws.Data.P;
        var w = ws.Fit.W;
        var r = ws.Fit.Residual;
        ws.Data.Y.AsSpan().CopyTo(r);
        for (var j = 0; j < p; j++)
        {
            if (w[j] != 0) Blas.Axpy(-w[j], ws.Data.Column(j), r);
        }
        // scikit-learn's unscaled units multiply the penalty by n, which a penalty linear in α absorbs into α; a folded concave
        // one is not (n·P_{λ,γ} = P_{nλ,γ/n}), so its steps are taken in per-sample units: ½(‖X_j‖²/n)x² − (X_jᵀr/n)x + P(x).
        var perSample = TPenalty.Concavity(s.Penalty with { Alpha = 0 }, 1.0) > 0;
        var unscaled = perSample ? s.Penalty : s.Penalty with { Alpha = s.Penalty.Alpha * n };
        var unit = perSample ? 1.0 / n : 1.0;
        var kktScale = TCertificate.Scale(ws, ws.Fit.Eta);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var last = Certificate.None;
        // r = y − Xw is kept exactly from here on; the next fit of a path may reuse it.
        ws.Path.ResidualIsCurrent = true;
        for (var iteration = 0; iteration < s.MaxIterations; iteration++)
        {
            double wMax = 0, dwMax = 0;
            for (var k = 0; k < p; k++)
            {
                var j = random is null ? k : (int)random.NextInterval((ulong)(p - 1));
                if (ws.Data.Norms[j] == 0) continue;
                var (old, updated) = StepOnResidual<TPenalty>(ws, j, unscaled, s.Factor(j), unit);
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
    /// w_j ← argmin ½‖X_j‖²x² − (X_jᵀr)x + nα·f·g(x); r −= X_j w_j. Returns the old and new w_j. With
    /// <paramref name="unit"/> = 1/n the step is taken in per-sample units (the data term's curvature and product divided by n).
    /// </summary>
    internal static (double Old, double Updated) StepOnResidual<TPenalty>(Workspace ws, int j, in PenaltyParameters unscaled, double factor, double unit = 1.0)
        where TPenalty : struct, ISeparablePenalty
    {
        var column = ws.Data.Column(j);
        var r = ws.Fit.Residual;
        var old = ws.Fit.W[j];
        if (old != 0) Blas.Axpy(old, column, r);
        var updated = TPenalty.CoordinateMinimizer(unit * Blas.Dot(column, r), unit * ws.Data.Norms[j], old, unscaled, factor);
        ws.Fit.W[j] = updated;
        if (updated != 0) Blas.Axpy(-updated, column, r);
        return (old, updated);
    }
}

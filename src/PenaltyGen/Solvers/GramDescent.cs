using System;
using PenaltyGen.Penalties;
using PenaltyGen.Statistics;

namespace PenaltyGen.Solvers;

/// <summary>
/// Coordinate descent on least squares given only its moments (<see cref="CentredMoments"/>: ½wᵀQw − qᵀw + ½yy per unit of
/// weight), scikit-learn's <c>enet_coordinate_descent_gram</c> in per-sample units: with g = Qw kept as steps are taken,
/// coordinate j has curvature Q_jj and z = q_j − g_j + Q_jj·w_j; w_j ← the generated <c>CoordinateMinimizer</c>(z, Q_jj),
/// g += Δw_j·Q_j. A sweep costs O(p²) whatever the rows. After a sweep whose largest step is ≤ tol·max|w| it certifies: an
/// elastic-net-shaped penalty by scikit-learn's duality gap (Xᵀr/n = q − g, ‖r‖²/n = yy − 2qᵀw + wᵀg, rᵀy/n = yy − qᵀw;
/// stop when gap ≤ tol·yy), any other by the KKT residual of ∇ = g − q against tol·max|q|.
/// </summary>
internal static class GramDescent
{
    public static SolverOutcome Solve<TPenalty>(CentredMoments m, Span<double> w, in SolverSettings s) where TPenalty : struct, ISeparablePenalty
    {
        int p = m.P;
        var (q, g) = (m.Linear, m.Qw);
        for (var j = 0; j < p; j++)
        {
            g[j] = 0;
            for (var k = 0; k < p; k++) g[j] += m.Q[j * p + k] * w[k];
        }
        var shape = CapabilityOf.Query<TPenalty>(s.Penalty).Shape;
        var scale = 0.0;
        foreach (var v in q) scale = Math.Max(scale, Math.Abs(v));
        var last = new Certificate(double.NaN, double.NaN, false, double.NaN);
        for (var iteration = 0; iteration < s.MaxIterations; iteration++)
        {
            double wMax = 0, dwMax = 0;
            for (var j = 0; j < p; j++)
            {
                var a = m.Q[j * p + j];
                if (!(a > 0)) continue;
                var old = w[j];
                var updated = TPenalty.CoordinateMinimizer(q[j] - g[j] + a * old, a, old, s.Penalty, s.Factor(j));
                if (updated != old)
                {
                    var delta = updated - old;
                    for (var k = 0; k < p; k++) g[k] += delta * m.Q[j * p + k];
                    w[j] = updated;
                }
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            if (wMax == 0 || dwMax / wMax < s.Tol || iteration == s.MaxIterations - 1)
            {
                last = Certify<TPenalty>(m, w, s, shape, scale);
                if (last.Done) return new SolverOutcome(iteration + 1, last.Gap, last.Kkt, true, last.Tolerance);
            }
        }
        return new SolverOutcome(s.MaxIterations, last.Gap, last.Kkt, false, last.Tolerance);
    }

    private static Certificate Certify<TPenalty>(CentredMoments m, ReadOnlySpan<double> w, in SolverSettings s, ElasticNetShape? shape, double scale)
        where TPenalty : struct, ISeparablePenalty
    {
        int p = m.P;
        var (q, g) = (m.Linear, m.Qw);
        var (xtr, lossGradient) = (m.Products, m.Gradient);
        double qw = 0, wg = 0;
        for (var j = 0; j < p; j++)
        {
            xtr[j] = q[j] - g[j];
            lossGradient[j] = -xtr[j];
            qw += q[j] * w[j];
            wg += w[j] * g[j];
        }
        var kkt = TPenalty.KktResidual(w, lossGradient, s.Penalty, s.FactorSpan);
        if (shape is not { } enet)
        {
            var tolerance = s.Tol * (scale > 0 ? scale : 1.0);
            return new Certificate(double.NaN, kkt, kkt <= tolerance, tolerance);
        }
        var gap = Certificates.ElasticNetGap(w, xtr, 1.0, s, enet, m.YY - 2 * qw + wg, m.YY - qw);
        var tol = s.Tol * m.YY;
        return new Certificate(gap, kkt, gap <= tol, tol);
    }
}

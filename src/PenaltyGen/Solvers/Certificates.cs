using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// Optimality certificates shared by every solver, so that all of them stop by the same rule.
/// <list type="bullet">
/// <item>Least squares with an elastic-net-shaped penalty: scikit-learn's duality gap on the unscaled
/// objective ½‖r‖² + nαa₁Σf|w| + ½nαa₂Σfw², stop when gap ≤ tol·‖y‖² (≡ tol·‖y‖²/n on the 1/(2n) objective;
/// scikit-learn writes &lt;, which never stops when y is constant and the gap is exactly 0).</item>
/// <item>Otherwise: the KKT residual max_j dist(−∇_j loss, ∂penalty_j(w_j)) relative to its value at w = 0,
/// max_j |∇_j loss(0)|; stop when it is ≤ tol.</item>
/// </list>
/// </summary>
internal static class Certificates
{
    /// <summary>Gap (on the 1/(2n) objective), KKT residual and the stop decision for least squares.</summary>
    public static (double Gap, double Kkt, bool Done, double Tolerance) LeastSquaresGap<TPenalty>(Workspace ws, in SolverSettings s, double kktScale)
        where TPenalty : struct, IPenalty
    {
        Blas.GemvTransposed(ws.X, ws.N, ws.Residual, ws.Gradient);
        return LeastSquaresAtResidual<TPenalty>(ws, s, kktScale);
    }

    /// <summary>
    /// The same certificate when <c>ws.Gradient</c> already holds X_jᵀr — or, for coefficients that are 0, an
    /// upper bound on |X_jᵀr| (the working-set solver's cached bounds). A bound only enlarges the dual norm and
    /// the KKT distance, so the certificate stays valid, merely conservative.
    /// </summary>
    public static (double Gap, double Kkt, bool Done, double Tolerance) LeastSquaresAtResidual<TPenalty>(Workspace ws, in SolverSettings s, double kktScale)
        where TPenalty : struct, IPenalty
    {
        var r = ws.Residual;
        return LeastSquaresFromNorms<TPenalty>(ws, s, kktScale, Blas.SquaredNorm(r), Blas.Dot(r, ws.Y));
    }

    /// <summary>
    /// The same certificate with ‖r‖² and rᵀy given: the covariance-mode solver has them in p-space
    /// (rᵀy = ‖y‖² − wᵀXᵀy, ‖r‖² = rᵀy − wᵀXᵀr) without forming r.
    /// </summary>
    public static (double Gap, double Kkt, bool Done, double Tolerance) LeastSquaresFromNorms<TPenalty>(Workspace ws, in SolverSettings s, double kktScale,
        double rNorm2, double ry)
        where TPenalty : struct, IPenalty
    {
        var n = ws.N;
        var xtr = ws.Gradient;
        var lossGradient = ws.LossGradient;
        for (var j = 0; j < ws.P; j++) lossGradient[j] = -xtr[j] / n;
        var kkt = TPenalty.KktResidual(ws.W, lossGradient, s.Penalty, s.FactorSpan);
        if (!TPenalty.ElasticNetForm(s.Penalty, out var l1, out var l2, out var positive))
        {
            var tolerance = s.Tol * kktScale;
            return (double.NaN, kkt, kkt <= tolerance, tolerance);
        }
        var gap = ElasticNetGap(ws, s, xtr, rNorm2, ry, s.Penalty.Alpha * n, l1, l2, positive);
        var tol = s.Tol * ws.YNorm2;
        return (gap / n, kkt, gap <= tol, tol / n);
    }

    /// <summary>
    /// scikit-learn's gap (<c>_cd_fast.enet_coordinate_descent</c>) with penalty factors: the dual point is the
    /// residual scaled into the dual-feasible set, c = min(1, αa₁n / max_j |X_jᵀr − β_j w_j| / f_j).
    /// A pure ridge (a₁ = 0) uses its own dual D(r) = rᵀy − ½‖r‖² − Σ (X_jᵀr)²/(2β_j).
    /// </summary>
    private static double ElasticNetGap(Workspace ws, in SolverSettings s, ReadOnlySpan<double> xtr, double rNorm2, double ry,
        double alphaN, double l1, double l2, bool positive)
    {
        var w = ws.W;
        double l1Norm = 0, l2Norm = 0;
        for (var j = 0; j < ws.P; j++)
        {
            var f = s.Factor(j);
            l1Norm += f * Math.Abs(w[j]);
            l2Norm += f * w[j] * w[j];
        }
        var alphaL1 = alphaN * l1;
        var beta = alphaN * l2;
        if (l1 == 0)
        {
            var dualPenalty = 0.0;
            for (var j = 0; j < ws.P; j++)
            {
                var bj = beta * s.Factor(j);
                if (bj > 0) dualPenalty += xtr[j] * xtr[j] / (2 * bj);
            }
            var primal = 0.5 * rNorm2 + 0.5 * beta * l2Norm;
            var dual = ry - 0.5 * rNorm2 - dualPenalty;
            return primal - dual;
        }
        var dualNorm = 0.0;
        for (var j = 0; j < ws.P; j++)
        {
            var f = s.Factor(j);
            if (f == 0) continue;
            var xta = xtr[j] - beta * f * w[j];
            dualNorm = Math.Max(dualNorm, (positive ? xta : Math.Abs(xta)) / f);
        }
        double c, gap;
        if (dualNorm > alphaL1)
        {
            c = alphaL1 / dualNorm;
            gap = 0.5 * (rNorm2 + rNorm2 * c * c);
        }
        else
        {
            c = 1.0;
            gap = rNorm2;
        }
        return gap + alphaL1 * l1Norm - c * ry + 0.5 * beta * (1 + c * c) * l2Norm;
    }

    /// <summary>KKT residual and stop decision for a non-quadratic loss; <paramref name="d"/> receives ℓ'(y, η)/n.</summary>
    public static (double Gap, double Kkt, bool Done, double Tolerance) AnyLoss<TPenalty, TLoss>(
        Workspace ws, in SolverSettings s, ReadOnlySpan<double> w, ReadOnlySpan<double> eta, Span<double> d, double kktScale)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        LossSlope<TLoss>(ws, eta, d);
        // A full pass of X per Newton step: split over the cores when large (ForkJoin allocates nothing).
        Blas.GemvTransposed(ws.X, ws.N, d, ws.Gradient, default, default, default, parallel: true);
        return GeneralFromGradient<TPenalty>(ws, s, w, kktScale);
    }

    /// <summary>d = s∘ℓ'(y, η)/n, and ∂/∂b of the loss (Σd) into ws.InterceptGradient: what ∇ = Xᵀd is made from.</summary>
    public static void LossSlope<TLoss>(Workspace ws, ReadOnlySpan<double> eta, Span<double> d) where TLoss : struct, ILoss
    {
        var n = ws.N;
        var gb = 0.0;
        for (var i = 0; i < n; i++)
        {
            d[i] = ws.Weight(i) * TLoss.Derivative(ws.Y[i], eta[i]) / n;
            gb += d[i];
        }
        ws.InterceptGradient = gb;
    }

    /// <summary>
    /// The same certificate from the loss gradient already in ws.Gradient and ws.InterceptGradient (it does not
    /// depend on α: a path's next fit starts where the last certificate left it).
    /// </summary>
    public static (double Gap, double Kkt, bool Done, double Tolerance) GeneralFromGradient<TPenalty>(
        Workspace ws, in SolverSettings s, ReadOnlySpan<double> w, double kktScale)
        where TPenalty : struct, IPenalty
    {
        var kkt = Math.Max(s.FitIntercept ? Math.Abs(ws.InterceptGradient) : 0.0, TPenalty.KktResidual(w, ws.Gradient, s.Penalty, s.FactorSpan));
        var tolerance = s.Tol * kktScale;
        return (double.NaN, kkt, kkt <= tolerance, tolerance);
    }

    /// <summary>max_j |∇_j loss(w = 0, b = b₀)|: the scale the relative KKT residual is measured against.</summary>
    public static double GradientScaleAtZero<TLoss>(Workspace ws, Span<double> d) where TLoss : struct, ILoss
    {
        // It depends on the data alone: the fits of a path share one workspace, so one pass serves them all.
        if (!double.IsNaN(ws.GradientScale)) return ws.GradientScale;
        var n = ws.N;
        var b0 = 0.0;
        if (!TLoss.IsQuadratic)
        {
            // The best constant model: the intercept alone fitted (the weighted mean of y for both losses' link).
            var mean = 0.0;
            for (var i = 0; i < n; i++) mean += ws.Weight(i) * ws.Y[i];
            mean /= ws.WeightSum;
            b0 = mean is > 0 and < 1 ? Math.Log(mean / (1 - mean)) : 0.0;
        }
        for (var i = 0; i < n; i++) d[i] = ws.Weight(i) * TLoss.Derivative(ws.Y[i], b0) / n;
        var scale = 0.0;
        for (var j = 0; j < ws.P; j++) scale = Math.Max(scale, Math.Abs(Blas.Dot(ws.Column(j), d)));
        ws.GradientScale = scale > 0 ? scale : 1.0;
        return ws.GradientScale;
    }
}

using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>How a certificate judged the current point: the gap (NaN when none), the KKT residual, the stop and its tolerance.</summary>
internal readonly record struct Certificate(double Gap, double Kkt, bool Done, double Tolerance)
{
    /// <summary>Before any certificate: nothing known, not done.</summary>
    public static Certificate None => new(double.NaN, double.NaN, false, 0.0);
}

/// <summary>
/// The stop rule of a least-squares solver, chosen by the penalty's capability in its type: the duality gap for an
/// elastic-net-shaped penalty (<see cref="DualityGap{TPenalty}"/>), the relative KKT residual otherwise
/// (<see cref="KktOnResidual{TPenalty}"/>). Both read ws.Fit.Gradient = X_jᵀr (or, for coefficients at 0, an upper
/// bound on |X_jᵀr|, which only makes the certificate more conservative) and ‖r‖², rᵀy.
/// </summary>
internal interface IResidualCertificate
{
    /// <summary>The scale of the relative KKT residual (computed once per workspace; <paramref name="scratch"/> is an n-vector it may overwrite).</summary>
    static abstract double Scale(Workspace ws, Span<double> scratch);

    static abstract Certificate FromNorms(Workspace ws, in SolverSettings s, double kktScale, double rNorm2, double ry);
}

/// <summary>
/// scikit-learn's duality gap on the unscaled objective ½‖r‖² + nαa₁Σf|w| + ½nαa₂Σfw²; stop when gap ≤ tol·‖y‖²
/// (≡ tol·‖y‖²/n on the 1/(2n) objective; scikit-learn writes &lt;, which never stops when y is constant and the gap is
/// exactly 0).
/// </summary>
internal readonly struct DualityGap<TPenalty> : IResidualCertificate where TPenalty : struct, IElasticNetPenalty
{
    public static double Scale(Workspace ws, Span<double> scratch) => 1.0;

    public static Certificate FromNorms(Workspace ws, in SolverSettings s, double kktScale, double rNorm2, double ry) =>
        GapOnly(ws, s, rNorm2, ry) with { Kkt = Certificates.KktFromProducts<TPenalty>(ws, s) };

    /// <summary>
    /// The gap and the stop without the KKT residual (NaN): what a solver that certifies often needs at each certificate;
    /// it adds the residual of the one it reports (<see cref="Certificates.KktFromProducts{TPenalty}"/>).
    /// </summary>
    public static Certificate GapOnly(Workspace ws, in SolverSettings s, double rNorm2, double ry)
    {
        var n = ws.Data.N;
        var gap = Certificates.ElasticNetGap(ws, s, TPenalty.Shape(s.Penalty), rNorm2, ry);
        var tol = s.Tol * ws.Data.YNorm2;
        return new Certificate(gap / n, double.NaN, gap <= tol, tol / n);
    }
}

/// <summary>The KKT residual max_j dist(−∇_j loss, ∂penalty_j(w_j)) relative to max_j |∇_j loss(0)|; stop when it is ≤ tol.</summary>
internal readonly struct KktOnResidual<TPenalty> : IResidualCertificate where TPenalty : struct, IPenalty
{
    public static double Scale(Workspace ws, Span<double> scratch) => Certificates.GradientScaleAtZero<LeastSquares>(ws, scratch);

    public static Certificate FromNorms(Workspace ws, in SolverSettings s, double kktScale, double rNorm2, double ry)
    {
        var kkt = Certificates.KktFromProducts<TPenalty>(ws, s);
        var tolerance = s.Tol * kktScale;
        return new Certificate(double.NaN, kkt, kkt <= tolerance, tolerance);
    }
}

/// <summary>The certificates' shared arithmetic, so that every solver stops by the same rule.</summary>
internal static class Certificates
{
    /// <summary>ws.Fit.Gradient = Xᵀr from r = ws.Fit.Residual, then the certificate.</summary>
    public static Certificate AtResidual<TCertificate>(Workspace ws, in SolverSettings s, double kktScale) where TCertificate : struct, IResidualCertificate
    {
        Blas.GemvTransposed(ws.Data.X, ws.Data.N, ws.Fit.Residual, ws.Fit.Gradient);
        return WithProducts<TCertificate>(ws, s, kktScale);
    }

    /// <summary>The certificate when ws.Fit.Gradient already holds X_jᵀr (or bounds for coefficients at 0), r = ws.Fit.Residual.</summary>
    public static Certificate WithProducts<TCertificate>(Workspace ws, in SolverSettings s, double kktScale) where TCertificate : struct, IResidualCertificate
    {
        var r = ws.Fit.Residual;
        return TCertificate.FromNorms(ws, s, kktScale, Blas.SquaredNorm(r), Blas.Dot(r, ws.Data.Y));
    }

    /// <summary>The KKT residual from ws.Fit.Gradient = Xᵀr: the loss gradient is −Xᵀr/n.</summary>
    public static double KktFromProducts<TPenalty>(Workspace ws, in SolverSettings s) where TPenalty : struct, IPenalty
    {
        var n = ws.Data.N;
        var xtr = ws.Fit.Gradient;
        var lossGradient = ws.Fit.LossGradient;
        for (var j = 0; j < ws.Data.P; j++) lossGradient[j] = -xtr[j] / n;
        return TPenalty.KktResidual(ws.Fit.W, lossGradient, s.Penalty, s.FactorSpan);
    }

    /// <summary>
    /// scikit-learn's gap (<c>_cd_fast.enet_coordinate_descent</c>) with penalty factors, on the unscaled objective: the
    /// dual point is the residual scaled into the dual-feasible set, c = min(1, αa₁n / max_j |X_jᵀr − β_j w_j| / f_j).
    /// A pure ridge (a₁ = 0) uses its own dual D(r) = rᵀy − ½‖r‖² − Σ (X_jᵀr)²/(2β_j) (with w ≥ 0: max(X_jᵀr, 0)²).
    /// </summary>
    public static double ElasticNetGap(Workspace ws, in SolverSettings s, ElasticNetShape shape, double rNorm2, double ry) =>
        ElasticNetGap(ws.Fit.W, ws.Fit.Gradient, ws.Data.N, s, shape, rNorm2, ry);

    /// <summary>
    /// The same gap from w, the products Xᵀr, n, ‖r‖² and rᵀy alone (the statistics' solver passes them per sample: n = 1,
    /// Xᵀr/n, ‖r‖²/n, rᵀy/n, and gets the gap per sample).
    /// </summary>
    public static double ElasticNetGap(ReadOnlySpan<double> w, ReadOnlySpan<double> xtr, double n, in SolverSettings s, ElasticNetShape shape, double rNorm2, double ry)
    {
        var alphaN = s.Penalty.Alpha * n;
        double l1Norm = 0, l2Norm = 0;
        // Over the non-zero coefficients only (found by a vector search of their bits): a zero adds an exact +0, so the
        // sums are bitwise those over all j (a −0 is visited and adds +0 too).
        var bits = MemoryMarshal.Cast<double, long>(w);
        for (var j = bits.IndexOfAnyExcept(0L); j >= 0;)
        {
            var f = s.Factor(j);
            l1Norm += f * Math.Abs(w[j]);
            l2Norm += f * w[j] * w[j];
            var next = bits[(j + 1)..].IndexOfAnyExcept(0L);
            j = next < 0 ? -1 : j + 1 + next;
        }
        var alphaL1 = alphaN * shape.L1;
        var beta = alphaN * shape.L2;
        if (shape.L1 == 0)
        {
            var dualPenalty = 0.0;
            for (var j = 0; j < w.Length; j++)
            {
                // The conjugate of ½β_j x² is z²/(2β_j); with x ≥ 0 it is max(z, 0)²/(2β_j).
                var bj = beta * s.Factor(j);
                var z = shape.Positive ? Math.Max(xtr[j], 0.0) : xtr[j];
                if (bj > 0) dualPenalty += z * z / (2 * bj);
            }
            var primal = 0.5 * rNorm2 + 0.5 * beta * l2Norm;
            var dual = ry - 0.5 * rNorm2 - dualPenalty;
            return primal - dual;
        }
        var dualNorm = s.FactorSpan.IsEmpty && !shape.Positive ? DualNorm(w, xtr, beta) : DualNorm(w, xtr, beta, s, shape.Positive);
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

    /// <summary>
    /// max_j |X_jᵀr − βw_j| without penalty factors, four features a step: each term is the scalar loop's to the bit
    /// (f_j = 1 multiplies and divides exactly), and a maximum does not depend on the order it is taken in.
    /// </summary>
    private static double DualNorm(ReadOnlySpan<double> w, ReadOnlySpan<double> xtr, double beta)
    {
        int p = w.Length, j = 0;
        var most = 0.0;
        if (Vector256.IsHardwareAccelerated && xtr.Length >= p)
        {
            var (b, m) = (Vector256.Create(beta), Vector256<double>.Zero);
            for (; j <= p - 4; j += 4) m = Vector256.Max(m, Vector256.Abs(Vector256.Create(xtr.Slice(j, 4)) - b * Vector256.Create(w.Slice(j, 4))));
            for (var k = 0; k < 4; k++) most = Math.Max(most, m[k]);
        }
        for (; j < p; j++) most = Math.Max(most, Math.Abs(xtr[j] - beta * w[j]));
        return most;
    }

    /// <summary>max_j (X_jᵀr − βf_jw_j)/f_j over the penalized features (its absolute value unless w ≥ 0): the general form.</summary>
    private static double DualNorm(ReadOnlySpan<double> w, ReadOnlySpan<double> xtr, double beta, in SolverSettings s, bool positive)
    {
        var most = 0.0;
        for (var j = 0; j < w.Length; j++)
        {
            var f = s.Factor(j);
            if (f == 0) continue;
            var xta = xtr[j] - beta * f * w[j];
            most = Math.Max(most, (positive ? xta : Math.Abs(xta)) / f);
        }
        return most;
    }

    /// <summary>KKT residual and stop decision for a non-quadratic loss; <paramref name="d"/> receives ℓ'(y, η)/n.</summary>
    public static Certificate AnyLoss<TPenalty, TLoss>(Workspace ws, in SolverSettings s, ReadOnlySpan<double> w, ReadOnlySpan<double> eta, Span<double> d, double kktScale)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        LossSlope<TLoss>(ws, eta, d);
        // A full pass of X per Newton step: split over the cores when large (ForkJoin allocates nothing).
        Blas.GemvTransposed(ws.Data.X, ws.Data.N, d, ws.Fit.Gradient, default, default, default, parallel: true);
        return FromLossGradient<TPenalty>(ws, s, w, kktScale);
    }

    /// <summary>d = s∘ℓ'(y, η)/n, and ∂/∂b of the loss (Σd) into ws.Fit.InterceptGradient: what ∇ = Xᵀd is made from.</summary>
    public static void LossSlope<TLoss>(Workspace ws, ReadOnlySpan<double> eta, Span<double> d) where TLoss : struct, ILoss
    {
        var n = ws.Data.N;
        var gb = 0.0;
        for (var i = 0; i < n; i++)
        {
            d[i] = ws.Data.Weight(i) * TLoss.Derivative(ws.Data.Y[i], eta[i]) / n;
            gb += d[i];
        }
        ws.Fit.InterceptGradient = gb;
    }

    /// <summary>
    /// The KKT certificate from the loss gradient already in ws.Fit.Gradient and ws.Fit.InterceptGradient (it does not
    /// depend on α: a path's next fit starts where the last certificate left it).
    /// </summary>
    public static Certificate FromLossGradient<TPenalty>(Workspace ws, in SolverSettings s, ReadOnlySpan<double> w, double kktScale)
        where TPenalty : struct, IPenalty
    {
        var kkt = Math.Max(s.FitIntercept ? Math.Abs(ws.Fit.InterceptGradient) : 0.0, TPenalty.KktResidual(w, ws.Fit.Gradient, s.Penalty, s.FactorSpan));
        var tolerance = s.Tol * kktScale;
        return new Certificate(double.NaN, kkt, kkt <= tolerance, tolerance);
    }

    /// <summary>max_j |∇_j loss(w = 0, b = b₀)|: the scale the relative KKT residual is measured against.</summary>
    public static double GradientScaleAtZero<TLoss>(Workspace ws, Span<double> d) where TLoss : struct, ILoss
    {
        // It depends on the data alone: the fits of a path share one workspace, so one pass serves them all.
        if (!double.IsNaN(ws.Data.GradientScale)) return ws.Data.GradientScale;
        var n = ws.Data.N;
        // The null model's intercept; a quadratic loss sees a target already centred (or none to fit), so b₀ = 0.
        var b0 = TLoss.IsQuadratic ? 0.0 : TLoss.NullIntercept(ws.Data.Y, ws.Data.LossWeights);
        for (var i = 0; i < n; i++) d[i] = ws.Data.Weight(i) * TLoss.Derivative(ws.Data.Y[i], b0) / n;
        var scale = 0.0;
        for (var j = 0; j < ws.Data.P; j++) scale = Math.Max(scale, Math.Abs(Blas.Dot(ws.Data.Column(j), d)));
        ws.Data.GradientScale = scale > 0 ? scale : 1.0;
        return ws.Data.GradientScale;
    }
}

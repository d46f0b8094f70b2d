using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers.WorkingSets;

namespace PenaltyGen.Solvers;

/// <summary>
/// FISTA (Beck &amp; Teboulle, 2009) for F(w) = f(w) + h(w), f = data term + smooth user terms, h = the
/// penalty's prox part: x⁺ = prox_{h/L}(y − ∇f(y)/L), y = x + ((t_k − 1)/t_{k+1})(x − x_prev),
/// with backtracking on L (double it until f(x⁺) ≤ f(y) + ∇f(y)ᵀ(x⁺ − y) + L/2‖x⁺ − y‖², checked in Bregman form) and the gradient
/// restart of O'Donoghue &amp; Candès (2015): momentum resets when (y − x⁺)ᵀ(x⁺ − x) &gt; 0. The linear
/// predictor is linear in w, so Xy comes from Xx and Xx_prev without a product: two passes over X per
/// iteration (Xᵀd and Xx⁺), plus one per backtracking step. Certified every 10 iterations by the same
/// rule as coordinate descent.
/// </summary>
internal static class Fista
{
    /// <summary>Iterations between certificates: a certificate costs a pass of X, an iteration two.</summary>
    private const int CertifyEvery = 10;

    /// <summary>Power iterations for σ_max(X)²: an estimate is enough, backtracking corrects one that is low.</summary>
    private const int PowerIterations = 20;

    /// <summary>Backtracking stops doubling L here: the step 1/L is then below any representable move.</summary>
    private const double MaxLipschitz = 1e300;

    /// <summary>Solves in ws; least squares is certified by <typeparamref name="TCertificate"/>, other losses by the KKT residual.</summary>
    public static SolverOutcome Solve<TPenalty, TLoss, TCertificate>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
        where TCertificate : struct, IResidualCertificate
    {
        int n = ws.Data.N, p = ws.Data.P;
        var buffers = ws.Path.Fista;
        var fitB = s.FitIntercept && !TLoss.IsQuadratic;

        Span<double> x = ws.Fit.W, xPrev = buffers.Previous, point = buffers.Point, candidate = buffers.Candidate;
        Span<double> eta = ws.Fit.Eta, etaPrev = buffers.EtaPrevious, etaPoint = buffers.EtaPoint, etaCandidate = buffers.EtaCandidate;
        var d = buffers.Derivative;
        // FISTA keeps η, not r; ws.Fit.Residual only serves its certificates.
        ws.Path.ResidualIsCurrent = false;

        Blas.Gemv(ws.Data.X, n, x, eta);
        var b = fitB ? ws.Fit.B : 0.0;
        for (var i = 0; i < n; i++) eta[i] += b;
        x.CopyTo(xPrev);
        eta.CopyTo(etaPrev);
        var bPrev = b;

        var kktScale = TLoss.IsQuadratic ? TCertificate.Scale(ws, d) : Certificates.GradientScaleAtZero<TLoss>(ws, d);
        var lipschitz = InitialLipschitz<TPenalty, TLoss>(ws, s, candidate, etaCandidate, fitB);
        var t = 1.0;
        var momentum = 0.0;
        var last = Certificate.None;

        for (var iteration = 0; iteration < s.MaxIterations; iteration++)
        {
            for (var j = 0; j < p; j++) point[j] = x[j] + momentum * (x[j] - xPrev[j]);
            for (var i = 0; i < n; i++) etaPoint[i] = eta[i] + momentum * (eta[i] - etaPrev[i]);
            var bPoint = b + momentum * (b - bPrev);

            var gb = GradientAtPoint<TPenalty, TLoss>(ws, s);
            var bCandidate = ProximalStep<TPenalty, TLoss>(ws, s, gb, bPoint, fitB, ref lipschitz);

            // Gradient restart: the step went against the momentum.
            var restart = (bPoint - bCandidate) * (bCandidate - b);
            for (var j = 0; j < p; j++) restart += (point[j] - candidate[j]) * (candidate[j] - x[j]);

            x.CopyTo(xPrev);
            candidate.CopyTo(x);
            eta.CopyTo(etaPrev);
            etaCandidate.CopyTo(eta);
            bPrev = b;
            b = bCandidate;
            if (restart > 0)
            {
                t = 1.0;
                momentum = 0.0;
            }
            else
            {
                var next = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
                momentum = (t - 1) / next;
                t = next;
            }

            if ((iteration + 1) % CertifyEvery == 0 || iteration == s.MaxIterations - 1)
            {
                ws.Fit.B = b;
                last = Certify<TPenalty, TLoss, TCertificate>(ws, s, eta, d, kktScale);
                if (last.Done) return new SolverOutcome(iteration + 1, last.Gap, last.Kkt, true, last.Tolerance);
            }
        }
        ws.Fit.B = b;
        return new SolverOutcome(s.MaxIterations, last.Gap, last.Kkt, false, last.Tolerance);
    }

    /// <summary>d = s∘ℓ'(y, η_point)/n and ∇f(point) = Xᵀd + ∇(smooth terms) into the fit's gradient; returns ∂f/∂b = Σd.</summary>
    private static double GradientAtPoint<TPenalty, TLoss>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var (data, buffers) = (ws.Data, ws.Path.Fista);
        var (d, etaPoint) = (buffers.Derivative, buffers.EtaPoint);
        int n = data.N;
        var gb = 0.0;
        for (var i = 0; i < n; i++)
        {
            d[i] = data.Weight(i) * TLoss.Derivative(data.Y[i], etaPoint[i]) / n;
            gb += d[i];
        }
        Blas.GemvTransposed(data.X, n, d, ws.Fit.Gradient);
        TPenalty.AddSmoothGradient(buffers.Point, s.Penalty, s.FactorSpan, ws.Fit.Gradient);
        return gb;
    }

    /// <summary>
    /// x⁺ = prox_{h/L}(y − ∇f(y)/L) from the point y into the candidate buffers (coefficients, η⁺, intercept), doubling L
    /// until the sufficient decrease holds; returns the candidate intercept.
    /// </summary>
    private static double ProximalStep<TPenalty, TLoss>(Workspace ws, in SolverSettings s, double gb, double bPoint, bool fitB, ref double lipschitz)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var (data, buffers, grad) = (ws.Data, ws.Path.Fista, ws.Fit.Gradient);
        Span<double> point = buffers.Point, candidate = buffers.Candidate, etaPoint = buffers.EtaPoint, etaCandidate = buffers.EtaCandidate;
        var d = buffers.Derivative;
        int n = data.N, p = data.P;
        var factors = s.FactorSpan;
        var hasSmoothTerms = TPenalty.SmoothCurvature(s.Penalty, 1.0) > 0;
        var smoothPoint = TPenalty.SmoothValue(point, s.Penalty, factors);
        while (true)
        {
            for (var j = 0; j < p; j++) candidate[j] = point[j] - grad[j] / lipschitz;
            TPenalty.Prox(candidate, 1 / lipschitz, s.Penalty, factors);
            var bCandidate = fitB ? bPoint - gb / lipschitz : 0.0;
            Blas.Gemv(data.X, n, candidate, etaCandidate);
            // Sufficient decrease in Bregman form, f(x⁺) − f(y) − ∇f(y)ᵀ(x⁺ − y) ≤ L/2‖x⁺ − y‖², summed per
            // sample so it does not cancel near the optimum (for least squares it is exactly ½‖XΔ‖²/n).
            var bregman = 0.0;
            var lossLinear = 0.0;
            for (var i = 0; i < n; i++)
            {
                etaCandidate[i] += bCandidate;
                var step = etaCandidate[i] - etaPoint[i];
                lossLinear += d[i] * step;
                bregman += data.Weight(i) * TLoss.Bregman(data.Y[i], etaPoint[i], etaCandidate[i]);
            }
            bregman /= n;
            double linear = gb * (bCandidate - bPoint), distance = (bCandidate - bPoint) * (bCandidate - bPoint);
            for (var j = 0; j < p; j++)
            {
                var step = candidate[j] - point[j];
                linear += grad[j] * step;
                distance += step * step;
            }
            // The smooth user terms' share: S(x⁺) − S(y) − ∇S(y)ᵀΔ, with ∇S(y)ᵀΔ = ∇f(y)ᵀΔ − dᵀ(η⁺ − η).
            if (hasSmoothTerms) bregman += TPenalty.SmoothValue(candidate, s.Penalty, factors) - smoothPoint - (linear - lossLinear);
            if (bregman <= 0.5 * lipschitz * distance * (1 + Bounds.RoundingSlack) || distance == 0 || lipschitz > MaxLipschitz) return bCandidate;
            lipschitz *= 2;
        }
    }

    private static Certificate Certify<TPenalty, TLoss, TCertificate>(
        Workspace ws, in SolverSettings s, ReadOnlySpan<double> eta, Span<double> d, double kktScale)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
        where TCertificate : struct, IResidualCertificate
    {
        if (!TLoss.IsQuadratic) return Certificates.AnyLoss<TPenalty, TLoss>(ws, s, ws.Fit.W, eta, d, kktScale);
        for (var i = 0; i < ws.Data.N; i++) ws.Fit.Residual[i] = ws.Data.Y[i] - eta[i];
        return Certificates.AtResidual<TCertificate>(ws, s, kktScale);
    }

    /// <summary>
    /// A starting L: ℓ''·σ_max(X)²/n (+ ℓ'' for the intercept column, + the smooth terms' curvature),
    /// σ_max² by <see cref="PowerIterations"/> power iterations. Backtracking corrects an underestimate.
    /// </summary>
    private static double InitialLipschitz<TPenalty, TLoss>(Workspace ws, in SolverSettings s, Span<double> v, Span<double> u, bool fitB)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        var sigma2 = ws.Data.SquaredSpectralNorm;
        if (double.IsNaN(sigma2))
        {
            // σ_max(X)² depends on the data alone: computed once per workspace, shared by the fits of a path.
            v.Fill(1 / Math.Sqrt(ws.Data.P));
            sigma2 = 0.0;
            for (var k = 0; k < PowerIterations; k++)
            {
                Blas.Gemv(ws.Data.X, ws.Data.N, v, u);
                Blas.GemvTransposed(ws.Data.X, ws.Data.N, u, v);
                sigma2 = Math.Sqrt(Blas.SquaredNorm(v));
                if (sigma2 == 0) break;
                for (var j = 0; j < v.Length; j++) v[j] /= sigma2;
            }
            ws.Data.SquaredSpectralNorm = sigma2;
        }
        var smooth = 0.0;
        for (var j = 0; j < ws.Data.P; j++) smooth = Math.Max(smooth, TPenalty.SmoothCurvature(s.Penalty, s.Factor(j)));
        var l = TLoss.CurvatureBound * ws.Data.WeightMax * (sigma2 / ws.Data.N + (fitB ? 1 : 0)) + smooth;
        return l > 0 ? l : 1.0;
    }
}

/// <summary>FISTA's scratch, made on its first use in a workspace and reused by the fits of a path.</summary>
internal sealed class FistaBuffers(int n, int p)
{
    public double[] Previous { get; } = new double[p];
    public double[] Point { get; } = new double[p];
    public double[] Candidate { get; } = new double[p];
    public double[] EtaPrevious { get; } = new double[n];
    public double[] EtaPoint { get; } = new double[n];
    public double[] EtaCandidate { get; } = new double[n];
    public double[] Derivative { get; } = new double[n];
}

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
internal readonly struct CoordinateDescent : ISolver
{
    public static SolverOutcome Solve<TPenalty, TLoss>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss =>
        !TLoss.IsQuadratic ? General<TPenalty, TLoss>(ws, s)
        : CovarianceDescent.Applies<TPenalty>(ws, s) ? CovarianceDescent.Solve<TPenalty>(ws, s)
        : WorkingSetDescent.Applies<TPenalty>(s) ? WorkingSetDescent.Solve<TPenalty>(ws, s)
        : Quadratic<TPenalty>(ws, s);

    private static SolverOutcome Quadratic<TPenalty>(Workspace ws, in SolverSettings s) where TPenalty : struct, IPenalty
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
        var kktScale = TPenalty.ElasticNetForm(s.Penalty, out _, out _, out _) ? 1.0 : Certificates.GradientScaleAtZero<LeastSquares>(ws, ws.Eta);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var last = (Gap: double.NaN, Kkt: double.NaN, Done: false, Tolerance: 0.0);
        // r = y − Xw is kept exactly from here on; the next fit of a path may reuse it.
        ws.ResidualIsCurrent = true;
        for (var iteration = 0; iteration < s.MaxIterations; iteration++)
        {
            double wMax = 0, dwMax = 0;
            for (var k = 0; k < p; k++)
            {
                var j = random is null ? k : (int)random.NextInterval((ulong)(p - 1));
                if (ws.Norms[j] == 0) continue;
                var (old, updated) = UpdateQuadratic<TPenalty>(ws, j, unscaled, s.Factor(j));
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            if (wMax == 0 || dwMax / wMax < s.Tol || iteration == s.MaxIterations - 1)
            {
                last = Certificates.Quadratic<TPenalty>(ws, s, kktScale);
                if (last.Done) return new SolverOutcome(iteration + 1, last.Gap, last.Kkt, true, last.Tolerance);
            }
        }
        return new SolverOutcome(s.MaxIterations, last.Gap, last.Kkt, false, last.Tolerance);
    }

    /// <summary>
    /// One exact coordinate step on least squares, in scikit-learn's unscaled units: r += X_j w_j;
    /// w_j ← argmin ½‖X_j‖²x² − (X_jᵀr)x + nα·f·g(x); r −= X_j w_j. Returns the old and new w_j.
    /// </summary>
    internal static (double Old, double Updated) UpdateQuadratic<TPenalty>(Workspace ws, int j, in PenaltyParameters unscaled, double factor)
        where TPenalty : struct, IPenalty
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

    private static SolverOutcome General<TPenalty, TLoss>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        int n = ws.N, p = ws.P;
        var w = ws.W;
        var eta = ws.Eta;
        var d = ws.Residual;
        Blas.Gemv(ws.X, n, w, eta);
        for (var i = 0; i < n; i++) eta[i] += ws.B;
        // ws.Residual is scratch here (it receives ℓ'/n), no longer y − Xw.
        ws.ResidualIsCurrent = false;
        var curvature = TLoss.CurvatureBound;
        var kktScale = Certificates.GradientScaleAtZero<TLoss>(ws, d);
        var random = s.Selection == CoordinateSelection.Random ? new RandomState(s.Seed) : null;
        var last = (Gap: double.NaN, Kkt: double.NaN, Done: false, Tolerance: 0.0);
        for (var iteration = 0; iteration < s.MaxIterations; iteration++)
        {
            double wMax = 0, dwMax = 0;
            for (var k = 0; k < p; k++)
            {
                var j = random is null ? k : (int)random.NextInterval((ulong)(p - 1));
                if (ws.Norms[j] == 0) continue;
                var column = ws.Column(j);
                var g = 0.0;
                for (var i = 0; i < n; i++) g += column[i] * ws.Weight(i) * TLoss.Derivative(ws.Y[i], eta[i]);
                g /= n;
                var a = curvature * ws.WeightedNorm(j) / n;
                var old = w[j];
                var updated = TPenalty.CoordinateMinimizer(a * old - g, a, old, s.Penalty, s.Factor(j));
                if (updated != old)
                {
                    Blas.Axpy(updated - old, column, eta);
                    w[j] = updated;
                }
                dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                wMax = Math.Max(wMax, Math.Abs(updated));
            }
            if (s.FitIntercept)
            {
                var gb = 0.0;
                for (var i = 0; i < n; i++) gb += ws.Weight(i) * TLoss.Derivative(ws.Y[i], eta[i]);
                var step = -gb / (curvature * ws.WeightSum);
                ws.B += step;
                for (var i = 0; i < n; i++) eta[i] += step;
            }
            if (wMax == 0 || dwMax / wMax < s.Tol || iteration == s.MaxIterations - 1)
            {
                last = Certificates.General<TPenalty, TLoss>(ws, s, w, eta, d, kktScale);
                if (last.Done) return new SolverOutcome(iteration + 1, last.Gap, last.Kkt, true, last.Tolerance);
            }
        }
        return new SolverOutcome(s.MaxIterations, last.Gap, last.Kkt, false, last.Tolerance);
    }
}

using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// The closed form of least squares with g = ½a₂x² (scikit-learn Ridge's default "cholesky" solver):
/// (XᵀX + nαa₂·diag f) w = Xᵀy on centred data, by a Cholesky factorization (MathNet).
/// </summary>
internal static class DirectRidge
{
    /// <summary>Whether the closed form applies: a pure ½a₂‖w‖² (no |w| part, no sign constraint).</summary>
    public static bool Applies(ElasticNetShape? shape) => shape is { L1: 0, Positive: false };

    /// <summary>Least squares only (validated before).</summary>
    public static SolverOutcome Solve<TPenalty>(Workspace ws, in SolverSettings s) where TPenalty : struct, IElasticNetPenalty
    {
        var l2 = TPenalty.Shape(s.Penalty).L2;
        int n = ws.Data.N, p = ws.Data.P;
        var gram = Matrix<double>.Build.Dense(p, p);
        var rhs = Vector<double>.Build.Dense(p);
        var ridge = new double[p];
        for (var j = 0; j < p; j++)
        {
            rhs[j] = Blas.Dot(ws.Data.Column(j), ws.Data.Y);
            for (var k = 0; k <= j; k++)
            {
                var v = Blas.Dot(ws.Data.Column(j), ws.Data.Column(k));
                gram[j, k] = v;
                gram[k, j] = v;
            }
            ridge[j] = n * s.Penalty.Alpha * l2 * s.Factor(j);
            gram[j, j] += ridge[j];
        }
        var solution = ByCholesky(gram, rhs) ?? MinimumNorm(ws.Data, ridge);
        for (var j = 0; j < p; j++) ws.Fit.W[j] = solution[j];
        ws.Data.Y.AsSpan().CopyTo(ws.Fit.Residual);
        for (var j = 0; j < p; j++) Blas.Axpy(-ws.Fit.W[j], ws.Data.Column(j), ws.Fit.Residual);
        ws.Path.ResidualIsCurrent = true;
        var (gap, kkt, done, tolerance) = Certificates.AtResidual<DualityGap<TPenalty>>(ws, s, 1.0);
        return new SolverOutcome(1, gap, kkt, done || double.IsFinite(gap), tolerance);
    }

    /// <summary>
    /// The solution of (XᵀX + D) w = Xᵀy by Cholesky, or null when the matrix is not positive definite to working
    /// precision: the factorization fails, or its diagonal ratio (min Lⱼⱼ / max Lⱼⱼ)² is below p·ε (forming XᵀX has
    /// then lost the small directions to rounding).
    /// </summary>
    private static Vector<double>? ByCholesky(Matrix<double> gram, Vector<double> rhs)
    {
        var p = gram.RowCount;
        try
        {
            var cholesky = gram.Cholesky();
            double low = double.PositiveInfinity, high = 0;
            for (var j = 0; j < p; j++)
            {
                var d = cholesky.Factor[j, j];
                low = System.Math.Min(low, d);
                high = System.Math.Max(high, d);
            }
            return low / high * (low / high) >= p * EpsilonOfDouble ? cholesky.Solve(rhs) : null;
        }
        catch (System.ArgumentException)
        {
            // MathNet: "Matrix must be positive definite" — a zero or negative pivot.
            return null;
        }
    }

    /// <summary>
    /// The minimum-norm minimizer of ‖y − Xw‖² + Σ d_j w_j², without forming XᵀX: the least-squares problem of the
    /// stacked matrix A = [X; diag √d] against [y; 0], by a thin QR of A (A = QR) and an SVD of R (R = U S Vᵀ):
    /// w = V S⁺ Uᵀ Qᵀ[y; 0], singular values below max(n, p)·ε·s_max dropped (numpy's lstsq rule). A's condition is
    /// the square root of XᵀX's: it keeps the digits Cholesky lost. At d = 0 (α = 0) it is the minimum-norm
    /// least-squares solution (a constant or duplicated column, p &gt; n).
    /// </summary>
    private static Vector<double> MinimumNorm(PreparedData data, double[] ridge)
    {
        int n = data.N, p = data.P;
        var stacked = Matrix<double>.Build.Dense(n + p, p);
        var target = Vector<double>.Build.Dense(n + p);
        for (var j = 0; j < p; j++)
        {
            var column = data.Column(j);
            for (var i = 0; i < n; i++) stacked[i, j] = column[i];
            stacked[n + j, j] = System.Math.Sqrt(ridge[j]);
        }
        for (var i = 0; i < n; i++) target[i] = data.Y[i];
        var qr = stacked.QR(QRMethod.Thin);
        var projected = qr.Q.TransposeThisAndMultiply(target);
        var svd = qr.R.Svd(computeVectors: true);
        var values = svd.S;
        var cutoff = System.Math.Max(n, p) * EpsilonOfDouble * values.Maximum();
        var coordinates = svd.U.TransposeThisAndMultiply(projected);
        for (var k = 0; k < p; k++) coordinates[k] = values[k] > cutoff ? coordinates[k] / values[k] : 0;
        return svd.VT.TransposeThisAndMultiply(coordinates);
    }

    /// <summary>The spacing of doubles at 1 (2⁻⁵²), the unit of relative rounding.</summary>
    private const double EpsilonOfDouble = 2.220446049250313e-16;
}

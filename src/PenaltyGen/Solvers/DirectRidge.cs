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
        for (var j = 0; j < p; j++)
        {
            rhs[j] = Blas.Dot(ws.Data.Column(j), ws.Data.Y);
            for (var k = 0; k <= j; k++)
            {
                var v = Blas.Dot(ws.Data.Column(j), ws.Data.Column(k));
                gram[j, k] = v;
                gram[k, j] = v;
            }
            gram[j, j] += n * s.Penalty.Alpha * l2 * s.Factor(j);
        }
        var solution = Solve(gram, rhs);
        for (var j = 0; j < p; j++) ws.Fit.W[j] = solution[j];
        ws.Data.Y.CopyTo(ws.Fit.Residual, 0);
        for (var j = 0; j < p; j++) Blas.Axpy(-ws.Fit.W[j], ws.Data.Column(j), ws.Fit.Residual);
        ws.Path.ResidualIsCurrent = true;
        var (gap, kkt, done, tolerance) = Certificates.AtResidual<DualityGap<TPenalty>>(ws, s, 1.0);
        return new SolverOutcome(1, gap, kkt, done || double.IsFinite(gap), tolerance);
    }

    /// <summary>
    /// The solution of A w = b for the symmetric positive semi-definite A = XᵀX + nαa₂·diag f: by Cholesky when A is
    /// numerically positive definite (the factor's diagonal ratio (min Lⱼⱼ / max Lⱼⱼ)² at least p·ε), otherwise — α = 0
    /// on a constant or duplicated column, or p > n — the minimum-norm solution, as scikit-learn's fallback to its SVD
    /// solver: w = Σ_k v_k (v_kᵀb)/λ_k over the eigenpairs of A with λ_k > p·ε·λ_max (the rest are rounding noise).
    /// </summary>
    private static Vector<double> Solve(Matrix<double> gram, Vector<double> rhs)
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
            if (low / high * (low / high) >= p * EpsilonOfDouble) return cholesky.Solve(rhs);
        }
        catch (System.ArgumentException)
        {
            // MathNet: "Matrix must be positive definite" — a zero or negative pivot.
        }
        var eigen = gram.Evd(Symmetricity.Symmetric);
        var values = eigen.EigenValues.Map(z => z.Real);
        var cutoff = p * EpsilonOfDouble * values.Maximum();
        var solution = Vector<double>.Build.Dense(p);
        for (var k = 0; k < p; k++)
        {
            if (!(values[k] > cutoff)) continue;
            var v = eigen.EigenVectors.Column(k);
            solution.Add(v.Multiply(v.DotProduct(rhs) / values[k]), solution);
        }
        return solution;
    }

    /// <summary>The spacing of doubles at 1 (2⁻⁵²), the unit of relative rounding.</summary>
    private const double EpsilonOfDouble = 2.220446049250313e-16;
}

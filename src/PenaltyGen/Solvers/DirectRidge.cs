using MathNet.Numerics.LinearAlgebra;
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
        var solution = gram.Cholesky().Solve(rhs);
        for (var j = 0; j < p; j++) ws.Fit.W[j] = solution[j];
        ws.Data.Y.CopyTo(ws.Fit.Residual, 0);
        for (var j = 0; j < p; j++) Blas.Axpy(-ws.Fit.W[j], ws.Data.Column(j), ws.Fit.Residual);
        ws.Path.ResidualIsCurrent = true;
        var (gap, kkt, done, tolerance) = Certificates.AtResidual<DualityGap<TPenalty>>(ws, s, 1.0);
        return new SolverOutcome(1, gap, kkt, done || double.IsFinite(gap), tolerance);
    }
}

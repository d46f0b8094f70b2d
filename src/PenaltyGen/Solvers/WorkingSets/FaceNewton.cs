using System;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// A Newton step on the current orthant face, for the working-set engine in residual mode (docs/solvers.md, "Newton
/// steps on the face"). On the face F — the set's non-zero coefficients, with their signs s held, and its unpenalized
/// ones — the objective ½‖r‖² + nα·Σ f_j(a₁|w_j| + ½a₂w_j²) is the quadratic
/// q(d) = ½‖r − X_F d‖² + nα·Σ_F f_j(a₁s_j(w_j + d_j) + ½a₂(w_j + d_j)²), minimized where
/// (X_FᵀX_F + nαa₂·diag f) d = X_Fᵀr − nα·f∘(a₁s + a₂w_F). Coordinate descent approaches that minimizer at a rate set
/// by the condition number κ of the system (about 1 − 1/κ per sweep); conjugate gradients at (√κ − 1)/(√κ + 1) per
/// iteration, each reading F's columns twice (X_F v, then X_Fᵀ of it): about one sweep of F. A step runs at most
/// <see cref="Iterations"/> Jacobi-preconditioned iterations from d = 0; its point w_F + d is put back in the face (a
/// penalized coefficient that crosses 0 is set to 0), and the engine keeps it only when the objective falls. The
/// products X_FᵀX_F·v come from F's columns (residual mode, <see cref="ColumnHessian"/>) or from the Gram cache
/// (covariance mode, <see cref="GramHessian"/>).
/// Buffers are sized once: nothing is allocated per step.
/// </summary>
internal sealed class FaceNewton(int n, int p)
{
    /// <summary>
    /// Conjugate-gradient iterations per step: with κ in the hundreds, (√κ − 1)/(√κ + 1) ≈ 0.8 per iteration, ten cut
    /// the face's gradient about tenfold, at a quarter of the sweeps a step is taken to replace (<see cref="WorthAfter"/>).
    /// </summary>
    public const int Iterations = 10;

    /// <summary>
    /// A step is taken only when coordinate descent is predicted to need at least this many more sweeps (four times a
    /// step's cost in sweeps of the face): where it converges quickly a step would cost more than it saves.
    /// </summary>
    public const int WorthAfter = 4 * Iterations;

    /// <summary>
    /// A step after which the next certificate's gap ratio fell by less than this factor did not pay for itself (the
    /// face was not the one the fit converges to, or the gap is held up elsewhere): steps stop for the rest of the fit.
    /// </summary>
    public const double Effective = 0.5;

    /// <summary>CG stops early once ‖∇q‖² has fallen by this factor: the face's minimizer to well within the certificate's needs.</summary>
    private const double Converged = 1e-4;

    private readonly int[] face = new int[p];
    private readonly double[] step = new double[p];
    private readonly double[] gradient = new double[p];
    private readonly double[] scaled = new double[p];
    private readonly double[] search = new double[p];
    private readonly double[] product = new double[p];
    private readonly double[] zero = new double[p];
    private readonly double[] image = new double[n];
    private readonly double[] unused = new double[n];
    private double before = double.NaN;
    private bool suspended;

    /// <summary>The step's point for the set's coefficients, in the set's order (valid after <see cref="Solve"/>).</summary>
    public double[] Point { get; } = new double[p];

    /// <summary>The set's coefficients before the step, in the set's order.</summary>
    public double[] Last { get; } = new double[p];

    /// <summary>A new fit: steps are allowed again.</summary>
    public void StartFit()
    {
        suspended = false;
        before = double.NaN;
    }

    /// <summary>
    /// After a failed certificate at <paramref name="ratio"/> = gap / tolerance, with coordinate descent predicted to
    /// need <paramref name="predicted"/> more sweeps (NaN: no rate known): whether to take a step. The certificate
    /// right after a step judges it (<see cref="Effective"/>).
    /// </summary>
    public bool Due(double ratio, double predicted)
    {
        if (!double.IsNaN(before) && !(ratio <= Effective * before)) suspended = true;
        before = double.NaN;
        return !suspended && predicted >= WorthAfter;
    }

    /// <summary>A step was kept after the certificate at <paramref name="ratio"/>: the next certificate judges it.</summary>
    public void Kept(double ratio) => before = ratio;

    /// <summary>A step did not lower the objective: no more steps in this fit.</summary>
    public void Refused() => suspended = true;

    /// <summary>
    /// Fills <see cref="Point"/> and <see cref="Last"/> from the face of <paramref name="w"/> within <paramref name="set"/>,
    /// given the exact products <paramref name="xtr"/> = X_jᵀr on the set; <paramref name="alphaN"/> is nα. Returns
    /// false when the face is empty or its gradient is zero (nothing to step).
    /// </summary>
    public bool Solve<THessian>(in THessian hessian, PreparedData data, ReadOnlySpan<int> set, ReadOnlySpan<double> w,
        ReadOnlySpan<double> xtr, in SolverSettings s, ElasticNetShape shape, double alphaN)
        where THessian : struct, IFaceHessian
    {
        var count = 0;
        var start = 0.0;
        var rz = 0.0;
        foreach (var j in set)
        {
            var f = s.Factor(j);
            if (w[j] == 0 && f > 0) continue;
            face[count++] = j;
            gradient[j] = xtr[j] - alphaN * f * (shape.L1 * Math.Sign(w[j]) + shape.L2 * w[j]);
            scaled[j] = gradient[j] / Diagonal(data, j, f, shape, alphaN);
            search[j] = scaled[j];
            start += gradient[j] * gradient[j];
            rz += gradient[j] * scaled[j];
        }
        var faceColumns = face.AsSpan(0, count);
        if (!(start > 0))
        {
            Clear(faceColumns);
            return false;
        }
        for (var k = 0; k < Iterations; k++)
        {
            // product = (X_FᵀX_F + nαa₂ diag f)·search.
            hessian.Apply(faceColumns, search, product);
            var curvature = 0.0;
            foreach (var j in faceColumns)
            {
                product[j] += alphaN * s.Factor(j) * shape.L2 * search[j];
                curvature += search[j] * product[j];
            }
            if (!(curvature > 0)) break;
            var length = rz / curvature;
            double next = 0, left = 0;
            foreach (var j in faceColumns)
            {
                step[j] += length * search[j];
                gradient[j] -= length * product[j];
                scaled[j] = gradient[j] / Diagonal(data, j, s.Factor(j), shape, alphaN);
                next += gradient[j] * scaled[j];
                left += gradient[j] * gradient[j];
            }
            if (left <= Converged * start) break;
            var beta = next / rz;
            rz = next;
            foreach (var j in faceColumns) search[j] = scaled[j] + beta * search[j];
        }
        for (var i = 0; i < set.Length; i++)
        {
            var j = set[i];
            Last[i] = w[j];
            var moved = w[j] + step[j];
            // Back in the face: a penalized coefficient whose sign changes (or that reaches 0) is set to 0.
            Point[i] = s.Factor(j) > 0 && !(moved * w[j] > 0) ? 0.0 : moved;
        }
        Clear(faceColumns);
        return true;
    }

    /// <summary>X_FᵀX_F·v from F's columns, with this step's buffers (residual mode).</summary>
    public ColumnHessian Columns(PreparedData data) => new(data, zero, unused, image);

    /// <summary>The Jacobi preconditioner: the system's diagonal ‖X_j‖² + nαa₂f_j.</summary>
    private static double Diagonal(PreparedData data, int j, double f, ElasticNetShape shape, double alphaN) =>
        data.Norms[j] + alphaN * f * shape.L2;

    /// <summary>
    /// The invariant between steps: search and step are zero at every feature (search is X_F's argument as a p-vector,
    /// so it must be zero off the face; step accumulates from 0).
    /// </summary>
    private void Clear(ReadOnlySpan<int> columns)
    {
        foreach (var j in columns)
        {
            search[j] = 0.0;
            step[j] = 0.0;
        }
    }
}

/// <summary>The face's Gram products for <see cref="FaceNewton"/>: product_j = X_jᵀX_F·v_F for every j in F (v is zero off F).</summary>
internal interface IFaceHessian
{
    void Apply(ReadOnlySpan<int> face, double[] v, double[] product);
}

/// <summary>
/// From F's columns: X_F·v by the residual kernel at w = 0 (its r is not needed; <paramref name="zero"/> is a zero
/// p-vector), then X_Fᵀ of it — two reads of F's columns.
/// </summary>
internal readonly struct ColumnHessian(PreparedData data, double[] zero, double[] unused, double[] image) : IFaceHessian
{
    public void Apply(ReadOnlySpan<int> face, double[] v, double[] product)
    {
        data.ResidualOf(zero, unused, v, image);
        data.ProductsWith(image, product, face);
    }
}

/// <summary>From the Gram cache (every member of F is in it; <see cref="CovarianceState.FaceProducts"/>): no column read.</summary>
internal readonly struct GramHessian(CovarianceState cache) : IFaceHessian
{
    public void Apply(ReadOnlySpan<int> face, double[] v, double[] product) => cache.FaceProducts(face, v, product);
}

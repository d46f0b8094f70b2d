using System;
using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using PenaltyGen.Data;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The Newton step on the face: on F (the set's non-zero coefficients and its unpenalized ones, signs s held) it
/// minimizes ½‖r − X_F d‖² + nα·Σ f_j(a₁s_j(w_j + d_j) + ½a₂(w_j + d_j)²), i.e. solves
/// (X_FᵀX_F + nαa₂·diag f) d = X_Fᵀr − nα·f∘(a₁s + a₂w_F), here checked against MathNet's dense solve; the point is
/// put back in the face; and when steps are taken.
/// </summary>
public class FaceNewtonTests
{
    private const int N = 15;
    private const int P = 6;
    private const double AlphaN = 0.2 * N;
    private static readonly ElasticNetShape Shape = new(0.8, 0.4, false);

    // Feature 0 unpenalized (it is on the face at 0), feature 4 at 0 (off the face), the rest non-zero.
    private static readonly ImmutableArray<double> Factors = [0.0, 1.0, 1.0, 1.0, 1.0, 1.5];
    private static readonly int[] Set = [3, 0, 5, 1, 4, 2];

    private static (PreparedData Data, Matrix<double> X, Vector<double> Y) Problem()
    {
        var random = new Random(17);
        var x = new double[N * P];
        for (var i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 2 - 1;
        var y = new double[N];
        for (var i = 0; i < N; i++) y[i] = 3 * x[N + i] - 2 * x[2 * N + i] + x[5 * N + i] + 0.3 * (random.NextDouble() - 0.5);
        var names = new string[P];
        for (var j = 0; j < P; j++) names[j] = $"x{j}";
        var dataset = Dataset.FromColumnMajor(x, y, names).Match(d => d, e => throw new InvalidOperationException(e.Message));
        return (new PreparedData(dataset, centre: false), Matrix<double>.Build.Dense(N, P, x), Vector<double>.Build.DenseOfArray(y));
    }

    private static SolverSettings Settings => new(new PenaltyParameters(0.2), 1e-4, 100, false, CoordinateSelection.Cyclic, 0, Factors);

    /// <summary>w's face minimizer from MathNet: w_F + d with d solving the face's normal equations.</summary>
    private static double[] FaceMinimizer(Matrix<double> x, Vector<double> y, double[] w, int[] face)
    {
        var xf = Matrix<double>.Build.Dense(N, face.Length, (i, k) => x[i, face[k]]);
        var wv = Vector<double>.Build.DenseOfArray(w);
        var r = y - x * wv;
        var system = xf.TransposeThisAndMultiply(xf);
        var right = xf.TransposeThisAndMultiply(r);
        for (var k = 0; k < face.Length; k++)
        {
            var (j, f) = (face[k], Factors[face[k]]);
            system[k, k] += AlphaN * f * Shape.L2;
            right[k] -= AlphaN * f * (Shape.L1 * Math.Sign(w[j]) + Shape.L2 * w[j]);
        }
        var d = system.Solve(right);
        var point = (double[])w.Clone();
        for (var k = 0; k < face.Length; k++) point[face[k]] += d[k];
        return point;
    }

    private static double[] Step(PreparedData data, Matrix<double> x, Vector<double> y, double[] w, FaceNewton face)
    {
        var xtr = (x.TransposeThisAndMultiply(y - x * Vector<double>.Build.DenseOfArray(w))).ToArray();
        Assert.True(face.Solve(face.Columns(data), data, Set, w, xtr, Settings, Shape, AlphaN));
        var point = new double[P];
        for (var i = 0; i < Set.Length; i++)
        {
            Assert.Equal(w[Set[i]], face.Last[i]);
            point[Set[i]] = face.Point[i];
        }
        return point;
    }

    /// <summary>∇q on the face at <paramref name="point"/>, the signs held at w's: X_Fᵀ(y − X·point) − nα·f∘(a₁s + a₂·point).</summary>
    private static double[] FaceGradient(Matrix<double> x, Vector<double> y, double[] w, double[] point, int[] face)
    {
        var r = y - x * Vector<double>.Build.DenseOfArray(point);
        var g = new double[face.Length];
        for (var k = 0; k < face.Length; k++)
        {
            var j = face[k];
            g[k] = x.Column(j) * r - AlphaN * Factors[j] * (Shape.L1 * Math.Sign(w[j]) + Shape.L2 * point[j]);
        }
        return g;
    }

    private static double Distance(double[] a, double[] b)
    {
        var most = 0.0;
        for (var j = 0; j < a.Length; j++) most = Math.Max(most, Math.Abs(a[j] - b[j]));
        return most;
    }

    private static readonly int[] Face = [0, 1, 2, 3, 5];

    [Fact]
    public void A_step_reaches_the_face_minimizer_when_it_stays_in_the_face()
    {
        var (data, x, y) = Problem();
        // Features 3 and 4 at 0: off the face.
        double[] w = [0.0, 2.0, -1.5, 0.0, 0.0, 0.4];
        int[] face = [0, 1, 2, 5];
        var expected = FaceMinimizer(x, y, w, face);
        // The minimizer keeps every sign (so no coefficient is put back to 0).
        Assert.True(expected[1] > 0 && expected[2] < 0 && expected[5] > 0, string.Join(" ", expected));
        var point = Step(data, x, y, w, new FaceNewton(N, P));
        // CG stops once ‖∇q‖² has fallen by 1e-4 (five unknowns, at most ten iterations: it gets there).
        var (start, end) = (Vector<double>.Build.DenseOfArray(FaceGradient(x, y, w, w, face)).L2Norm(),
            Vector<double>.Build.DenseOfArray(FaceGradient(x, y, w, point, face)).L2Norm());
        Assert.True(end <= 1.0001e-2 * start, $"{end} against {start}");
        Assert.True(Distance(point, expected) <= 0.05 * Distance(w, expected), string.Join(" ", point));
        Assert.Equal(0.0, point[3]);
        Assert.Equal(0.0, point[4]);
    }

    [Fact]
    public void A_coefficient_whose_sign_would_change_is_put_back_to_zero()
    {
        var (data, x, y) = Problem();
        // Feature 3's face minimizer with its sign held at + is negative; the others keep their signs.
        double[] w = [0.0, 2.0, -1.0, 0.5, 0.0, 0.8];
        var expected = FaceMinimizer(x, y, w, Face);
        Assert.True(expected[3] < 0 && expected[1] > 0 && expected[2] < 0 && expected[5] > 0, string.Join(" ", expected));
        var point = Step(data, x, y, w, new FaceNewton(N, P));
        Assert.Equal(0.0, point[3]);
        Assert.Equal(0.0, point[4]);
        expected[3] = 0.0;
        Assert.True(Distance(point, expected) <= 0.05 * Distance(w, expected), string.Join(" ", point));
    }

    [Fact]
    public void The_gram_cache_gives_the_step_the_columns_give()
    {
        // Covariance mode's products G_FF·v against residual mode's X_Fᵀ(X_F·v), the cache filled in another order.
        var (data, x, y) = Problem();
        double[] w = [0.0, 2.0, -1.0, 0.5, 0.0, 0.8];
        var fromColumns = Step(data, x, y, w, new FaceNewton(N, P));
        var cache = new CovarianceState(N, P);
        cache.Add(data, [5, 2, 0, 3, 1, 4]);
        var xtr = (x.TransposeThisAndMultiply(y - x * Vector<double>.Build.DenseOfArray(w))).ToArray();
        var face = new FaceNewton(N, P);
        Assert.True(face.Solve(new GramHessian(cache), data, Set, w, xtr, Settings, Shape, AlphaN));
        for (var i = 0; i < Set.Length; i++) Assert.Equal(fromColumns[Set[i]], face.Point[i], 1e-12);
    }

    [Fact]
    public void Steps_are_taken_when_the_predicted_wait_is_long_and_stop_in_a_fit_once_one_did_not_pay()
    {
        var face = new FaceNewton(N, P);
        face.StartFit();
        Assert.False(face.Due(3.0, double.NaN));
        Assert.False(face.Due(3.0, FaceNewton.WorthAfter - 1));
        Assert.True(face.Due(3.0, FaceNewton.WorthAfter));
        face.Kept(3.0);
        // 1.4 ≤ 0.5 · 3: the step paid, steps go on.
        Assert.True(face.Due(1.4, 100));
        face.Kept(1.4);
        // 0.8 > 0.5 · 1.4: it did not; none for the rest of the fit, whatever the prediction.
        Assert.False(face.Due(0.8, 100));
        Assert.False(face.Due(0.8, 1000));
        face.StartFit();
        Assert.True(face.Due(2.0, 100));
        face.Refused();
        Assert.False(face.Due(2.0, 100));
    }
}

using System;
using System.Linq;
using PenaltyGen.Kernels;
using Xunit;

namespace PenaltyGen.Tests.Kernels;

/// <summary>
/// The SIMD kernels against plain loops, on shapes that hit every remainder: rows not a multiple of the vector
/// width or of the Gram kernel's row chunk, column counts around its 16×12 block, lists in any order with repeats.
/// </summary>
public class KernelTests
{
    private static double[] Matrix(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows * columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() * 2 - 1 + (k % 7 == 0 ? 3 : 0);
        return x;
    }

    private static (double Value, double Scale) Naive(double[] x, int rows, int a, int b)
    {
        double s = 0, scale = 0;
        for (var i = 0; i < rows; i++)
        {
            s += x[a * rows + i] * x[b * rows + i];
            scale += Math.Abs(x[a * rows + i] * x[b * rows + i]);
        }
        return (s, scale);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 11)]
    [InlineData(129, 16, 12)]
    [InlineData(130, 17, 13)]
    [InlineData(1000, 40, 30)]
    [InlineData(2503, 33, 50)]
    public void Gram_blocks_equal_column_dot_products(int rows, int leftCount, int rightCount)
    {
        var columns = Math.Max(leftCount, rightCount) + 3;
        var x = Matrix(rows, columns, rows + leftCount);
        var random = new Random(rightCount);
        var left = Enumerable.Range(0, leftCount).Select(_ => random.Next(columns)).ToArray();
        var right = Enumerable.Range(0, rightCount).Select(_ => random.Next(columns)).ToArray();
        var result = new double[leftCount * rightCount];
        Gram.Cross(x, rows, left, right, result);
        for (var k = 0; k < rightCount; k++)
        {
            for (var i = 0; i < leftCount; i++)
            {
                var (value, scale) = Naive(x, rows, left[i], right[k]);
                Assert.True(Math.Abs(result[k * leftCount + i] - value) <= 1e-13 * scale, $"G[{left[i]}, {right[k]}] = {result[k * leftCount + i]}, expected {value}");
            }
        }
        // The same call gives the same bits (each entry summed by one thread in one order).
        var again = new double[result.Length];
        Gram.Cross(x, rows, left, right, again);
        Assert.Equal(result, again);
    }

    [Theory]
    [InlineData(130, 0, 17, 5)]
    [InlineData(257, 13, 40, 0)]
    [InlineData(1000, 30, 300, 7)]
    [InlineData(300, 250, 600, 3)]
    public void Gram_rows_for_new_features_write_the_rectangle_and_the_upper_triangle_at_a_stride(int rows, int cached, int added, int pad)
    {
        // What the covariance solver asks when it adds features: left = the new ones, right = the cached ones then
        // the new ones (mirror = cached), written at a stride into a larger matrix whose other values stay as they were.
        var columns = cached + added;
        var x = Matrix(rows, columns, rows + added);
        var random = new Random(added);
        var order = Enumerable.Range(0, columns).OrderBy(_ => random.Next()).ToArray();
        var left = order[cached..];
        var stride = added + pad;
        var result = Enumerable.Repeat(-7.0, columns * stride).ToArray();
        Gram.Cross(x, rows, left, order, result, stride, cached);
        for (var k = 0; k < columns; k++)
        {
            for (var i = 0; i < stride; i++)
            {
                var value = result[k * stride + i];
                if (i >= added)
                {
                    Assert.Equal(-7.0, value);
                    continue;
                }
                if (k >= cached && k - cached < i) continue; // the mirror image of a promised entry
                var (expected, scale) = Naive(x, rows, left[i], order[k]);
                Assert.True(Math.Abs(value - expected) <= 1e-13 * scale, $"G[{left[i]}, {order[k]}] = {value}, expected {expected}");
            }
        }
        // The promised entries agree bit for bit with the plain product (same chunks, same order).
        var plain = new double[added * columns];
        Gram.Cross(x, rows, left, order, plain);
        for (var k = 0; k < columns; k++)
        {
            for (var i = 0; i < added; i++)
            {
                if (k < cached || k - cached >= i) Assert.Equal(plain[k * added + i], result[k * stride + i]);
            }
        }
    }

    [Fact]
    public void Gram_refuses_a_mirror_that_is_not_the_left_list()
    {
        var x = Matrix(10, 4, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gram.Cross(x, 10, [2, 3], [0, 1, 3, 2], new double[8], 2, 2));
        Assert.Contains("the right list must end with the left one", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gram.Cross(x, 10, [2, 3], [0, 2, 3], new double[6], 1, 1));
    }

    [Fact]
    public void Gram_refuses_a_column_outside_the_matrix()
    {
        var x = Matrix(10, 3, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gram.Cross(x, 10, [0, 3], [1], new double[2]));
        Assert.Contains("column 3 lies outside the matrix", error.Message);
        Assert.Throws<ArgumentException>(() => Gram.Cross(x, 10, [0, 1], [1, 2], new double[3]));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(9, 6)]
    [InlineData(1000, 13)]
    [InlineData(33, 40)]
    public void Transposed_products_over_listed_columns_with_a_second_vector(int rows, int columns)
    {
        var x = Matrix(rows, columns, 3 * rows + columns);
        var random = new Random(rows);
        var d = Enumerable.Range(0, rows).Select(_ => random.NextDouble() - 0.5).ToArray();
        var d2 = Enumerable.Range(0, rows).Select(_ => random.NextDouble() - 0.5).ToArray();
        var listed = Enumerable.Range(0, columns).Where(j => j % 3 != 1).Reverse().ToArray();
        var g = Enumerable.Repeat(double.NaN, columns).ToArray();
        var g2 = Enumerable.Repeat(double.NaN, columns).ToArray();
        Blas.GemvTransposed(x, rows, d, g, listed, d2, g2);
        for (var j = 0; j < columns; j++)
        {
            if (!listed.Contains(j))
            {
                Assert.True(double.IsNaN(g[j]) && double.IsNaN(g2[j]), $"column {j} was not listed but was written");
                continue;
            }
            double e = 0, e2 = 0, scale = 0;
            for (var i = 0; i < rows; i++)
            {
                e += x[j * rows + i] * d[i];
                e2 += x[j * rows + i] * d2[i];
                scale += Math.Abs(x[j * rows + i]);
            }
            Assert.Equal(e, g[j], 1e-13 * scale);
            Assert.Equal(e2, g2[j], 1e-13 * scale);
        }
        // Without a list: every column (blocks of four and the remainder alike).
        var all = new double[columns];
        Blas.GemvTransposed(x, rows, d, all);
        foreach (var j in listed) Assert.Equal(g[j], all[j], 1e-12);
    }

    [Fact]
    public void A_pass_split_over_the_cores_equals_one_on_a_single_thread()
    {
        const int rows = 1000, columns = 1203;
        var x = Matrix(rows, columns, 5);
        var random = new Random(6);
        var d = Enumerable.Range(0, rows).Select(_ => random.NextDouble() - 0.5).ToArray();
        var d2 = Enumerable.Range(0, rows).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] Run(bool parallel, out double[] second)
        {
            var g = new double[columns];
            second = new double[columns];
            Blas.GemvTransposed(x, rows, d, g, default, d2, second, parallel);
            return g;
        }
        var serial = Run(false, out var serial2);
        var split = Run(true, out var split2);
        for (var j = 0; j < columns; j++)
        {
            Assert.Equal(serial[j], split[j], 1e-11);
            Assert.Equal(serial2[j], split2[j], 1e-11);
        }
        Assert.Equal(split, Run(true, out var again2));
        Assert.Equal(split2, again2);
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(100, 9)]
    public void Residual_and_direction_from_one_read(int rows, int columns)
    {
        var x = Matrix(rows, columns, rows);
        var random = new Random(columns);
        var w = Enumerable.Range(0, columns).Select(j => j % 2 == 0 ? random.NextDouble() : 0).ToArray();
        var u = Enumerable.Range(0, columns).Select(j => j % 3 == 0 ? random.NextDouble() - 0.5 : 0).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray();
        var r = new double[rows];
        var d = Enumerable.Repeat(7.0, rows).ToArray();
        Blas.Residual(x, rows, w, y, r, u, d);
        for (var i = 0; i < rows; i++)
        {
            double fit = 0, along = 0;
            for (var j = 0; j < columns; j++)
            {
                fit += x[j * rows + i] * w[j];
                along += x[j * rows + i] * u[j];
            }
            Assert.Equal(y[i] - fit, r[i], 1e-12);
            Assert.Equal(along, d[i], 1e-12);
        }
    }

    [Theory]
    [InlineData(20_005, 120)]
    [InlineData(16_389, 150)] // the last block of 64 rows holds 5: shorter than one vector
    public void A_residual_split_over_the_cores_equals_the_column_by_column_one_bitwise(int rows, int columns)
    {
        // Large enough to split (columns used × rows ≥ 2·10⁶); the reference runs the columns in order over whole vectors.
        var x = Matrix(rows, columns, columns);
        var random = new Random(rows);
        var w = Enumerable.Range(0, columns).Select(j => j % 5 == 0 ? 0 : random.NextDouble() - 0.5).ToArray();
        var u = Enumerable.Range(0, columns).Select(j => j % 3 == 0 ? random.NextDouble() - 0.5 : 0).ToArray();
        var y = Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray();
        var (r, d) = (new double[rows], new double[rows]);
        Blas.Residual(x, rows, w, y, r, u, d);
        var (expectedR, expectedD) = ((double[])y.Clone(), new double[rows]);
        for (var j = 0; j < columns; j++)
        {
            var column = x.AsSpan(j * rows, rows);
            if (w[j] != 0) Blas.Axpy(-w[j], column, expectedR);
            if (u[j] != 0) Blas.Axpy(u[j], column, expectedD);
        }
        Assert.Equal(expectedR, r);
        Assert.Equal(expectedD, d);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(77)]
    public void Dot_and_axpy_on_every_remainder(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        Assert.Equal(a.Zip(b, (p, q) => p * q).Sum(), Blas.Dot(a, b), 1e-14);
        Assert.Equal(a.Sum(), Blas.Sum(a), 1e-14);
        var y = b.ToArray();
        Blas.Axpy(-1.5, a, y);
        for (var i = 0; i < length; i++) Assert.Equal(b[i] - 1.5 * a[i], y[i], 1e-15);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(77)]
    [InlineData(1000)]
    public void Proximal_newton_kernels_on_every_remainder(int length)
    {
        // xᵀy with Σh·x² from one read, and the coordinate step ρ −= s·h∘x, δ += s·x — against plain loops.
        var random = new Random(length + 1);
        double[] Draw() => Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var (x, y, h) = (Draw(), Draw(), Draw().Select(v => v + 0.5).ToArray());
        var norm = Enumerable.Range(0, length).Sum(i => h[i] * x[i] * x[i]);
        var dot = Enumerable.Range(0, length).Sum(i => x[i] * y[i]);
        var (fusedDot, fusedNorm) = Blas.DotAndWeightedSquaredNorm(x, y, h);
        Assert.Equal(dot, fusedDot, 1e-13);
        Assert.Equal(norm, fusedNorm, 1e-13);
        var (rho, delta) = (y.ToArray(), h.ToArray());
        Blas.NewtonStep(0.75, h, x, rho, delta);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(y[i] - 0.75 * h[i] * x[i], rho[i], 1e-15);
            Assert.Equal(h[i] + 0.75 * x[i], delta[i], 1e-15);
        }
        Assert.Throws<ArgumentException>(() => Blas.NewtonStep(1, h, x, rho, new double[length + 1]));

        // The paired sweep's fused step: the same update, and ⟨next, ρ⟩ with the updated ρ.
        var next = Draw();
        var (rho2, delta2) = (y.ToArray(), h.ToArray());
        var carried = Blas.NewtonStepThenDot(0.75, h, x, rho2, delta2, next);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(y[i] - 0.75 * h[i] * x[i], rho2[i], 1e-15);
            Assert.Equal(h[i] + 0.75 * x[i], delta2[i], 1e-15);
        }
        Assert.Equal(Enumerable.Range(0, length).Sum(i => next[i] * rho2[i]), carried, 1e-13);
        Assert.Throws<ArgumentException>(() => Blas.NewtonStepThenDot(1, h, x, rho2, delta2, new double[length + 1]));
    }
}

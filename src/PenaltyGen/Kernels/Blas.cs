using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PenaltyGen.Kernels;

/// <summary>
/// The level-1 kernels the solvers spend their time in, on spans, in place, SIMD with
/// <see cref="Vector{T}"/>. No allocation.
/// </summary>
public static class Blas
{
    /// <summary>xᵀy with four independent accumulators (hides the add latency).</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        var n = x.Length;
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && n >= 4 * Vector<double>.Count)
        {
            var w = Vector<double>.Count;
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            var k = 0;
            for (; k + 4 <= xv.Length; k += 4)
            {
                s0 += xv[k] * yv[k];
                s1 += xv[k + 1] * yv[k + 1];
                s2 += xv[k + 2] * yv[k + 2];
                s3 += xv[k + 3] * yv[k + 3];
            }
            for (; k < xv.Length; k++) s0 += xv[k] * yv[k];
            sum = Vector.Sum((s0 + s1) + (s2 + s3));
            i = xv.Length * w;
        }
        for (; i < n; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y += a·x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            var av = new Vector<double>(a);
            for (var k = 0; k < xv.Length; k++) yv[k] += av * xv[k];
            i = xv.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    /// <summary>‖x‖².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredNorm(ReadOnlySpan<double> x) => Dot(x, x);

    /// <summary>y = X·w for column-major X (n×p): a sum of scaled columns, skipping zero coefficients.</summary>
    public static void Gemv(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> w, Span<double> y)
    {
        y.Clear();
        for (var j = 0; j < w.Length; j++)
        {
            if (w[j] != 0) Axpy(w[j], x.Slice(j * rows, rows), y);
        }
    }

    /// <summary>
    /// g = Xᵀd split over the cores in contiguous column blocks: a full pass over X is memory-bound, and a
    /// second core adds bandwidth. Falls back to one thread for small matrices.
    /// </summary>
    public static void GemvTransposedParallel(ReadOnlySpan<double> x, int rows, double[] d, double[] g)
    {
        var columns = g.Length;
        var workers = Math.Min(Environment.ProcessorCount, 8);
        if (workers < 2 || (long)rows * columns < 1_000_000)
        {
            GemvTransposed(x, rows, d, g);
            return;
        }
        unsafe
        {
            fixed (double* px = x)
            {
                var address = (nint)px;
                var length = x.Length;
                System.Threading.Tasks.Parallel.For(0, workers, worker =>
                {
                    var all = new ReadOnlySpan<double>((double*)address, length);
                    var from = (int)((long)columns * worker / workers);
                    var to = (int)((long)columns * (worker + 1) / workers);
                    for (var j = from; j < to; j++) g[j] = Dot(all.Slice(j * rows, rows), d);
                });
            }
        }
    }

    /// <summary>g_j = X_jᵀ·d for every column j of column-major X.</summary>
    public static void GemvTransposed(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> d, Span<double> g)
    {
        for (var j = 0; j < g.Length; j++) g[j] = Dot(x.Slice(j * rows, rows), d);
    }
}

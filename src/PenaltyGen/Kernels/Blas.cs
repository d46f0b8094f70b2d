using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PenaltyGen.Kernels;

/// <summary>
/// The level-1 and level-2 kernels the solvers spend their time in, on spans, in place: 512-bit SIMD with fused
/// multiply-adds where the processor has it, <see cref="Vector{T}"/> otherwise. No allocation.
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
        if (Vector512.IsHardwareAccelerated && n >= 32)
        {
            unsafe
            {
                fixed (double* px = x)
                fixed (double* py = y)
                {
                    Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
                    for (; i + 32 <= n; i += 32)
                    {
                        s0 = Vector512.FusedMultiplyAdd(Vector512.Load(px + i), Vector512.Load(py + i), s0);
                        s1 = Vector512.FusedMultiplyAdd(Vector512.Load(px + i + 8), Vector512.Load(py + i + 8), s1);
                        s2 = Vector512.FusedMultiplyAdd(Vector512.Load(px + i + 16), Vector512.Load(py + i + 16), s2);
                        s3 = Vector512.FusedMultiplyAdd(Vector512.Load(px + i + 24), Vector512.Load(py + i + 24), s3);
                    }
                    for (; i + 8 <= n; i += 8) s0 = Vector512.FusedMultiplyAdd(Vector512.Load(px + i), Vector512.Load(py + i), s0);
                    sum = Vector512.Sum((s0 + s1) + (s2 + s3));
                }
            }
        }
        else if (Vector.IsHardwareAccelerated && n >= 4 * Vector<double>.Count)
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
        if (Vector512.IsHardwareAccelerated && x.Length >= 8)
        {
            unsafe
            {
                fixed (double* px = x)
                fixed (double* py = y)
                {
                    var av = Vector512.Create(a);
                    for (; i + 8 <= x.Length; i += 8) Vector512.Store(Vector512.FusedMultiplyAdd(av, Vector512.Load(px + i), Vector512.Load(py + i)), py + i);
                }
            }
        }
        else if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
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

    /// <summary>g_j = X_jᵀ·d for every column j of column-major X.</summary>
    public static void GemvTransposed(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> d, Span<double> g) =>
        GemvTransposed(x, rows, d, g, default, default, default);

    /// <summary>
    /// g_j = X_jᵀd for the listed columns (every column when the list is empty; the rest of g untouched), and
    /// with <paramref name="d2"/> also g2_j = X_jᵀd2. Four columns at a time share each load of d (and d2): a
    /// pass over X is memory-bound, and this reads X once at the bandwidth one core gets (measured faster than
    /// splitting the columns between this machine's two cores).
    /// </summary>
    public static void GemvTransposed(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> d, Span<double> g, ReadOnlySpan<int> columns,
        ReadOnlySpan<double> d2, Span<double> g2)
    {
        if (d.Length != rows) throw new ArgumentException("d needs one value per row", nameof(d));
        var second = !d2.IsEmpty;
        if (second && (d2.Length != rows || g2.Length != g.Length)) throw new ArgumentException("d2 needs one value per row and g2 one per column", nameof(d2));
        var all = columns.IsEmpty;
        var count = all ? g.Length : columns.Length;
        if ((long)g.Length * rows > x.Length) throw new ArgumentException("x is smaller than rows × columns", nameof(x));
        Span<int> block = stackalloc int[4];
        Span<double> sums = stackalloc double[8];
        var k = 0;
        for (; k + 4 <= count; k += 4)
        {
            for (var t = 0; t < 4; t++) block[t] = all ? k + t : columns[k + t];
            Dot4(x, rows, block, d, second ? d2 : d, sums);
            for (var t = 0; t < 4; t++)
            {
                g[block[t]] = sums[t];
                if (second) g2[block[t]] = sums[4 + t];
            }
        }
        for (; k < count; k++)
        {
            var j = all ? k : columns[k];
            var column = x.Slice(j * rows, rows);
            g[j] = Dot(column, d);
            if (second) g2[j] = Dot(column, d2);
        }
    }

    /// <summary>sums[t] = X_{c_t}ᵀa, sums[4 + t] = X_{c_t}ᵀb for four columns, reading each column once.</summary>
    private static unsafe void Dot4(ReadOnlySpan<double> x, int rows, ReadOnlySpan<int> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> sums)
    {
        fixed (double* px = x)
        fixed (double* pa = a)
        fixed (double* pb = b)
        {
            double* x0 = px + (long)c[0] * rows, x1 = px + (long)c[1] * rows, x2 = px + (long)c[2] * rows, x3 = px + (long)c[3] * rows;
            var i = 0;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector512<double> t0 = default, t1 = default, t2 = default, t3 = default;
                var same = pa == pb;
                for (; i + 8 <= rows; i += 8)
                {
                    var va = Vector512.Load(pa + i);
                    var v0 = Vector512.Load(x0 + i);
                    var v1 = Vector512.Load(x1 + i);
                    var v2 = Vector512.Load(x2 + i);
                    var v3 = Vector512.Load(x3 + i);
                    s0 = Vector512.FusedMultiplyAdd(v0, va, s0);
                    s1 = Vector512.FusedMultiplyAdd(v1, va, s1);
                    s2 = Vector512.FusedMultiplyAdd(v2, va, s2);
                    s3 = Vector512.FusedMultiplyAdd(v3, va, s3);
                    if (same) continue;
                    var vb = Vector512.Load(pb + i);
                    t0 = Vector512.FusedMultiplyAdd(v0, vb, t0);
                    t1 = Vector512.FusedMultiplyAdd(v1, vb, t1);
                    t2 = Vector512.FusedMultiplyAdd(v2, vb, t2);
                    t3 = Vector512.FusedMultiplyAdd(v3, vb, t3);
                }
                (a0, a1, a2, a3) = (Vector512.Sum(s0), Vector512.Sum(s1), Vector512.Sum(s2), Vector512.Sum(s3));
                (b0, b1, b2, b3) = same ? (a0, a1, a2, a3) : (Vector512.Sum(t0), Vector512.Sum(t1), Vector512.Sum(t2), Vector512.Sum(t3));
            }
            for (; i < rows; i++)
            {
                a0 += x0[i] * pa[i];
                a1 += x1[i] * pa[i];
                a2 += x2[i] * pa[i];
                a3 += x3[i] * pa[i];
                b0 += x0[i] * pb[i];
                b1 += x1[i] * pb[i];
                b2 += x2[i] * pb[i];
                b3 += x3[i] * pb[i];
            }
            (sums[0], sums[1], sums[2], sums[3]) = (a0, a1, a2, a3);
            (sums[4], sums[5], sums[6], sums[7]) = (b0, b1, b2, b3);
        }
    }

    /// <summary>
    /// r = y − X·w for column-major X over the non-zero coefficients, and with <paramref name="u"/> also
    /// d = X·u, from one read of each column.
    /// </summary>
    public static void Residual(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> w, ReadOnlySpan<double> y, Span<double> r,
        ReadOnlySpan<double> u = default, Span<double> d = default)
    {
        y.CopyTo(r);
        var both = !u.IsEmpty;
        if (both) d.Clear();
        for (var j = 0; j < w.Length; j++)
        {
            var column = x.Slice(j * rows, rows);
            if (w[j] != 0) Axpy(-w[j], column, r);
            if (both && u[j] != 0) Axpy(u[j], column, d);
        }
    }
}

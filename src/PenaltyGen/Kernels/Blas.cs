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
public static partial class Blas
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

    /// <summary>Σ x_i with four independent accumulators.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector512.IsHardwareAccelerated && x.Length >= 32)
        {
            unsafe
            {
                fixed (double* px = x)
                {
                    Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
                    for (; i + 32 <= x.Length; i += 32)
                    {
                        s0 += Vector512.Load(px + i);
                        s1 += Vector512.Load(px + i + 8);
                        s2 += Vector512.Load(px + i + 16);
                        s3 += Vector512.Load(px + i + 24);
                    }
                    sum = Vector512.Sum((s0 + s1) + (s2 + s3));
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= 16)
        {
            // Four independent accumulators of 256-bit vectors (AVX2 machines).
            unsafe
            {
                fixed (double* px = x)
                {
                    Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
                    for (; i + 16 <= x.Length; i += 16)
                    {
                        s0 += Vector256.Load(px + i);
                        s1 += Vector256.Load(px + i + 4);
                        s2 += Vector256.Load(px + i + 8);
                        s3 += Vector256.Load(px + i + 12);
                    }
                    sum = Vector256.Sum((s0 + s1) + (s2 + s3));
                }
            }
        }
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary>into = x + a (a scalar added to every element).</summary>
    public static void Shift(ReadOnlySpan<double> x, double a, Span<double> into)
    {
        if (x.Length != into.Length) throw new ArgumentException("lengths differ", nameof(into));
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(into);
            var av = new Vector<double>(a);
            for (var k = 0; k < xv.Length; k++) yv[k] = xv[k] + av;
            i = xv.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) into[i] = x[i] + a;
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
    /// with <paramref name="d2"/> also g2_j = X_jᵀd2. Four columns at a time share each load of d (and d2). With
    /// <paramref name="parallel"/> a large pass splits its columns over the cores (the working-set solvers' full
    /// passes), through <see cref="ForkJoin"/>, which allocates nothing either. The plain solvers (FISTA, the
    /// certificates of plain sweeps) stay on one thread: their fits are small, and a concurrent caller's helpers may be busy.
    /// </summary>
    public static void GemvTransposed(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> d, Span<double> g, ReadOnlySpan<int> columns,
        ReadOnlySpan<double> d2, Span<double> g2, bool parallel = false)
    {
        if (d.Length != rows) throw new ArgumentException("d needs one value per row", nameof(d));
        var second = !d2.IsEmpty;
        if (second && (d2.Length != rows || g2.Length != g.Length)) throw new ArgumentException("d2 needs one value per row and g2 one per column", nameof(d2));
        var all = columns.IsEmpty;
        var count = all ? g.Length : columns.Length;
        if ((long)g.Length * rows > x.Length) throw new ArgumentException("x is smaller than rows × columns", nameof(x));
        var workers = parallel && (long)rows * count >= ParallelPass ? Math.Min(ForkJoin.Width, Math.Max(count / 4, 1)) : 1;
        unsafe
        {
            fixed (double* px = x)
            fixed (double* pa = d)
            fixed (double* pb = d2)
            fixed (double* pg = g)
            fixed (double* pg2 = g2)
            fixed (int* pc = columns)
            {
                var pass = new Pass(px, rows, pa, second ? pb : null, pg, pg2, all ? null : pc);
                ForkJoin.For(count, workers, pass);
            }
        }
    }

    // A pass is memory-bound; a second core still adds bandwidth (its A/B row on the wide path is in docs/benchmarks.md).
    // Contiguous ranges (ForkJoin): each product is computed by one thread, in one order.

    /// <summary>Below this many matrix entries a pass stays on one thread.</summary>
    private const long ParallelPass = 1_000_000;

    /// <summary>One transposed product over a range of (listed) columns, four at a time.</summary>
    private readonly unsafe struct Pass(double* x, int rows, double* d, double* d2, double* g, double* g2, int* columns) : IRangeBody
    {
        public void Run(int from, int to)
        {
            var k = from;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; k + 4 <= to; k += 4)
                {
                    int c0 = Column(k), c1 = Column(k + 1), c2 = Column(k + 2), c3 = Column(k + 3);
                    Dot4(x + (long)c0 * rows, x + (long)c1 * rows, x + (long)c2 * rows, x + (long)c3 * rows, rows, d, g + c0, g + c1, g + c2, g + c3);
                    if (d2 != null) Dot4(x + (long)c0 * rows, x + (long)c1 * rows, x + (long)c2 * rows, x + (long)c3 * rows, rows, d2, g2 + c0, g2 + c1, g2 + c2, g2 + c3);
                }
            }
            for (; k < to; k++)
            {
                var j = Column(k);
                var column = new ReadOnlySpan<double>(x + (long)j * rows, rows);
                g[j] = Dot(column, new ReadOnlySpan<double>(d, rows));
                if (d2 != null) g2[j] = Dot(column, new ReadOnlySpan<double>(d2, rows));
            }
        }

        private int Column(int k) => columns == null ? k : columns[k];
    }

    /// <summary>
    /// Four column dot products with one vector, sharing each load of it; the second product with another
    /// vector runs right after on the same four columns, while they are still in L1/L2.
    /// </summary>
    private static unsafe void Dot4(double* x0, double* x1, double* x2, double* x3, int rows, double* v, double* g0, double* g1, double* g2, double* g3)
    {
        Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
        var i = 0;
        for (; i + 8 <= rows; i += 8)
        {
            var vv = Vector512.Load(v + i);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x0 + i), vv, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(x1 + i), vv, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(x2 + i), vv, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(x3 + i), vv, s3);
        }
        double t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
        for (; i < rows; i++)
        {
            t0 += x0[i] * v[i];
            t1 += x1[i] * v[i];
            t2 += x2[i] * v[i];
            t3 += x3[i] * v[i];
        }
        (*g0, *g1, *g2, *g3) = (t0, t1, t2, t3);
    }

    /// <summary>
    /// r = y − X·w for column-major X over the non-zero coefficients, and with <paramref name="u"/> also
    /// d = X·u, from one read of each column. Large products split the rows between the cores in blocks of
    /// <see cref="RowBlock"/>: each row is still summed by one thread over the columns in order, and a block
    /// boundary is a multiple of the SIMD width, so the result does not depend on the split (bitwise).
    /// </summary>
    public static void Residual(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> w, ReadOnlySpan<double> y, Span<double> r,
        ReadOnlySpan<double> u = default, Span<double> d = default)
    {
        if (y.Length != rows || r.Length != rows) throw new ArgumentException("y and r need one value per row", nameof(r));
        if ((long)w.Length * rows > x.Length) throw new ArgumentException("w has more coefficients than X has columns", nameof(w));
        var both = !u.IsEmpty;
        if (both && (u.Length != w.Length || d.Length != rows)) throw new ArgumentException("u needs one value per column and d one per row", nameof(u));
        long used = 0;
        for (var j = 0; j < w.Length; j++)
        {
            if (w[j] != 0 || (both && u[j] != 0)) used++;
        }
        var blocks = (rows + RowBlock - 1) / RowBlock;
        var workers = used * rows >= ParallelPass ? ForkJoin.Width : 1;
        unsafe
        {
            fixed (double* px = x)
            fixed (double* pw = w)
            fixed (double* py = y)
            fixed (double* pr = r)
            fixed (double* pu = u)
            fixed (double* pd = d)
            {
                ForkJoin.For(blocks, workers, new ResidualRows(px, rows, pw, w.Length, py, pr, both ? pu : null, pd));
            }
        }
    }

    /// <summary>Rows per block of the split residual (a multiple of every SIMD width).</summary>
    private const int RowBlock = 64;

    private readonly unsafe struct ResidualRows(double* x, int rows, double* w, int columns, double* y, double* r, double* u, double* d) : IRangeBody
    {
        public void Run(int from, int to)
        {
            var start = from * RowBlock;
            var length = Math.Min(to * RowBlock, rows) - start;
            if (length <= 0) return;
            var rs = new Span<double>(r + start, length);
            new ReadOnlySpan<double>(y + start, length).CopyTo(rs);
            var ds = u == null ? default : new Span<double>(d + start, length);
            ds.Clear();
            for (var j = 0; j < columns; j++)
            {
                var column = new ReadOnlySpan<double>(x + (long)j * rows + start, length);
                if (w[j] != 0) Axpy(-w[j], column, rs);
                if (u != null && u[j] != 0) Axpy(u[j], column, ds);
            }
        }
    }
}

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PenaltyGen.Kernels;

/// <summary>
/// The level-1 and level-2 kernels the solvers spend their time in, on spans, in place, with fused multiply-adds on
/// the widest SIMD vectors the processor accelerates: each kernel is written once over <see cref="ILanes{TVector}"/>
/// and called with 512-, 256- or 128-bit lanes (or one double). No allocation.
/// </summary>
public static partial class Blas
{
    /// <summary>xᵀy with four independent accumulators (hides the fused multiply-add's latency).</summary>
    public static unsafe double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        fixed (double* px = x)
        fixed (double* py = y)
        {
            if (Vector512.IsHardwareAccelerated) return Dot<Lanes512, Vector512<double>>(px, py, x.Length);
            if (Vector256.IsHardwareAccelerated) return Dot<Lanes256, Vector256<double>>(px, py, x.Length);
            if (Vector128.IsHardwareAccelerated) return Dot<Lanes128, Vector128<double>>(px, py, x.Length);
            return Dot<Lanes1, double>(px, py, x.Length);
        }
    }

    internal static unsafe double Dot<TLanes, TVector>(double* x, double* y, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var i = 0;
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            s0 = TLanes.MultiplyAdd(TLanes.Load(x + i), TLanes.Load(y + i), s0);
            s1 = TLanes.MultiplyAdd(TLanes.Load(x + i + w), TLanes.Load(y + i + w), s1);
            s2 = TLanes.MultiplyAdd(TLanes.Load(x + i + 2 * w), TLanes.Load(y + i + 2 * w), s2);
            s3 = TLanes.MultiplyAdd(TLanes.Load(x + i + 3 * w), TLanes.Load(y + i + 3 * w), s3);
        }
        for (; i + w <= n; i += w) s0 = TLanes.MultiplyAdd(TLanes.Load(x + i), TLanes.Load(y + i), s0);
        var sum = TLanes.Sum(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)));
        for (; i < n; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y += a·x (a fused multiply-add per element on the vectors; the last few elements unfused).</summary>
    public static unsafe void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("lengths differ", nameof(y));
        fixed (double* px = x)
        fixed (double* py = y)
        {
            if (Vector512.IsHardwareAccelerated) Axpy<Lanes512, Vector512<double>>(a, px, py, x.Length);
            else if (Vector256.IsHardwareAccelerated) Axpy<Lanes256, Vector256<double>>(a, px, py, x.Length);
            else if (Vector128.IsHardwareAccelerated) Axpy<Lanes128, Vector128<double>>(a, px, py, x.Length);
            else Axpy<Lanes1, double>(a, px, py, x.Length);
        }
    }

    internal static unsafe void Axpy<TLanes, TVector>(double a, double* x, double* y, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var av = TLanes.Broadcast(a);
        var i = 0;
        for (; i + w <= n; i += w) TLanes.Store(TLanes.MultiplyAdd(av, TLanes.Load(x + i), TLanes.Load(y + i)), y + i);
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>
    /// y += a·x and, in the same pass, ⟨next, y⟩ with the updated y: a coordinate step's residual update fused with the
    /// next coordinate's product, so the residual is read and written once per step instead of once for the update and
    /// again for the product. Bit for bit <see cref="Axpy"/> then <see cref="Dot"/>: the same fused multiply-adds, the
    /// same four chains and the same unfused last elements.
    /// </summary>
    public static unsafe double AxpyThenDot(double a, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> next)
    {
        if (x.Length != y.Length || x.Length != next.Length) throw new ArgumentException("lengths differ", nameof(y));
        fixed (double* px = x)
        fixed (double* py = y)
        fixed (double* pn = next)
        {
            if (Vector512.IsHardwareAccelerated) return AxpyThenDot<Lanes512, Vector512<double>>(a, px, py, pn, x.Length);
            if (Vector256.IsHardwareAccelerated) return AxpyThenDot<Lanes256, Vector256<double>>(a, px, py, pn, x.Length);
            if (Vector128.IsHardwareAccelerated) return AxpyThenDot<Lanes128, Vector128<double>>(a, px, py, pn, x.Length);
            return AxpyThenDot<Lanes1, double>(a, px, py, pn, x.Length);
        }
    }

    internal static unsafe double AxpyThenDot<TLanes, TVector>(double a, double* x, double* y, double* next, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var av = TLanes.Broadcast(a);
        var i = 0;
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            var y0 = TLanes.MultiplyAdd(av, TLanes.Load(x + i), TLanes.Load(y + i));
            var y1 = TLanes.MultiplyAdd(av, TLanes.Load(x + i + w), TLanes.Load(y + i + w));
            var y2 = TLanes.MultiplyAdd(av, TLanes.Load(x + i + 2 * w), TLanes.Load(y + i + 2 * w));
            var y3 = TLanes.MultiplyAdd(av, TLanes.Load(x + i + 3 * w), TLanes.Load(y + i + 3 * w));
            TLanes.Store(y0, y + i);
            TLanes.Store(y1, y + i + w);
            TLanes.Store(y2, y + i + 2 * w);
            TLanes.Store(y3, y + i + 3 * w);
            s0 = TLanes.MultiplyAdd(TLanes.Load(next + i), y0, s0);
            s1 = TLanes.MultiplyAdd(TLanes.Load(next + i + w), y1, s1);
            s2 = TLanes.MultiplyAdd(TLanes.Load(next + i + 2 * w), y2, s2);
            s3 = TLanes.MultiplyAdd(TLanes.Load(next + i + 3 * w), y3, s3);
        }
        for (; i + w <= n; i += w)
        {
            var y0 = TLanes.MultiplyAdd(av, TLanes.Load(x + i), TLanes.Load(y + i));
            TLanes.Store(y0, y + i);
            s0 = TLanes.MultiplyAdd(TLanes.Load(next + i), y0, s0);
        }
        var sum = TLanes.Sum(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)));
        for (; i < n; i++)
        {
            y[i] += a * x[i];
            sum += next[i] * y[i];
        }
        return sum;
    }

    /// <summary>Σ x_i with four independent accumulators.</summary>
    public static unsafe double Sum(ReadOnlySpan<double> x)
    {
        fixed (double* px = x)
        {
            if (Vector512.IsHardwareAccelerated) return Sum<Lanes512, Vector512<double>>(px, x.Length);
            if (Vector256.IsHardwareAccelerated) return Sum<Lanes256, Vector256<double>>(px, x.Length);
            if (Vector128.IsHardwareAccelerated) return Sum<Lanes128, Vector128<double>>(px, x.Length);
            return Sum<Lanes1, double>(px, x.Length);
        }
    }

    internal static unsafe double Sum<TLanes, TVector>(double* x, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var i = 0;
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            s0 = TLanes.Add(s0, TLanes.Load(x + i));
            s1 = TLanes.Add(s1, TLanes.Load(x + i + w));
            s2 = TLanes.Add(s2, TLanes.Load(x + i + 2 * w));
            s3 = TLanes.Add(s3, TLanes.Load(x + i + 3 * w));
        }
        var sum = TLanes.Sum(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)));
        for (; i < n; i++) sum += x[i];
        return sum;
    }

    /// <summary>into = x + a (a scalar added to every element).</summary>
    public static unsafe void Shift(ReadOnlySpan<double> x, double a, Span<double> into)
    {
        if (x.Length != into.Length) throw new ArgumentException("lengths differ", nameof(into));
        fixed (double* px = x)
        fixed (double* pi = into)
        {
            if (Vector512.IsHardwareAccelerated) Shift<Lanes512, Vector512<double>>(px, a, pi, x.Length);
            else if (Vector256.IsHardwareAccelerated) Shift<Lanes256, Vector256<double>>(px, a, pi, x.Length);
            else if (Vector128.IsHardwareAccelerated) Shift<Lanes128, Vector128<double>>(px, a, pi, x.Length);
            else Shift<Lanes1, double>(px, a, pi, x.Length);
        }
    }

    internal static unsafe void Shift<TLanes, TVector>(double* x, double a, double* into, int n)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var av = TLanes.Broadcast(a);
        var i = 0;
        for (; i + w <= n; i += w) TLanes.Store(TLanes.Add(TLanes.Load(x + i), av), into + i);
        for (; i < n; i++) into[i] = x[i] + a;
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
        ReadOnlySpan<double> d2, Span<double> g2, bool parallel = false) =>
        GemvTransposed(x, rows, rows, d, g, columns, d2, g2, parallel);

    /// <summary>The same for columns <paramref name="stride"/> values apart (column j starts at j·stride; stride ≥ rows).</summary>
    internal static void GemvTransposed(ReadOnlySpan<double> x, int rows, int stride, ReadOnlySpan<double> d, Span<double> g, ReadOnlySpan<int> columns,
        ReadOnlySpan<double> d2, Span<double> g2, bool parallel)
    {
        if (d.Length != rows) throw new ArgumentException("d needs one value per row", nameof(d));
        var second = !d2.IsEmpty;
        if (second && (d2.Length != rows || g2.Length != g.Length)) throw new ArgumentException("d2 needs one value per row and g2 one per column", nameof(d2));
        var all = columns.IsEmpty;
        var count = all ? g.Length : columns.Length;
        if (stride < rows || (g.Length > 0 && (long)(g.Length - 1) * stride + rows > x.Length)) throw new ArgumentException("x is smaller than rows × columns", nameof(x));
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
                var pass = new Pass(px, rows, stride, pa, second ? pb : null, pg, pg2, all ? null : pc);
                ForkJoin.For(count, workers, pass);
            }
        }
    }

    // A pass is memory-bound; a second core still adds bandwidth (its A/B row on the wide path is in docs/benchmarks.md).
    // Contiguous ranges (ForkJoin): each product is computed by one thread, in one order.

    /// <summary>Below this many matrix entries a pass stays on one thread.</summary>
    private const long ParallelPass = 1_000_000;

    /// <summary>One transposed product over a range of (listed) columns, four at a time.</summary>
    private readonly unsafe struct Pass(double* x, int rows, int stride, double* d, double* d2, double* g, double* g2, int* columns) : IRangeBody
    {
        public void Run(int from, int to)
        {
            if (Vector512.IsHardwareAccelerated) Run<Lanes512, Vector512<double>>(from, to);
            else if (Vector256.IsHardwareAccelerated) Run<Lanes256, Vector256<double>>(from, to);
            else if (Vector128.IsHardwareAccelerated) Run<Lanes128, Vector128<double>>(from, to);
            else Run<Lanes1, double>(from, to);
        }

        private void Run<TLanes, TVector>(int from, int to)
            where TLanes : struct, ILanes<TVector>
            where TVector : struct
        {
            var k = from;
            for (; k + 4 <= to; k += 4)
            {
                int c0 = Column(k), c1 = Column(k + 1), c2 = Column(k + 2), c3 = Column(k + 3);
                Dot4<TLanes, TVector>(x + (long)c0 * stride, x + (long)c1 * stride, x + (long)c2 * stride, x + (long)c3 * stride, rows, d, g + c0, g + c1, g + c2, g + c3);
                if (d2 != null) Dot4<TLanes, TVector>(x + (long)c0 * stride, x + (long)c1 * stride, x + (long)c2 * stride, x + (long)c3 * stride, rows, d2, g2 + c0, g2 + c1, g2 + c2, g2 + c3);
            }
            for (; k < to; k++)
            {
                var j = Column(k);
                g[j] = Dot1<TLanes, TVector>(x + (long)j * stride, rows, d);
                if (d2 != null) g2[j] = Dot1<TLanes, TVector>(x + (long)j * stride, rows, d2);
            }
        }

        private int Column(int k) => columns == null ? k : columns[k];
    }

    /// <summary>
    /// Four column dot products with one vector, sharing each load of it; the second product with another
    /// vector runs right after on the same four columns, while they are still in L1/L2. Each column sums in one
    /// accumulator, then its tail: the order of <see cref="Dot1"/>, so a product does not depend on whether its
    /// column fell in a group of four or in a range's remainder (how the pass was split or listed).
    /// </summary>
    internal static unsafe void Dot4<TLanes, TVector>(double* x0, double* x1, double* x2, double* x3, int rows, double* v,
        double* g0, double* g1, double* g2, double* g3)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        var i = 0;
        for (; i + w <= rows; i += w)
        {
            var vv = TLanes.Load(v + i);
            s0 = TLanes.MultiplyAdd(TLanes.Load(x0 + i), vv, s0);
            s1 = TLanes.MultiplyAdd(TLanes.Load(x1 + i), vv, s1);
            s2 = TLanes.MultiplyAdd(TLanes.Load(x2 + i), vv, s2);
            s3 = TLanes.MultiplyAdd(TLanes.Load(x3 + i), vv, s3);
        }
        double t0 = TLanes.Sum(s0), t1 = TLanes.Sum(s1), t2 = TLanes.Sum(s2), t3 = TLanes.Sum(s3);
        for (; i < rows; i++)
        {
            t0 += x0[i] * v[i];
            t1 += x1[i] * v[i];
            t2 += x2[i] * v[i];
            t3 += x3[i] * v[i];
        }
        (*g0, *g1, *g2, *g3) = (t0, t1, t2, t3);
    }

    /// <summary>One column's product in <see cref="Dot4"/>'s order (one accumulator, then the tail).</summary>
    internal static unsafe double Dot1<TLanes, TVector>(double* x, int rows, double* v)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        TVector s = default;
        var i = 0;
        for (; i + w <= rows; i += w) s = TLanes.MultiplyAdd(TLanes.Load(x + i), TLanes.Load(v + i), s);
        var t = TLanes.Sum(s);
        for (; i < rows; i++) t += x[i] * v[i];
        return t;
    }

    /// <summary>
    /// r = y − X·w for column-major X over the non-zero coefficients, and with <paramref name="u"/> also
    /// d = X·u, from one read of each column. Large products split the rows between the cores in blocks of
    /// <see cref="RowBlock"/>: each row is still summed by one thread over the columns in order, and a block
    /// boundary is a multiple of the SIMD width, so the result does not depend on the split (bitwise).
    /// </summary>
    public static void Residual(ReadOnlySpan<double> x, int rows, ReadOnlySpan<double> w, ReadOnlySpan<double> y, Span<double> r,
        ReadOnlySpan<double> u = default, Span<double> d = default) =>
        Residual(x, rows, rows, w, y, r, u, d);

    /// <summary>The same for columns <paramref name="stride"/> values apart (column j starts at j·stride; stride ≥ rows).</summary>
    internal static void Residual(ReadOnlySpan<double> x, int rows, int stride, ReadOnlySpan<double> w, ReadOnlySpan<double> y, Span<double> r,
        ReadOnlySpan<double> u, Span<double> d)
    {
        if (y.Length != rows || r.Length != rows) throw new ArgumentException("y and r need one value per row", nameof(r));
        if (stride < rows || (w.Length > 0 && (long)(w.Length - 1) * stride + rows > x.Length)) throw new ArgumentException("w has more coefficients than X has columns", nameof(w));
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
                ForkJoin.For(blocks, workers, new ResidualRows(px, rows, stride, pw, w.Length, py, pr, both ? pu : null, pd));
            }
        }
    }

    /// <summary>Rows per block of the split residual (a multiple of every SIMD width).</summary>
    private const int RowBlock = 64;

    private readonly unsafe struct ResidualRows(double* x, int rows, int stride, double* w, int columns, double* y, double* r, double* u, double* d) : IRangeBody
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
                var column = new ReadOnlySpan<double>(x + (long)j * stride + start, length);
                if (w[j] != 0) Axpy(-w[j], column, rs);
                if (u != null && u[j] != 0) Axpy(u[j], column, ds);
            }
        }
    }
}

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PenaltyGen.Kernels;

/// <summary>
/// Blocks of the Gram matrix, G[a, b] = X_aᵀX_b for lists of columns of a column-major X — the one level-3
/// product the covariance-mode solver needs. A packed, register-blocked kernel in the manner of BLIS: for each
/// chunk of <see cref="ChunkRows"/> rows, the left columns are packed 16 to a panel (each row of a panel
/// contiguous), <see cref="LeftBlock"/> at a time; the right columns are read in place, 12 to a panel; a
/// micro-kernel keeps a 16×12 block of results in 24 SIMD registers and, per row, loads two vectors of left values
/// and broadcasts twelve right values into 24 fused multiply-adds (no horizontal sums). The right panels are split
/// between the cores in contiguous ranges, so each entry is summed by one thread in one fixed order (bitwise
/// reproducible).
/// </summary>
public static partial class Gram
{
    /// <summary>Rows per chunk: a 12-column right panel (12 KB) stays in L1, a packed left block (≤ 256 KB) in L2.</summary>
    private const int ChunkRows = 128;

    /// <summary>Left columns per register block (two vectors of eight).</summary>
    private const int Left = 16;

    /// <summary>Right columns per register block.</summary>
    private const int Right = 12;

    /// <summary>Left columns packed at a time (16 panels, 256 KB per row chunk): they stay in L2 while every right panel meets them.</summary>
    private const int LeftBlock = 256;

    /// <summary>
    /// result[k·left.Length + i] = X_{left[i]}ᵀ X_{right[k]} for column-major <paramref name="x"/> with
    /// <paramref name="rows"/> rows. Uses every core when the product is large enough to pay for it.
    /// </summary>
    public static void Cross(ReadOnlySpan<double> x, int rows, ReadOnlySpan<int> left, ReadOnlySpan<int> right, Span<double> result) =>
        Cross(x, rows, left, right, result, left.Length, -1);

    /// <summary>
    /// result[k·<paramref name="stride"/> + i] = X_{left[i]}ᵀ X_{right[k]} (the other values of result untouched).
    /// With <paramref name="mirror"/> ≥ 0 the right list continues with the left one — right[mirror + i] = left[i] —
    /// and of that square only the entries with k − mirror ≥ i are promised (the others, their mirror images, may be
    /// zero): whole 16×12 blocks below that diagonal are skipped, so adding m features to a Gram matrix of c costs
    /// about m·(c + m/2) products instead of m·(c + m). Each entry is summed by one thread in one fixed order, so the
    /// result does not depend on the number of cores, and an entry and its mirror image are bitwise equal.
    /// </summary>
    public static void Cross(ReadOnlySpan<double> x, int rows, ReadOnlySpan<int> left, ReadOnlySpan<int> right, Span<double> result, int stride, int mirror)
    {
        if (stride < left.Length) throw new ArgumentOutOfRangeException(nameof(stride), "the stride is shorter than the left list");
        var extent = right.IsEmpty || left.IsEmpty ? 0 : (long)(right.Length - 1) * stride + left.Length;
        if (result.Length < extent) throw new ArgumentException($"needs {extent} values", nameof(result));
        if (mirror >= 0)
        {
            if (mirror + left.Length != right.Length) throw new ArgumentOutOfRangeException(nameof(mirror), "the right list must end with the left one");
            for (var i = 0; i < left.Length; i++)
            {
                if (right[mirror + i] != left[i]) throw new ArgumentOutOfRangeException(nameof(mirror), "the right list must end with the left one");
            }
        }
        foreach (var j in left) CheckColumn(x, rows, j);
        foreach (var j in right) CheckColumn(x, rows, j);
        for (var k = 0; k < right.Length; k++) result.Slice(k * stride, left.Length).Clear();
        if (extent == 0 || rows == 0) return;
        var panels = (right.Length + Right - 1) / Right;
        var leftPanels = (left.Length + Left - 1) / Left;
        var work = (long)rows * left.Length * right.Length;
        var workers = work >= 2_000_000 ? Math.Min(ForkJoin.Width, panels) : 1;
        unsafe
        {
            // Contiguous ranges of right panels with about equal numbers of 16×12 blocks (the mirrored part is a triangle).
            var bounds = stackalloc int[workers + 1];
            Split(bounds, workers, panels, leftPanels, mirror);
            fixed (double* px = x)
            fixed (int* pl = left)
            fixed (int* pr = right)
            fixed (double* pg = result)
            {
                var job = new Job(px, rows, pl, left.Length, pr, right.Length, pg, stride, mirror, bounds);
                ForkJoin.For(workers, workers, job);
            }
        }
    }

    /// <summary>Left panels computed against right panel <paramref name="g"/> (all of them, or those touching the mirror's upper triangle).</summary>
    private static int Blocks(int g, int leftPanels, int mirror)
    {
        // A panel holding any column before the mirror (a cached feature) meets every left column.
        if (mirror < 0 || g * Right < mirror) return leftPanels;
        var last = g * Right + Right - 1 - mirror; // the largest k − mirror in the panel
        return Math.Min(leftPanels, last / Left + 1);
    }

    private static unsafe void Split(int* bounds, int workers, int panels, int leftPanels, int mirror)
    {
        long total = 0;
        for (var g = 0; g < panels; g++) total += Blocks(g, leftPanels, mirror);
        bounds[0] = 0;
        long done = 0;
        var w = 1;
        for (var g = 0; g < panels && w < workers; g++)
        {
            done += Blocks(g, leftPanels, mirror);
            while (w < workers && done * workers >= total * w) bounds[w++] = g + 1;
        }
        while (w <= workers) bounds[w++] = panels;
    }

    /// <summary>
    /// The packing buffer of the calling thread, grown as needed and kept: after the first call on a thread the
    /// kernel allocates nothing (a shared pool's per-core caches made the bytes depend on other threads' work).
    /// </summary>
    private static double[] PackingBuffer(int length)
    {
        var buffer = packing;
        if (buffer is null || buffer.Length < length) packing = buffer = new double[Math.Max(length, (buffer?.Length ?? 0) * 2)];
        return buffer;
    }

    [ThreadStatic]
    private static double[]? packing;

    private static void CheckColumn(ReadOnlySpan<double> x, int rows, int j)
    {
        if (j < 0 || (long)(j + 1) * rows > x.Length) throw new ArgumentOutOfRangeException(nameof(x), $"column {j} lies outside the matrix");
    }

    private readonly unsafe struct Job(double* x, int rows, int* left, int leftCount, int* right, int rightCount, double* result, int stride,
        int mirror, int* bounds) : IRangeBody
    {
        /// <summary>The right panels of workers [from, to), over every row chunk and every left block.</summary>
        public void Run(int from, int to)
        {
            int first = bounds[from], end = bounds[to];
            if (first >= end) return;
            var leftPanels = (leftCount + Left - 1) / Left;
            var blockPanels = Math.Min(leftPanels, LeftBlock / Left);
            // Packed panels: left as [panel][row][16] for one left block, right read in place.
            // Eight spare values let the panel start on a 64-byte boundary: every 512-bit load then stays in one cache line.
            var packedLeft = PackingBuffer(blockPanels * ChunkRows * Left + 8);
            // Left panels some right panel of this range needs (the mirror's lower blocks are never packed).
            var needed = 0;
            for (var g = first; g < end; g++) needed = Math.Max(needed, Blocks(g, leftPanels, mirror));
            var tile = stackalloc double[Left * Right];
            var pb = stackalloc double*[Right];
            fixed (double* pinned = packedLeft)
            {
                var pa = (double*)(((nint)pinned + 63) & ~(nint)63);
                for (var start = 0; start < rows; start += ChunkRows)
                {
                    var length = Math.Min(ChunkRows, rows - start);
                    for (var block = 0; block < leftPanels; block += blockPanels)
                    {
                        var blockEnd = Math.Min(leftPanels, block + blockPanels);
                        for (var h = block; h < Math.Min(blockEnd, needed); h++) Pack(pa + (h - block) * ChunkRows * Left, left, leftCount, h * Left, Left, start, length);
                        for (var g = first; g < end; g++)
                        {
                            var stop = Math.Min(blockEnd, Blocks(g, leftPanels, mirror));
                            if (stop <= block) continue;
                            // Right columns are read in place (missing ones point at the first; their sums are dropped).
                            for (var k = 0; k < Right; k++)
                            {
                                var column = right[Math.Min(g * Right + k, rightCount - 1)];
                                pb[k] = x + (long)column * rows + start;
                            }
                            for (var h = block; h < stop; h++)
                            {
                                var li = h * Left;
                                var ri = g * Right;
                                var panel = pa + (h - block) * ChunkRows * Left;
                                if (li + Left <= leftCount && ri + Right <= rightCount)
                                {
                                    Micro(panel, pb, length, result + (long)ri * stride + li, stride);
                                }
                                else
                                {
                                    new Span<double>(tile, Left * Right).Clear();
                                    Micro(panel, pb, length, tile, Left);
                                    for (var k = 0; k < Right && ri + k < rightCount; k++)
                                    {
                                        for (var i = 0; i < Left && li + i < leftCount; i++) result[(long)(ri + k) * stride + li + i] += tile[k * Left + i];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Packs rows [start, start+length) of up to <paramref name="width"/> listed columns as [row][width]; missing
        /// columns are zeros. Eight present columns at a time are transposed eight rows at a time in registers
        /// (8 loads, 24 shuffles, 8 aligned stores instead of 64 scalar copies); the rest is copied one by one.
        /// </summary>
        private void Pack(double* into, int* columns, int count, int first, int width, int start, int length)
        {
            var t = 0;
            if (Avx512F.IsSupported && width % 8 == 0)
            {
                for (; t + 8 <= width && first + t + 8 <= count; t += 8)
                {
                    double* c0 = Source(columns, first + t, start), c1 = Source(columns, first + t + 1, start);
                    double* c2 = Source(columns, first + t + 2, start), c3 = Source(columns, first + t + 3, start);
                    double* c4 = Source(columns, first + t + 4, start), c5 = Source(columns, first + t + 5, start);
                    double* c6 = Source(columns, first + t + 6, start), c7 = Source(columns, first + t + 7, start);
                    var i = 0;
                    for (; i + 8 <= length; i += 8)
                    {
                        Transpose8(Vector512.Load(c0 + i), Vector512.Load(c1 + i), Vector512.Load(c2 + i), Vector512.Load(c3 + i),
                            Vector512.Load(c4 + i), Vector512.Load(c5 + i), Vector512.Load(c6 + i), Vector512.Load(c7 + i), into + i * width + t, width);
                    }
                    for (; i < length; i++)
                    {
                        var row = into + i * width + t;
                        row[0] = c0[i]; row[1] = c1[i]; row[2] = c2[i]; row[3] = c3[i];
                        row[4] = c4[i]; row[5] = c5[i]; row[6] = c6[i]; row[7] = c7[i];
                    }
                }
            }
            for (; t < width; t++)
            {
                if (first + t < count)
                {
                    var source = Source(columns, first + t, start);
                    for (var i = 0; i < length; i++) into[i * width + t] = source[i];
                }
                else
                {
                    for (var i = 0; i < length; i++) into[i * width + t] = 0.0;
                }
            }
        }

        private double* Source(int* columns, int k, int start) => x + (long)columns[k] * rows + start;
    }
}

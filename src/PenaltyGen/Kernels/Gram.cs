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
public static class Gram
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

    /// <summary>
    /// out[k·stride + i] += Σ_rows a[row][i]·b_k[row] for the 16×12 block: 24 accumulators of eight lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro(double* a, double** columns, int length, double* output, int stride)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            if (Vector256.IsHardwareAccelerated) Micro256(a, columns, length, output, stride);
            else MicroScalar(a, columns, length, output, stride);
            return;
        }
        Vector512<double> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<double> c06 = default, c07 = default, c08 = default, c09 = default, c0a = default, c0b = default;
        Vector512<double> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<double> c16 = default, c17 = default, c18 = default, c19 = default, c1a = default, c1b = default;
        double* b0 = columns[0], b1 = columns[1], b2 = columns[2], b3 = columns[3], b4 = columns[4], b5 = columns[5];
        double* b6 = columns[6], b7 = columns[7], b8 = columns[8], b9 = columns[9], b10 = columns[10], b11 = columns[11];
        for (var row = 0; row < length; row++)
        {
            var a0 = Vector512.Load(a);
            var a1 = Vector512.Load(a + 8);
            Vector512<double> v;
            v = Vector512.Create(b0[row]); c00 = Vector512.FusedMultiplyAdd(a0, v, c00); c10 = Vector512.FusedMultiplyAdd(a1, v, c10);
            v = Vector512.Create(b1[row]); c01 = Vector512.FusedMultiplyAdd(a0, v, c01); c11 = Vector512.FusedMultiplyAdd(a1, v, c11);
            v = Vector512.Create(b2[row]); c02 = Vector512.FusedMultiplyAdd(a0, v, c02); c12 = Vector512.FusedMultiplyAdd(a1, v, c12);
            v = Vector512.Create(b3[row]); c03 = Vector512.FusedMultiplyAdd(a0, v, c03); c13 = Vector512.FusedMultiplyAdd(a1, v, c13);
            v = Vector512.Create(b4[row]); c04 = Vector512.FusedMultiplyAdd(a0, v, c04); c14 = Vector512.FusedMultiplyAdd(a1, v, c14);
            v = Vector512.Create(b5[row]); c05 = Vector512.FusedMultiplyAdd(a0, v, c05); c15 = Vector512.FusedMultiplyAdd(a1, v, c15);
            v = Vector512.Create(b6[row]); c06 = Vector512.FusedMultiplyAdd(a0, v, c06); c16 = Vector512.FusedMultiplyAdd(a1, v, c16);
            v = Vector512.Create(b7[row]); c07 = Vector512.FusedMultiplyAdd(a0, v, c07); c17 = Vector512.FusedMultiplyAdd(a1, v, c17);
            v = Vector512.Create(b8[row]); c08 = Vector512.FusedMultiplyAdd(a0, v, c08); c18 = Vector512.FusedMultiplyAdd(a1, v, c18);
            v = Vector512.Create(b9[row]); c09 = Vector512.FusedMultiplyAdd(a0, v, c09); c19 = Vector512.FusedMultiplyAdd(a1, v, c19);
            v = Vector512.Create(b10[row]); c0a = Vector512.FusedMultiplyAdd(a0, v, c0a); c1a = Vector512.FusedMultiplyAdd(a1, v, c1a);
            v = Vector512.Create(b11[row]); c0b = Vector512.FusedMultiplyAdd(a0, v, c0b); c1b = Vector512.FusedMultiplyAdd(a1, v, c1b);
            a += Left;
        }
        Add(output, c00, c10); Add(output + stride, c01, c11); Add(output + 2 * stride, c02, c12); Add(output + 3 * stride, c03, c13);
        Add(output + 4 * stride, c04, c14); Add(output + 5 * stride, c05, c15); Add(output + 6 * stride, c06, c16); Add(output + 7 * stride, c07, c17);
        Add(output + 8 * stride, c08, c18); Add(output + 9 * stride, c09, c19); Add(output + 10 * stride, c0a, c1a); Add(output + 11 * stride, c0b, c1b);
    }

    /// <summary>
    /// The same block with 256-bit vectors (AVX2 machines): the twelve right columns in four passes of three over the
    /// packed left panel, 4 × 3 accumulators each (16 registers hold them, the panel's four vectors and a broadcast).
    /// Every element is the same fused multiply-add chain over the rows from zero, added to the output once, as in the
    /// 512-bit kernel, so both give the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro256(double* a, double** columns, int length, double* output, int stride)
    {
        const int PerPass = 3;
        for (var k = 0; k < Right; k += PerPass)
        {
            double* b0 = columns[k], b1 = columns[k + 1], b2 = columns[k + 2];
            Vector256<double> c00 = default, c10 = default, c20 = default, c30 = default;
            Vector256<double> c01 = default, c11 = default, c21 = default, c31 = default;
            Vector256<double> c02 = default, c12 = default, c22 = default, c32 = default;
            var panel = a;
            for (var row = 0; row < length; row++)
            {
                var a0 = Vector256.Load(panel);
                var a1 = Vector256.Load(panel + 4);
                var a2 = Vector256.Load(panel + 8);
                var a3 = Vector256.Load(panel + 12);
                var v = Vector256.Create(b0[row]);
                c00 = Vector256.FusedMultiplyAdd(a0, v, c00); c10 = Vector256.FusedMultiplyAdd(a1, v, c10);
                c20 = Vector256.FusedMultiplyAdd(a2, v, c20); c30 = Vector256.FusedMultiplyAdd(a3, v, c30);
                v = Vector256.Create(b1[row]);
                c01 = Vector256.FusedMultiplyAdd(a0, v, c01); c11 = Vector256.FusedMultiplyAdd(a1, v, c11);
                c21 = Vector256.FusedMultiplyAdd(a2, v, c21); c31 = Vector256.FusedMultiplyAdd(a3, v, c31);
                v = Vector256.Create(b2[row]);
                c02 = Vector256.FusedMultiplyAdd(a0, v, c02); c12 = Vector256.FusedMultiplyAdd(a1, v, c12);
                c22 = Vector256.FusedMultiplyAdd(a2, v, c22); c32 = Vector256.FusedMultiplyAdd(a3, v, c32);
                panel += Left;
            }
            Add256(output + k * stride, c00, c10, c20, c30);
            Add256(output + (k + 1) * stride, c01, c11, c21, c31);
            Add256(output + (k + 2) * stride, c02, c12, c22, c32);
        }
    }

    /// <summary>Which micro-kernel <see cref="Block"/> runs (tests compare them: all three give the same bits).</summary>
    internal enum MicroKernel
    {
        Vector512,
        Vector256,
        Scalar,
    }

    /// <summary>
    /// One 16×12 block through the chosen micro-kernel: <paramref name="panel"/> holds <paramref name="length"/> rows of
    /// 16 packed left values, <paramref name="columns"/> twelve right columns; returns the 12 × 16 products, column-major.
    /// </summary>
    internal static unsafe double[] Block(double[] panel, double[][] columns, int length, MicroKernel kernel)
    {
        var output = new double[Right * Left];
        var pins = new System.Runtime.InteropServices.GCHandle[Right];
        var pointers = stackalloc double*[Right];
        try
        {
            for (var k = 0; k < Right; k++)
            {
                pins[k] = System.Runtime.InteropServices.GCHandle.Alloc(columns[k], System.Runtime.InteropServices.GCHandleType.Pinned);
                pointers[k] = (double*)pins[k].AddrOfPinnedObject();
            }
            fixed (double* a = panel, o = output)
            {
                switch (kernel)
                {
                    case MicroKernel.Vector512: Micro(a, pointers, length, o, Left); break;
                    case MicroKernel.Vector256: Micro256(a, pointers, length, o, Left); break;
                    default: MicroScalar(a, pointers, length, o, Left); break;
                }
            }
        }
        finally
        {
            foreach (var pin in pins) if (pin.IsAllocated) pin.Free();
        }
        return output;
    }

    /// <summary>output[0..16) += the four vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add256(double* output, Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3)
    {
        (Vector256.Load(output) + c0).Store(output);
        (Vector256.Load(output + 4) + c1).Store(output + 4);
        (Vector256.Load(output + 8) + c2).Store(output + 8);
        (Vector256.Load(output + 12) + c3).Store(output + 12);
    }

    /// <summary>The same block without vectors: each element's fused multiply-add chain over the rows, added once.</summary>
    private static unsafe void MicroScalar(double* a, double** columns, int length, double* output, int stride)
    {
        for (var k = 0; k < Right; k++)
        {
            var bk = columns[k];
            for (var i = 0; i < Left; i++)
            {
                var sum = 0.0;
                for (var row = 0; row < length; row++) sum = Math.FusedMultiplyAdd(a[row * Left + i], bk[row], sum);
                output[k * stride + i] += sum;
            }
        }
    }

    /// <summary>
    /// Stores the 8×8 block whose columns are c0…c7 (eight rows each) as eight rows of eight at
    /// <paramref name="output"/> (row stride <paramref name="stride"/>): in-lane unpacks pair the columns, then two
    /// rounds of 128-bit lane shuffles gather each row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose8(Vector512<double> c0, Vector512<double> c1, Vector512<double> c2, Vector512<double> c3,
        Vector512<double> c4, Vector512<double> c5, Vector512<double> c6, Vector512<double> c7, double* output, int stride)
    {
        // t0 = [c0₀ c1₀ | c0₂ c1₂ | c0₄ c1₄ | c0₆ c1₆], t1 the odd rows; likewise for the other pairs.
        var t0 = Avx512F.UnpackLow(c0, c1);
        var t1 = Avx512F.UnpackHigh(c0, c1);
        var t2 = Avx512F.UnpackLow(c2, c3);
        var t3 = Avx512F.UnpackHigh(c2, c3);
        var t4 = Avx512F.UnpackLow(c4, c5);
        var t5 = Avx512F.UnpackHigh(c4, c5);
        var t6 = Avx512F.UnpackLow(c6, c7);
        var t7 = Avx512F.UnpackHigh(c6, c7);
        // 0x88 takes lanes 0 and 2 of each source, 0xDD lanes 1 and 3.
        var u0 = Avx512F.Shuffle4x128(t0, t2, 0x88);
        var u1 = Avx512F.Shuffle4x128(t0, t2, 0xDD);
        var u2 = Avx512F.Shuffle4x128(t4, t6, 0x88);
        var u3 = Avx512F.Shuffle4x128(t4, t6, 0xDD);
        var v0 = Avx512F.Shuffle4x128(t1, t3, 0x88);
        var v1 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        var v2 = Avx512F.Shuffle4x128(t5, t7, 0x88);
        var v3 = Avx512F.Shuffle4x128(t5, t7, 0xDD);
        Vector512.Store(Avx512F.Shuffle4x128(u0, u2, 0x88), output);
        Vector512.Store(Avx512F.Shuffle4x128(v0, v2, 0x88), output + stride);
        Vector512.Store(Avx512F.Shuffle4x128(u1, u3, 0x88), output + 2 * stride);
        Vector512.Store(Avx512F.Shuffle4x128(v1, v3, 0x88), output + 3 * stride);
        Vector512.Store(Avx512F.Shuffle4x128(u0, u2, 0xDD), output + 4 * stride);
        Vector512.Store(Avx512F.Shuffle4x128(v0, v2, 0xDD), output + 5 * stride);
        Vector512.Store(Avx512F.Shuffle4x128(u1, u3, 0xDD), output + 6 * stride);
        Vector512.Store(Avx512F.Shuffle4x128(v1, v3, 0xDD), output + 7 * stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(double* output, Vector512<double> low, Vector512<double> high)
    {
        Vector512.Store(Vector512.Load(output) + low, output);
        Vector512.Store(Vector512.Load(output + 8) + high, output + 8);
    }
}

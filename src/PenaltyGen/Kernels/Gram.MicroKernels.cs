using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PenaltyGen.Kernels;

/// <summary>The register-blocked micro-kernels (AVX-512 16×12, AVX2, scalar) and the register transposes of the packing.</summary>
public static partial class Gram
{
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

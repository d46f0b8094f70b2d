using System;
using System.Linq;
using System.Runtime.Intrinsics;
using PenaltyGen.Kernels;
using Xunit;

namespace PenaltyGen.Tests.Kernels;

/// <summary>
/// The Gram kernel's 16×12 block has three forms — 512-bit vectors (AVX-512), 256-bit (AVX2) and scalar — chosen by
/// the machine. Each element is the same fused multiply-add chain, so every form gives the same bits as the others.
/// </summary>
public class GramMicroKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void Every_form_of_the_block_gives_the_same_bits(int length)
    {
        var random = new Random(length);
        var panel = Enumerable.Range(0, 16 * length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var columns = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var scalar = Gram.Block(panel, columns, length, Gram.MicroKernel.Scalar);
        // The scalar form against the definition: element (k, i) = Σ_rows panel[row·16 + i]·columns[k][row].
        for (var k = 0; k < 12; k++)
        {
            for (var i = 0; i < 16; i++)
            {
                var expected = Enumerable.Range(0, length).Sum(row => panel[row * 16 + i] * columns[k][row]);
                Assert.Equal(expected, scalar[k * 16 + i], 1e-12 * length);
            }
        }
        if (Vector256.IsHardwareAccelerated)
            Assert.Equal(Bits(scalar), Bits(Gram.Block(panel, columns, length, Gram.MicroKernel.Vector256)));
        if (Vector512.IsHardwareAccelerated)
            Assert.Equal(Bits(scalar), Bits(Gram.Block(panel, columns, length, Gram.MicroKernel.Vector512)));
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}

using System;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// Residual mode reads its columns from a copy in which each column starts on a 64-byte boundary: the copy must hold
/// the same values as the columns it replaces, so that every product and residual taken from it is bitwise the one
/// taken before it was made.
/// </summary>
public class AlignedColumnsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(300)]
    public unsafe void A_buffer_starts_on_a_64_byte_boundary_and_starts_zeroed(int length)
    {
        for (var trial = 0; trial < 8; trial++)
        {
            var buffer = new AlignedBuffer(length + trial);
            var span = buffer.Span;
            Assert.Equal(length + trial, span.Length);
            Assert.False(span.ContainsAnyExcept(0.0));
            fixed (double* start = span)
            {
                if (span.Length > 0) Assert.Equal(0, (long)start % 64);
            }
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 8)]
    [InlineData(8, 8)]
    [InlineData(300, 304)]
    [InlineData(500, 504)]
    public void A_padded_column_is_a_whole_number_of_lines(int rows, int stride) => Assert.Equal(stride, AlignedBuffer.Padded(rows));

    // Three preparations: implicit centring (raw columns copied), a deferred centred copy (one column's mean is far from
    // 0, so implicit centring is refused and the copy is prepared), and no centring (the data's own columns copied).
    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(true, 50.0)]
    [InlineData(false, 0.0)]
    public unsafe void Aligned_columns_give_the_same_columns_products_and_residuals_bit_for_bit(bool centre, double shift)
    {
        const int n = 13, p = 9;
        var random = new Random(5);
        var x = new double[n * p];
        for (var i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 2 - 1 + (i / n == 4 ? shift : 0.0);
        var y = new double[n];
        for (var i = 0; i < n; i++) y[i] = random.NextDouble();
        var names = new string[p];
        for (var j = 0; j < p; j++) names[j] = $"x{j}";
        var dataset = Dataset.FromColumnMajor(x, y, names).Match(d => d, e => throw new InvalidOperationException(e.Message));
        var data = new PreparedData(dataset, centre, deferCopy: true);
        Assert.Equal(centre && shift == 0.0, data.ImplicitCentring);

        var w = new double[p];
        for (var j = 0; j < p; j += 2) w[j] = random.NextDouble() - 0.5;
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = random.NextDouble() - 0.5;
        var (columns, raw, products, residual) = Snapshot(data, w, v);
        Assert.Equal(n, data.Stride);

        data.AlignColumns();
        Assert.Equal(16, data.Stride);
        var (alignedColumns, alignedRaw, alignedProducts, alignedResidual) = Snapshot(data, w, v);
        Assert.Equal(columns, alignedColumns);
        Assert.Equal(raw, alignedRaw);
        Assert.Equal(products, alignedProducts);
        Assert.Equal(residual, alignedResidual);
        for (var j = 0; j < p; j++)
        {
            fixed (double* start = data.ImplicitCentring ? data.RawColumn(j) : data.Column(j))
            {
                Assert.Equal(0, (long)start % 64);
            }
        }
    }

    private static (double[] Columns, double[] Raw, double[] Products, double[] Residual) Snapshot(PreparedData data, double[] w, double[] v)
    {
        var (n, p) = (data.N, data.P);
        var columns = new double[n * p];
        var raw = new double[n * p];
        for (var j = 0; j < p; j++)
        {
            data.Column(j).CopyTo(columns.AsSpan(j * n, n));
            data.RawColumn(j).CopyTo(raw.AsSpan(j * n, n));
        }
        var products = new double[p];
        data.ProductsWith(v, products, default);
        var residual = new double[n];
        data.ResidualOf(w, residual);
        return (columns, raw, products, residual);
    }
}

using System;

namespace PenaltyGen.Kernels;

/// <summary>
/// The products of a compressed-sparse-column matrix the sparse solver needs, each reading only the stored entries:
/// x_jᵀv, η = Xw, g = Xᵀv. Scalar loops: a column's entries gather from v at scattered rows, which vector loads cannot
/// take in one read.
/// </summary>
internal static class SparseBlas
{
    /// <summary>Σ_k values[k]·v[rows[k]]: x_jᵀv for one column's entries.</summary>
    public static double Dot(ReadOnlySpan<int> rows, ReadOnlySpan<double> values, ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        for (var k = 0; k < rows.Length; k++) sum += values[k] * v[rows[k]];
        return sum;
    }

    /// <summary>η = Xw (overwritten), from the columns with w_j ≠ 0.</summary>
    public static void Gemv(SparseFeatures x, ReadOnlySpan<double> w, Span<double> eta)
    {
        eta.Clear();
        for (var j = 0; j < w.Length; j++)
        {
            if (w[j] == 0) continue;
            var rows = x.RowsOf(j);
            var values = x.ValuesOf(j);
            for (var k = 0; k < rows.Length; k++) eta[rows[k]] += w[j] * values[k];
        }
    }

    /// <summary>Below this many stored entries a second thread costs more than it saves.</summary>
    private const int ParallelEntries = 1_000_000;

    /// <summary>g_j = scale·x_jᵀv for every column, split over the cores (allocation-free) when X holds many entries.</summary>
    public static void GemvTransposed(SparseFeatures x, double[] v, double[] g, double scale = 1.0) =>
        ForkJoin.For(x.ColumnCount, x.NonZeros >= ParallelEntries ? ForkJoin.Width : 1, new TransposedBody(x, v, g, scale));

    private readonly struct TransposedBody(SparseFeatures x, double[] v, double[] g, double scale) : IRangeBody
    {
        public void Run(int from, int to)
        {
            for (var j = from; j < to; j++) g[j] = scale * Dot(x.RowsOf(j), x.ValuesOf(j), v);
        }
    }
}

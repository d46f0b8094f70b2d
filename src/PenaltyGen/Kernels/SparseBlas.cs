using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PenaltyGen.Kernels;

/// <summary>
/// The products of a compressed-sparse-column matrix the sparse solver needs, each reading only the stored entries:
/// x_jᵀv, η = Xw, g = Xᵀv. Scalar loops: a column's entries gather from v at scattered rows, which vector loads cannot
/// take in one read.
/// </summary>
internal static class SparseBlas
{
    /// <summary>
    /// Σ_k values[k]·v[rows[k]]: x_jᵀv for one column's entries, in four running sums (the gathers overlap). The row
    /// indices index v unchecked: <see cref="SparseFeatures"/> holds only rows in 0..n−1 (checked when built), and every
    /// v is an n-vector.
    /// </summary>
    public static double Dot(ReadOnlySpan<int> rows, ReadOnlySpan<double> values, ReadOnlySpan<double> v)
    {
        Debug.Assert(rows.Length == values.Length);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var k = 0;
        for (; k + 4 <= rows.Length; k += 4)
        {
            s0 += values[k] * Unsafe.Add(ref v0, rows[k]);
            s1 += values[k + 1] * Unsafe.Add(ref v0, rows[k + 1]);
            s2 += values[k + 2] * Unsafe.Add(ref v0, rows[k + 2]);
            s3 += values[k + 3] * Unsafe.Add(ref v0, rows[k + 3]);
        }
        for (; k < rows.Length; k++) s0 += values[k] * Unsafe.Add(ref v0, rows[k]);
        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>v[rows[k]] += a·values[k]·scale[rows[k]] (scale empty: 1), unchecked as <see cref="Dot"/>.</summary>
    public static void ScatterAdd(double a, ReadOnlySpan<int> rows, ReadOnlySpan<double> values, Span<double> v, ReadOnlySpan<double> scale)
    {
        ref var v0 = ref MemoryMarshal.GetReference(v);
        if (scale.IsEmpty)
        {
            for (var k = 0; k < rows.Length; k++) Unsafe.Add(ref v0, rows[k]) += a * values[k];
            return;
        }
        ref var h0 = ref MemoryMarshal.GetReference(scale);
        for (var k = 0; k < rows.Length; k++) Unsafe.Add(ref v0, rows[k]) += a * values[k] * Unsafe.Add(ref h0, rows[k]);
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

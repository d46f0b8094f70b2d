using System;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LanguageExt;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Storage;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>A dataset's sparse features: construction, conversion, and the column moments both storages answer.</summary>
public sealed partial class Dataset
{
    /// <summary>Whether the features are stored sparse (<see cref="Sparse"/>) rather than dense column-major.</summary>
    public bool IsSparse => sparse is not null;

    /// <summary>The compressed sparse columns of a sparse dataset; null for dense features.</summary>
    public SparseFeatures? Sparse => sparse;

    /// <summary>
    /// Builds a dataset with sparse features from compressed-sparse-column arrays (scipy's <c>indptr</c>, <c>indices</c>,
    /// <c>data</c>; R's <c>p</c>, <c>i</c>, <c>x</c>) and a target. The arrays are copied. Fails (as a value) on a malformed
    /// structure, a row stored twice in a column, a non-finite value or target, or duplicate names — each error names the
    /// column (and row).
    /// </summary>
    public static Fin<Dataset> FromSparse(int rows, ReadOnlySpan<int> columnStarts, ReadOnlySpan<int> rowIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<double> target, ReadOnlySpan<string> featureNames, string targetName = "target", string source = "dataset")
    {
        if (target.Length != rows) return new DataError(source, null, null, $"{rows} rows but the target has {target.Length} values");
        for (var i = 0; i < target.Length; i++)
        {
            if (!double.IsFinite(target[i]))
                return new DataError(source, null, targetName, $"row {i} holds {Describe(target[i])}; values must be finite");
        }
        if (CheckNames(featureNames, source) is { } nameError) return nameError;
        var (y, names) = (ImmutableCollectionsMarshal.AsImmutableArray(target.ToArray()), ImmutableCollectionsMarshal.AsImmutableArray(featureNames.ToArray()));
        return SparseFeatures.Build(rows, columnStarts, rowIndices, values, featureNames, source)
            .Map(x => new Dataset(rows, ImmutableArray<double>.Empty, y, names, targetName, default, x));
    }

    /// <summary>Builds a dataset of sparse features only (no target), e.g. new rows to predict; checked as <see cref="FromSparse"/>.</summary>
    public static Fin<Dataset> FromSparseFeatures(int rows, ReadOnlySpan<int> columnStarts, ReadOnlySpan<int> rowIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<string> featureNames, string source = "dataset")
    {
        if (CheckNames(featureNames, source) is { } nameError) return nameError;
        var names = ImmutableCollectionsMarshal.AsImmutableArray(featureNames.ToArray());
        return SparseFeatures.Build(rows, columnStarts, rowIndices, values, featureNames, source)
            .Map(x => new Dataset(rows, ImmutableArray<double>.Empty, ImmutableArray<double>.Empty, names, string.Empty, default, x));
    }

    /// <summary>MathNet's compressed rows transposed into compressed columns (entries come row by row: rows stay sorted).</summary>
    private static Fin<Dataset> FromCompressedRows(SparseCompressedRowMatrixStorage<double> x, double[] y, string[] names, string targetName)
    {
        var count = x.ValueCount;
        var rowOf = new int[count];
        for (var i = 0; i < x.RowCount; i++) rowOf.AsSpan(x.RowPointers[i], x.RowPointers[i + 1] - x.RowPointers[i]).Fill(i);
        var (starts, rows, values) = SparseFeatures.Compress(x.ColumnCount, rowOf, x.ColumnIndices.AsSpan(0, count), x.Values.AsSpan(0, count));
        return FromSparse(x.RowCount, starts, rows, values, y, names, targetName);
    }

    /// <summary>The sparse features as a MathNet <c>SparseMatrix</c>.</summary>
    private Matrix<double> SparseMatrix()
    {
        var x = sparse!;
        var entries = new (int, int, double)[x.NonZeros];
        var at = 0;
        for (var j = 0; j < Columns; j++)
        {
            var r = x.RowsOf(j);
            var v = x.ValuesOf(j);
            for (var k = 0; k < r.Length; k++) entries[at++] = (r[k], j, v[k]);
        }
        return Matrix<double>.Build.SparseOfIndexed(Rows, Columns, entries);
    }

    /// <summary>The same dataset with dense features (a sparse one copied to n·p values; a dense one returned as it is).</summary>
    public Dataset ToDense() => sparse is null ? this
        : new Dataset(Rows, ImmutableCollectionsMarshal.AsImmutableArray(sparse.ToColumnMajor()), target, FeatureNames, TargetName, TargetLabels);

    /// <summary>The same sparse dataset with column j's values divided by <paramref name="divisors"/>[j].</summary>
    internal Dataset DivideSparseColumns(ReadOnlySpan<double> divisors) =>
        new(Rows, ImmutableArray<double>.Empty, target, FeatureNames, TargetName, TargetLabels, sparse!.DivideColumns(divisors));

    /// <summary>
    /// Column j's weighted mean m = Σ s_i x_ij / Σ s_i (0 when <paramref name="centre"/> is false) and its weighted mean square
    /// about m, Σ s_i (x_ij − m)² / Σ s_i (s empty: all 1; <paramref name="total"/> = Σ s_i, summed once by the caller for all
    /// columns). A sparse column's zeros add s_i·m² to the square without being read.
    /// </summary>
    internal (double Mean, double Variance) ColumnMoments(int j, ReadOnlySpan<double> weights, double total, bool centre)
    {
        double mean = 0, square = 0;
        if (sparse is null)
        {
            var x = Column(j);
            for (var i = 0; i < x.Length; i++) mean += (weights.IsEmpty ? 1.0 : weights[i]) * x[i];
            mean = centre ? mean / total : 0.0;
            for (var i = 0; i < x.Length; i++) square += (weights.IsEmpty ? 1.0 : weights[i]) * (x[i] - mean) * (x[i] - mean);
            return (mean, square / total);
        }
        var rows = sparse.RowsOf(j);
        var values = sparse.ValuesOf(j);
        var stored = 0.0;
        for (var k = 0; k < rows.Length; k++)
        {
            var s = weights.IsEmpty ? 1.0 : weights[rows[k]];
            stored += s;
            mean += s * values[k];
        }
        mean = centre ? mean / total : 0.0;
        for (var k = 0; k < rows.Length; k++) square += (weights.IsEmpty ? 1.0 : weights[rows[k]]) * (values[k] - mean) * (values[k] - mean);
        return (mean, (square + (total - stored) * mean * mean) / total);
    }

    private static InvalidOperationException SparseStorage() =>
        new("the dataset's features are sparse: read Dataset.Sparse, or make a dense copy with Dataset.ToDense()");
}

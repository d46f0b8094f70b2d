using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LanguageExt;
using MathNet.Numerics.LinearAlgebra;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>
/// An immutable design matrix and target. Dense features are stored column-major (feature j occupies
/// <c>[j·Rows, (j+1)·Rows)</c>), which is what coordinate descent reads, and what MathNet's
/// <c>DenseMatrix</c> stores, so conversion either way is one copy at most. Sparse features are stored in compressed
/// sparse columns (<see cref="Sparse"/>, Dataset.Sparse.cs) and are never made dense by a fit.
/// </summary>
public sealed partial class Dataset
{
    private readonly ImmutableArray<double> features;
    private readonly ImmutableArray<double> target;
    private readonly SparseFeatures? sparse;

    private Dataset(int rows, ImmutableArray<double> features, ImmutableArray<double> target,
        ImmutableArray<string> featureNames, string targetName, ImmutableArray<string> targetLabels = default, SparseFeatures? sparse = null)
    {
        Rows = rows;
        this.features = features;
        this.sparse = sparse;
        this.target = target;
        FeatureNames = featureNames;
        TargetName = targetName;
        TargetLabels = targetLabels.IsDefault ? ImmutableArray<string>.Empty : targetLabels;
    }

    /// <summary>Number of samples n.</summary>
    public int Rows { get; }

    /// <summary>Number of features p.</summary>
    public int Columns => FeatureNames.Length;

    /// <summary>The feature columns' names, distinct, in storage order.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>The target column's name; empty for a dataset of features only.</summary>
    public string TargetName { get; }

    /// <summary>
    /// A target of text labels ("yes"/"no"), sorted by ordinal comparison as numpy's <c>unique</c> sorts them: then
    /// <see cref="Target"/> holds each row's index into this list. Empty for a numeric target.
    /// </summary>
    public ImmutableArray<string> TargetLabels { get; }

    /// <summary>Whether the dataset has a target (fitting and scoring need one; prediction does not).</summary>
    public bool HasTarget => !target.IsEmpty;

    /// <summary>The whole column-major feature storage, n·p values.</summary>
    /// <exception cref="InvalidOperationException">The features are sparse (<see cref="IsSparse"/>): read <see cref="Sparse"/>, or make a dense copy with <see cref="ToDense"/>.</exception>
    public ReadOnlySpan<double> Features => sparse is null ? features.AsSpan() : throw SparseStorage();

    /// <summary>The target y, one value per row; empty when <see cref="HasTarget"/> is false.</summary>
    public ReadOnlySpan<double> Target => target.AsSpan();

    /// <summary>The feature storage as a read-only memory, for kernels that split the columns between threads.</summary>
    internal ReadOnlyMemory<double> FeatureMemory => sparse is null ? features.AsMemory() : throw SparseStorage();

    /// <summary>Feature column j, without a copy.</summary>
    /// <exception cref="InvalidOperationException">The features are sparse (<see cref="IsSparse"/>).</exception>
    public ReadOnlySpan<double> Column(int j) => sparse is null ? features.AsSpan().Slice(j * Rows, Rows) : throw SparseStorage();

    /// <summary>x_ij: the value of feature <paramref name="column"/> in row <paramref name="row"/>.</summary>
    public double this[int row, int column] => sparse is null ? features[column * Rows + row] : sparse[row, column];

    /// <summary>
    /// Builds a dataset from column-major features. The arrays are copied, so the caller may reuse
    /// them. Fails (as a value) on shape mismatches, non-finite values or duplicate names.
    /// </summary>
    public static Fin<Dataset> FromColumnMajor(
        ReadOnlySpan<double> columnMajor, ReadOnlySpan<double> target, ReadOnlySpan<string> featureNames,
        string targetName = "target", string source = "dataset") =>
        NumericTarget(columnMajor, null, target.ToArray(), featureNames, targetName, source);

    /// <summary>
    /// The same checks as the public builders, adopting the arrays instead of copying them: for a loader that filled
    /// <paramref name="columnMajor"/> (exactly rows·p values) and lets go of it. A numeric <paramref name="target"/>, text
    /// <paramref name="labels"/>, or neither (features only).
    /// </summary>
    internal static Fin<Dataset> Adopt(double[] columnMajor, int rows, double[]? target, IReadOnlyList<string>? labels, string[] featureNames,
        string targetName, string source) =>
        labels is not null ? LabelTarget(columnMajor, columnMajor, labels, featureNames, targetName, source)
        : target is not null ? NumericTarget(columnMajor, columnMajor, target, featureNames, targetName, source)
        : FeaturesOnly(columnMajor, columnMajor, rows, featureNames, source);

    private static Fin<Dataset> NumericTarget(ReadOnlySpan<double> columnMajor, double[]? owned, double[] target, ReadOnlySpan<string> featureNames,
        string targetName, string source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            if (!double.IsFinite(target[i]))
                return new DataError(source, null, targetName, $"row {i} holds {Describe(target[i])}; values must be finite");
        }
        var y = ImmutableCollectionsMarshal.AsImmutableArray(target);
        var names = ImmutableCollectionsMarshal.AsImmutableArray(featureNames.ToArray());
        return Build(columnMajor, owned, y.Length, featureNames, source).Map(features => new Dataset(y.Length, features, y, names, targetName));
    }

    /// <summary>
    /// Builds a dataset whose target is text labels: each row's label (non-empty), coded as its index among the sorted
    /// distinct labels (<see cref="TargetLabels"/>). The arrays are copied.
    /// </summary>
    public static Fin<Dataset> FromColumnMajor(
        ReadOnlySpan<double> columnMajor, IReadOnlyList<string> labels, ReadOnlySpan<string> featureNames,
        string targetName = "target", string source = "dataset") =>
        LabelTarget(columnMajor, null, labels, featureNames, targetName, source);

    private static Fin<Dataset> LabelTarget(ReadOnlySpan<double> columnMajor, double[]? owned, IReadOnlyList<string> labels, ReadOnlySpan<string> featureNames,
        string targetName, string source)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.IsNullOrEmpty(labels[i])) return new DataError(source, null, targetName, $"row {i} holds no label");
        }
        var distinct = new SortedSet<string>(labels, StringComparer.Ordinal);
        var levels = ImmutableArray.CreateRange(distinct);
        var codes = new double[labels.Count];
        for (var i = 0; i < codes.Length; i++) codes[i] = levels.BinarySearch(labels[i], StringComparer.Ordinal);
        var names = ImmutableCollectionsMarshal.AsImmutableArray(featureNames.ToArray());
        return Build(columnMajor, owned, codes.Length, featureNames, source).Map(features =>
            new Dataset(codes.Length, features, ImmutableCollectionsMarshal.AsImmutableArray(codes), names, targetName, levels));
    }

    /// <summary>A row's target as the user wrote it: its label, or the number in invariant form.</summary>
    public string DescribeTarget(double value) =>
        TargetLabels.IsEmpty ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : TargetLabels[(int)value];

    /// <summary>The user's labels of a classifier's coded classes (empty when the target is numeric).</summary>
    internal ImmutableArray<string> LabelsOf(ImmutableArray<double> classes)
    {
        if (TargetLabels.IsEmpty || classes.IsDefaultOrEmpty) return ImmutableArray<string>.Empty;
        var labels = ImmutableArray.CreateBuilder<string>(classes.Length);
        foreach (var c in classes) labels.Add(TargetLabels[(int)c]);
        return labels.MoveToImmutable();
    }

    /// <summary>
    /// Builds a dataset of features only (no target), e.g. new rows to predict. The array is copied. Fails (as a value)
    /// on shape mismatches, non-finite values or duplicate names.
    /// </summary>
    public static Fin<Dataset> FromFeatures(ReadOnlySpan<double> columnMajor, int rows, ReadOnlySpan<string> featureNames, string source = "dataset") =>
        FeaturesOnly(columnMajor, null, rows, featureNames, source);

    private static Fin<Dataset> FeaturesOnly(ReadOnlySpan<double> columnMajor, double[]? owned, int rows, ReadOnlySpan<string> featureNames, string source)
    {
        var names = ImmutableCollectionsMarshal.AsImmutableArray(featureNames.ToArray());
        return Build(columnMajor, owned, rows, featureNames, source).Map(features => new Dataset(rows, features, ImmutableArray<double>.Empty, names, string.Empty));
    }

    /// <summary>Builds a dataset of features only from a row-major 2-D array.</summary>
    public static Fin<Dataset> FromRows(double[,] x, string[]? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (n, p) = (x.GetLength(0), x.GetLength(1));
        var names = featureNames ?? DefaultNames(p);
        if (names.Length != p)
            return new DataError("dataset", null, null, $"X has {p} columns but {names.Length} feature names were given");
        return FromFeatures(ColumnMajor(x), n, names);
    }

    /// <summary>Checks and copies column-major features: the shape, the names (non-empty, distinct) and finiteness.</summary>
    /// <summary>The checked feature storage: <paramref name="owned"/> itself when given (it holds <paramref name="columnMajor"/>), else a copy.</summary>
    private static Fin<ImmutableArray<double>> Build(ReadOnlySpan<double> columnMajor, double[]? owned, int rows, ReadOnlySpan<string> featureNames, string source)
    {
        var cols = featureNames.Length;
        if (rows <= 0) return new DataError(source, null, null, "no rows");
        if (cols == 0) return new DataError(source, null, null, "no feature columns");
        if (columnMajor.Length != (long)rows * cols)
            return new DataError(source, null, null,
                $"the feature matrix holds {columnMajor.Length} values but {rows} rows × {cols} columns need {(long)rows * cols}");
        if (CheckNames(featureNames, source) is { } nameError) return nameError;
        for (var j = 0; j < cols; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                var v = columnMajor[j * rows + i];
                if (!double.IsFinite(v))
                    return new DataError(source, null, featureNames[j], $"row {i} holds {Describe(v)}; values must be finite");
            }
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(owned ?? columnMajor.ToArray());
    }

    /// <summary>Every name non-empty and distinct (one pass with a dictionary: p may be large); null when they are.</summary>
    private static DataError? CheckNames(ReadOnlySpan<string> names, string source)
    {
        var seen = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var j = 0; j < names.Length; j++)
        {
            if (string.IsNullOrWhiteSpace(names[j])) return new DataError(source, null, null, $"feature {j} has an empty name");
            if (!seen.TryAdd(names[j], j)) return new DataError(source, null, names[j], $"the name is used by columns {seen[names[j]]} and {j}");
        }
        return null;
    }

    private static double[] ColumnMajor(double[,] x)
    {
        var (n, p) = (x.GetLength(0), x.GetLength(1));
        var cm = new double[n * p];
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i < n; i++) cm[j * n + i] = x[i, j];
        }
        return cm;
    }

    /// <summary>Builds a dataset from a row-major 2-D array, as most callers hold their data.</summary>
    public static Fin<Dataset> FromRows(double[,] x, double[] y, string[]? featureNames = null, string targetName = "target")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var (n, p) = (x.GetLength(0), x.GetLength(1));
        if (n != y.Length)
            return new DataError("dataset", null, null, $"X has {n} rows but y has {y.Length} values");
        var names = featureNames ?? DefaultNames(p);
        if (names.Length != p)
            return new DataError("dataset", null, null, $"X has {p} columns but {names.Length} feature names were given");
        return FromColumnMajor(ColumnMajor(x), y, names, targetName);
    }

    /// <summary>
    /// Builds a dataset from MathNet values: a dense matrix's storage is column-major already; a
    /// <c>SparseMatrix</c> (compressed rows) becomes sparse features (<see cref="IsSparse"/>), never dense.
    /// </summary>
    public static Fin<Dataset> FromMatrix(Matrix<double> x, Vector<double> y, string[]? featureNames = null, string targetName = "target")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.RowCount != y.Count)
            return new DataError("dataset", null, null, $"X has {x.RowCount} rows but y has {y.Count} values");
        var names = featureNames ?? DefaultNames(x.ColumnCount);
        if (names.Length != x.ColumnCount)
            return new DataError("dataset", null, null, $"X has {x.ColumnCount} columns but {names.Length} feature names were given");
        if (x.Storage is MathNet.Numerics.LinearAlgebra.Storage.SparseCompressedRowMatrixStorage<double> rows)
            return FromCompressedRows(rows, y.ToArray(), names, targetName);
        return FromColumnMajor(x.ToColumnMajorArray(), y.ToArray(), names, targetName);
    }

    /// <summary>The features as a MathNet matrix (one copy): dense, or a <c>SparseMatrix</c> for sparse features.</summary>
    public Matrix<double> FeatureMatrix() => sparse is null
        ? Matrix<double>.Build.Dense(Rows, Columns, features.AsSpan().ToArray())
        : SparseMatrix();

    /// <summary>The target as a MathNet vector (one copy).</summary>
    public Vector<double> TargetVector() => Vector<double>.Build.Dense(target.AsSpan().ToArray());

    /// <summary>
    /// Takes the feature column <paramref name="name"/> out (e.g. sample weights stored in the CSV): the dataset
    /// without it, and its values. Fails, as a value, when there is no such feature or it is the only one.
    /// </summary>
    public Fin<(Dataset Remaining, double[] Values)> TakeColumn(string name)
    {
        var index = FeatureNames.IndexOf(name);
        if (index < 0)
            return new DataError("dataset", null, name, $"there is no such column; the features are {string.Join(", ", FeatureNames)}");
        if (Columns == 1) return new DataError("dataset", null, name, "it is the only feature column");
        if (sparse is not null)
        {
            var (remaining, column) = sparse.RemoveColumn(index);
            return (new Dataset(Rows, ImmutableArray<double>.Empty, target, FeatureNames.RemoveAt(index), TargetName, TargetLabels, remaining), column);
        }
        var values = Column(index).ToArray();
        var rest = new double[Rows * (Columns - 1)];
        var src = features.AsSpan();
        src[..(index * Rows)].CopyTo(rest);
        src[((index + 1) * Rows)..].CopyTo(rest.AsSpan(index * Rows));
        var names = FeatureNames.RemoveAt(index);
        return (new Dataset(Rows, ImmutableCollectionsMarshal.AsImmutableArray(rest), target, names, TargetName, TargetLabels), values);
    }

    /// <summary>The same features (shared, not copied) with another target of the same length.</summary>
    internal Dataset WithTarget(double[] y) =>
        new(Rows, features, ImmutableCollectionsMarshal.AsImmutableArray(y), FeatureNames, TargetName, TargetLabels, sparse);

    /// <summary>The rows at the given indices, in that order (as numpy's <c>X[idx]</c>).</summary>
    public Dataset SelectRows(ReadOnlySpan<int> indices)
    {
        var m = indices.Length;
        var y = HasTarget ? new double[m] : [];
        for (var r = 0; r < m; r++)
        {
            if ((uint)indices[r] >= (uint)Rows)
                throw new ArgumentOutOfRangeException(nameof(indices), $"row index {indices[r]} is outside 0..{Rows - 1}");
            if (HasTarget) y[r] = target[indices[r]];
        }
        if (sparse is not null)
        {
            return new Dataset(m, ImmutableArray<double>.Empty, ImmutableCollectionsMarshal.AsImmutableArray(y), FeatureNames, TargetName, TargetLabels,
                sparse.SelectRows(indices));
        }
        var cm = new double[m * Columns];
        var src = features.AsSpan();
        for (var j = 0; j < Columns; j++)
        {
            var col = src.Slice(j * Rows, Rows);
            for (var r = 0; r < m; r++) cm[j * m + r] = col[indices[r]];
        }
        return new Dataset(m, ImmutableCollectionsMarshal.AsImmutableArray(cm),
            ImmutableCollectionsMarshal.AsImmutableArray(y), FeatureNames, TargetName, TargetLabels);
    }

    /// <summary>The columns at the given indices, in that order (the target and its labels kept).</summary>
    internal Dataset SelectColumns(ReadOnlySpan<int> columns)
    {
        var names = ImmutableArray.CreateBuilder<string>(columns.Length);
        foreach (var j in columns) names.Add(FeatureNames[j]);
        if (sparse is not null)
        {
            var starts = new int[columns.Length + 1];
            for (var k = 0; k < columns.Length; k++) starts[k + 1] = starts[k] + sparse.RowsOf(columns[k]).Length;
            var (rows, values) = (new int[starts[^1]], new double[starts[^1]]);
            for (var k = 0; k < columns.Length; k++)
            {
                sparse.RowsOf(columns[k]).CopyTo(rows.AsSpan(starts[k]));
                sparse.ValuesOf(columns[k]).CopyTo(values.AsSpan(starts[k]));
            }
            return new Dataset(Rows, ImmutableArray<double>.Empty, target, names.MoveToImmutable(), TargetName, TargetLabels,
                SparseFeatures.Trusted(Rows, starts, rows, values));
        }
        var cm = new double[(long)Rows * columns.Length];
        for (var k = 0; k < columns.Length; k++) Column(columns[k]).CopyTo(cm.AsSpan(k * Rows, Rows));
        return new Dataset(Rows, ImmutableCollectionsMarshal.AsImmutableArray(cm), target, names.MoveToImmutable(), TargetName, TargetLabels);
    }

    /// <summary>The same rows with every column transformed by <paramref name="map"/> (column index, values in, values out).</summary>
    /// <exception cref="InvalidOperationException">The features are sparse (a map could fill the zeros).</exception>
    public Dataset MapColumns(ColumnMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (sparse is not null) throw SparseStorage();
        var cm = new double[Rows * Columns];
        for (var j = 0; j < Columns; j++) map(j, Column(j), cm.AsSpan(j * Rows, Rows));
        return new Dataset(Rows, ImmutableCollectionsMarshal.AsImmutableArray(cm), target, FeatureNames, TargetName, TargetLabels);
    }

    private static string[] DefaultNames(int p)
    {
        var names = new string[p];
        for (var j = 0; j < p; j++) names[j] = $"x{j}";
        return names;
    }

    private static string Describe(double v) =>
        double.IsNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity";
}

/// <summary>Writes a transformed copy of column <paramref name="column"/> into <paramref name="destination"/>.</summary>
public delegate void ColumnMap(int column, ReadOnlySpan<double> source, Span<double> destination);

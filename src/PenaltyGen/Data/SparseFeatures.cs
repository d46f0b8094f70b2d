using System;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LanguageExt;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>
/// A feature matrix in compressed sparse column form (scipy's <c>csc_matrix</c>, R's <c>dgCMatrix</c>): column j holds the
/// rows <c>RowIndices[ColumnStarts[j]..ColumnStarts[j+1]]</c>, strictly increasing, with the values at the same positions;
/// every other entry is 0. Immutable; built and checked by <see cref="Dataset.FromSparse"/>.
/// </summary>
public sealed class SparseFeatures
{
    private readonly ImmutableArray<int> starts;
    private readonly ImmutableArray<int> rows;
    private readonly ImmutableArray<double> values;

    private SparseFeatures(int rowCount, ImmutableArray<int> starts, ImmutableArray<int> rows, ImmutableArray<double> values)
    {
        RowCount = rowCount;
        this.starts = starts;
        this.rows = rows;
        this.values = values;
    }

    /// <summary>n, the number of rows.</summary>
    public int RowCount { get; }

    /// <summary>p, the number of columns.</summary>
    public int ColumnCount => starts.Length - 1;

    /// <summary>The number of stored entries (explicit zeros included).</summary>
    public int NonZeros => values.Length;

    /// <summary>p + 1 offsets into <see cref="RowIndices"/> and <see cref="Values"/>: column j spans [starts[j], starts[j+1]).</summary>
    public ReadOnlySpan<int> ColumnStarts => starts.AsSpan();

    /// <summary>The row of each stored entry, strictly increasing within a column.</summary>
    public ReadOnlySpan<int> RowIndices => rows.AsSpan();

    /// <summary>The value of each stored entry.</summary>
    public ReadOnlySpan<double> Values => values.AsSpan();

    /// <summary>The rows of column j's stored entries.</summary>
    public ReadOnlySpan<int> RowsOf(int j) => rows.AsSpan()[starts[j]..starts[j + 1]];

    /// <summary>The values of column j's stored entries.</summary>
    public ReadOnlySpan<double> ValuesOf(int j) => values.AsSpan()[starts[j]..starts[j + 1]];

    /// <summary>x_ij (0 when not stored).</summary>
    public double this[int row, int column]
    {
        get
        {
            var at = RowsOf(column).BinarySearch(row);
            return at >= 0 ? ValuesOf(column)[at] : 0.0;
        }
    }

    /// <summary>
    /// Checks CSC arrays and copies them: p + 1 non-decreasing starts from 0 to the entry count, row indices in [0, n), finite
    /// values; each column's entries are sorted by row (a column may come unsorted, as scipy allows), and a row stored twice in
    /// one column is an error naming both.
    /// </summary>
    internal static Fin<SparseFeatures> Build(int rowCount, ReadOnlySpan<int> columnStarts, ReadOnlySpan<int> rowIndices, ReadOnlySpan<double> values,
        ReadOnlySpan<string> names, string source)
    {
        var p = names.Length;
        if (rowCount <= 0) return new DataError(source, null, null, "no rows");
        if (p == 0) return new DataError(source, null, null, "no feature columns");
        if (columnStarts.Length != p + 1)
            return new DataError(source, null, null, $"the column starts hold {columnStarts.Length} offsets but {p} columns need {p + 1}");
        if (rowIndices.Length != values.Length)
            return new DataError(source, null, null, $"{rowIndices.Length} row indices but {values.Length} values");
        if (columnStarts[0] != 0 || columnStarts[p] != values.Length)
            return new DataError(source, null, null, $"the column starts must run from 0 to the entry count {values.Length} (they run from {columnStarts[0]} to {columnStarts[p]})");
        var sortedRows = rowIndices.ToArray();
        var sortedValues = values.ToArray();
        for (var j = 0; j < p; j++)
        {
            var from = columnStarts[j];
            var to = columnStarts[j + 1];
            if (to < from) return new DataError(source, null, names[j], $"the column starts decrease ({from} then {to})");
            var r = sortedRows.AsSpan(from, to - from);
            var v = sortedValues.AsSpan(from, to - from);
            for (var k = 1; k < r.Length; k++)
            {
                if (r[k] <= r[k - 1])
                {
                    r.Sort(v);
                    break;
                }
            }
            for (var k = 0; k < r.Length; k++)
            {
                if ((uint)r[k] >= (uint)rowCount)
                    return new DataError(source, null, names[j], $"an entry names row {r[k]}, outside 0..{rowCount - 1}");
                if (k > 0 && r[k] == r[k - 1]) return new DataError(source, null, names[j], $"row {r[k]} is stored twice");
                if (!double.IsFinite(v[k])) return new DataError(source, null, names[j], $"row {r[k]} holds {v[k]}; values must be finite");
            }
        }
        return new SparseFeatures(rowCount, ImmutableCollectionsMarshal.AsImmutableArray(columnStarts.ToArray()),
            ImmutableCollectionsMarshal.AsImmutableArray(sortedRows), ImmutableCollectionsMarshal.AsImmutableArray(sortedValues));
    }

    /// <summary>
    /// Entries given as (row, column, value) in any order, placed into compressed columns: a count per column, its running sum,
    /// then each entry at its column's next place — so each column keeps the entries' order (rows increasing when the entries
    /// come row by row). Not checked here: <see cref="Build"/> (through <c>Dataset.FromSparse</c>) checks and sorts.
    /// </summary>
    internal static (int[] Starts, int[] Rows, double[] Values) Compress(int columns, ReadOnlySpan<int> rowOf, ReadOnlySpan<int> columnOf, ReadOnlySpan<double> values)
    {
        var starts = new int[columns + 1];
        foreach (var j in columnOf) starts[j + 1]++;
        for (var j = 0; j < columns; j++) starts[j + 1] += starts[j];
        var fill = starts[..columns];
        var (rows, placed) = (new int[values.Length], new double[values.Length]);
        for (var k = 0; k < values.Length; k++)
        {
            var at = fill[columnOf[k]]++;
            (rows[at], placed[at]) = (rowOf[k], values[k]);
        }
        return (starts, rows, placed);
    }

    /// <summary>Arrays already checked (made by this library from checked ones).</summary>
    internal static SparseFeatures Trusted(int rowCount, int[] columnStarts, int[] rowIndices, double[] values) =>
        new(rowCount, ImmutableCollectionsMarshal.AsImmutableArray(columnStarts), ImmutableCollectionsMarshal.AsImmutableArray(rowIndices),
            ImmutableCollectionsMarshal.AsImmutableArray(values));

    /// <summary>The rows at the given indices, in that order (a row may repeat): each column's entries re-indexed and sorted.</summary>
    internal SparseFeatures SelectRows(ReadOnlySpan<int> indices)
    {
        // Where each original row goes: positions[firsts[i]..firsts[i+1]] are the new rows of original row i.
        var firsts = new int[RowCount + 1];
        foreach (var i in indices) firsts[i + 1]++;
        for (var i = 0; i < RowCount; i++) firsts[i + 1] += firsts[i];
        var positions = new int[indices.Length];
        var fill = firsts.AsSpan(0, RowCount).ToArray();
        for (var r = 0; r < indices.Length; r++) positions[fill[indices[r]]++] = r;
        var newStarts = new int[ColumnCount + 1];
        for (var j = 0; j < ColumnCount; j++)
        {
            var count = 0;
            foreach (var i in RowsOf(j)) count += firsts[i + 1] - firsts[i];
            newStarts[j + 1] = newStarts[j] + count;
        }
        var newRows = new int[newStarts[ColumnCount]];
        var newValues = new double[newRows.Length];
        for (var j = 0; j < ColumnCount; j++)
        {
            var at = newStarts[j];
            var r = RowsOf(j);
            var v = ValuesOf(j);
            for (var k = 0; k < r.Length; k++)
            {
                for (var q = firsts[r[k]]; q < firsts[r[k] + 1]; q++)
                {
                    newRows[at] = positions[q];
                    newValues[at++] = v[k];
                }
            }
            newRows.AsSpan(newStarts[j], at - newStarts[j]).Sort(newValues.AsSpan(newStarts[j], at - newStarts[j]));
        }
        return Trusted(indices.Length, newStarts, newRows, newValues);
    }

    /// <summary>The same entries with column j's values divided by <paramref name="divisors"/>[j] (the pattern is shared).</summary>
    internal SparseFeatures DivideColumns(ReadOnlySpan<double> divisors)
    {
        var scaled = new double[values.Length];
        for (var j = 0; j < ColumnCount; j++)
        {
            for (var k = starts[j]; k < starts[j + 1]; k++) scaled[k] = values[k] / divisors[j];
        }
        return new SparseFeatures(RowCount, starts, rows, ImmutableCollectionsMarshal.AsImmutableArray(scaled));
    }

    /// <summary>Without column <paramref name="index"/> (its values returned dense).</summary>
    internal (SparseFeatures Remaining, double[] Column) RemoveColumn(int index)
    {
        var column = new double[RowCount];
        var r = RowsOf(index);
        var v = ValuesOf(index);
        for (var k = 0; k < r.Length; k++) column[r[k]] = v[k];
        var from = starts[index];
        var to = starts[index + 1];
        var newStarts = new int[ColumnCount];
        for (var j = 0; j < ColumnCount; j++) newStarts[j] = j <= index ? starts[j] : starts[j + 1] - (to - from);
        var newRows = new int[rows.Length - (to - from)];
        var newValues = new double[newRows.Length];
        rows.AsSpan()[..from].CopyTo(newRows);
        rows.AsSpan()[to..].CopyTo(newRows.AsSpan(from));
        values.AsSpan()[..from].CopyTo(newValues);
        values.AsSpan()[to..].CopyTo(newValues.AsSpan(from));
        return (Trusted(RowCount, newStarts, newRows, newValues), column);
    }

    /// <summary>The dense column-major copy (n·p values).</summary>
    internal double[] ToColumnMajor()
    {
        var dense = new double[(long)RowCount * ColumnCount];
        for (var j = 0; j < ColumnCount; j++)
        {
            var r = RowsOf(j);
            var v = ValuesOf(j);
            for (var k = 0; k < r.Length; k++) dense[(long)j * RowCount + r[k]] = v[k];
        }
        return dense;
    }
}

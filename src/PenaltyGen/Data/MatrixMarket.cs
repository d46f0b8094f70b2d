using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using LanguageExt;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>
/// Reads Matrix Market files (NIST's exchange format; scipy's <c>mmread</c>, R's <c>Matrix::readMM</c>): a features file
/// in <c>coordinate</c> form (<c>real</c>, <c>integer</c> or <c>pattern</c>; <c>general</c> or <c>symmetric</c>) — 1-based
/// <c>row column value</c> lines after the size line — as sparse features named <c>x1 … xp</c>, and a target file of n
/// values (<c>array</c> n×1, or <c>coordinate</c> n×1 with absent entries 0). Every error names the file, the line and the
/// problem.
/// </summary>
public static class MatrixMarket
{
    /// <summary>Reads the features in <paramref name="featuresPath"/> and the target in <paramref name="targetPath"/>.</summary>
    public static Fin<Dataset> Load(string featuresPath, string targetPath) =>
        CsvDataset.FromFile(featuresPath, reader => Read(reader, featuresPath)).Bind(matrix =>
        CsvDataset.FromFile(targetPath, reader => Read(reader, targetPath)).Bind(target =>
        {
            if (target.Columns != 1) return new DataError(targetPath, null, null, $"is {target.Rows}×{target.Columns}; a target is one column (n×1)");
            if (target.Rows != matrix.Rows)
                return new DataError(targetPath, null, null, $"holds {target.Rows} values but the features in {featuresPath} have {matrix.Rows} rows");
            return matrix.Build(target.Dense(), featuresPath);
        }));

    /// <summary>Reads features only (no target), e.g. rows to predict.</summary>
    public static Fin<Dataset> LoadFeatures(string featuresPath) =>
        CsvDataset.FromFile(featuresPath, reader => Read(reader, featuresPath)).Bind(matrix => matrix.Build(null, featuresPath));

    /// <summary>A matrix as read: its size and its entries in file order (duplicates are the builder's error).</summary>
    private sealed record Entries(int Rows, int Columns, List<int> RowIndex, List<int> ColumnIndex, List<double> Values)
    {
        /// <summary>n values of an n×1 matrix, absent entries 0.</summary>
        public double[] Dense()
        {
            var y = new double[Rows];
            for (var k = 0; k < Values.Count; k++) y[RowIndex[k]] = Values[k];
            return y;
        }

        /// <summary>The dataset in compressed columns (each column sorted and checked by the builder).</summary>
        public Fin<Dataset> Build(double[]? target, string source)
        {
            var (starts, rows, values) = SparseFeatures.Compress(Columns, CollectionsMarshal.AsSpan(RowIndex), CollectionsMarshal.AsSpan(ColumnIndex),
                CollectionsMarshal.AsSpan(Values));
            var names = new string[Columns];
            for (var j = 0; j < Columns; j++) names[j] = $"x{j + 1}";
            return target is null
                ? Dataset.FromSparseFeatures(Rows, starts, rows, values, names, source)
                : Dataset.FromSparse(Rows, starts, rows, values, target, names, "target", source);
        }
    }

    private static Fin<Entries> Read(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        var fields = header?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (fields.Length != 5 || !fields[0].Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase) || !fields[1].Equals("matrix", StringComparison.OrdinalIgnoreCase))
            return new DataError(source, 1, null, "is not a Matrix Market header ('%%MatrixMarket matrix coordinate real general')");
        var (format, field, symmetry) = (fields[2].ToLowerInvariant(), fields[3].ToLowerInvariant(), fields[4].ToLowerInvariant());
        if (format is not ("coordinate" or "array")) return new DataError(source, 1, null, $"the format '{format}' is neither coordinate nor array");
        if (field is not ("real" or "integer" or "pattern") || field == "pattern" && format == "array")
            return new DataError(source, 1, null, $"the field '{field}' is not read (real, integer, or pattern for coordinate files)");
        if (symmetry is not ("general" or "symmetric")) return new DataError(source, 1, null, $"the symmetry '{symmetry}' is not read (general or symmetric)");
        var line = 1;
        string? text;
        do
        {
            text = reader.ReadLine();
            line++;
        }
        while (text is not null && (text.StartsWith('%') || string.IsNullOrWhiteSpace(text)));
        var size = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var expected = format == "coordinate" ? 3 : 2;
        if (size.Length != expected || !TryCounts(size, out var counts))
            return new DataError(source, line, null, $"the size line must hold {(expected == 3 ? "rows, columns and entries" : "rows and columns")} as whole numbers");
        var (n, p) = (counts[0], counts[1]);
        if (n < 1 || p < 1) return new DataError(source, line, null, $"the matrix is {n}×{p}; it needs at least one row and one column");
        var entries = new Entries(n, p, [], [], []);
        return format == "coordinate"
            ? ReadCoordinates(reader, source, line, entries, counts[2], field == "pattern", symmetry == "symmetric")
            : ReadArray(reader, source, line, entries);
    }

    private static Fin<Entries> ReadCoordinates(TextReader reader, string source, int line, Entries entries, int count, bool pattern, bool symmetric)
    {
        var read = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.StartsWith('%') || string.IsNullOrWhiteSpace(text)) continue;
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != (pattern ? 2 : 3)) return new DataError(source, line, null, $"an entry is {(pattern ? "row column" : "row column value")}; the line holds {parts.Length} fields");
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 1 || i > entries.Rows)
                return new DataError(source, line, null, $"the row '{LibSvm.Shown(parts[0])}' is not within 1..{entries.Rows}");
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var j) || j < 1 || j > entries.Columns)
                return new DataError(source, line, null, $"the column '{LibSvm.Shown(parts[1])}' is not within 1..{entries.Columns}");
            var value = 1.0;
            if (!pattern && (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
                return new DataError(source, line, null, $"the value '{LibSvm.Shown(parts[2])}' is not a finite number");
            if (++read > count) return new DataError(source, line, null, $"more entries than the {count} the size line announces");
            Add(entries, i - 1, j - 1, value);
            if (symmetric && i != j) Add(entries, j - 1, i - 1, value);
        }
        if (read < count) return new DataError(source, null, null, $"holds {read} entries but the size line announces {count}");
        return entries;
    }

    private static Fin<Entries> ReadArray(TextReader reader, string source, int line, Entries entries)
    {
        var total = (long)entries.Rows * entries.Columns;
        var read = 0L;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.StartsWith('%') || string.IsNullOrWhiteSpace(text)) continue;
            if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                return new DataError(source, line, null, $"the value '{LibSvm.Shown(text.Trim())}' is not a finite number");
            if (read >= total) return new DataError(source, line, null, $"more values than the {total} of a {entries.Rows}×{entries.Columns} array");
            // Column-major, as the format writes arrays.
            Add(entries, (int)(read % entries.Rows), (int)(read / entries.Rows), value);
            read++;
        }
        if (read < total) return new DataError(source, null, null, $"holds {read} values but a {entries.Rows}×{entries.Columns} array needs {total}");
        return entries;
    }

    private static void Add(Entries entries, int row, int column, double value)
    {
        entries.RowIndex.Add(row);
        entries.ColumnIndex.Add(column);
        entries.Values.Add(value);
    }

    private static bool TryCounts(string[] fields, out int[] counts)
    {
        counts = new int[fields.Length];
        for (var k = 0; k < fields.Length; k++)
        {
            if (!int.TryParse(fields[k], NumberStyles.None, CultureInfo.InvariantCulture, out counts[k])) return false;
        }
        return true;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>
/// Reads a dataset from CSV: a header row, then one numeric row per sample, invariant culture
/// ("1.5", never "1,5"). Every failure names the file, the line (header = line 1) and the column.
/// </summary>
public static class CsvDataset
{
    /// <summary>Reads <paramref name="path"/>; the column named <paramref name="targetColumn"/> is the target, all others are features.</summary>
    public static Fin<Dataset> Load(string path, string targetColumn)
    {
        ArgumentNullException.ThrowIfNull(targetColumn);
        return FromFile(path, reader => Parse(reader, path, csv => ReadRecords(csv, targetColumn, null, path, RowsIn(path))));
    }

    /// <summary>
    /// Reads <paramref name="path"/> as features only (no target), e.g. rows to predict. With <paramref name="columns"/>,
    /// only those columns are read (each must be present; the file's other columns are ignored, numeric or not);
    /// without, every column is a feature.
    /// </summary>
    public static Fin<Dataset> LoadFeatures(string path, IReadOnlyCollection<string>? columns = null) =>
        FromFile(path, reader => Parse(reader, path, csv => ReadRecords(csv, null, columns, path, RowsIn(path))));

    /// <summary>
    /// At least the number of records under the header: the file's lines ('\n'-terminated, the last one perhaps not)
    /// less the header, counted in one buffered read. Blank lines and quoted line breaks only make it larger; a file
    /// with bare CR line ends counts too few, and the storage then grows as it reads.
    /// </summary>
    private static int RowsIn(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var buffer = new byte[1 << 16];
            long lines = 0;
            var last = (byte)'\n';
            for (int read; (read = file.Read(buffer)) > 0;)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                last = buffer[read - 1];
            }
            if (last != '\n') lines++;
            return (int)Math.Clamp(lines - 1, 1, int.MaxValue);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DefaultRows;
        }
    }

    /// <summary>The first reservation when the row count is not known (a TextReader): grown by half as needed.</summary>
    private const int DefaultRows = 1024;

    /// <summary>
    /// Streams <paramref name="path"/> in chunks of at most <paramref name="chunkRows"/> rows, each handed to
    /// <paramref name="each"/> as a dataset with the same columns (memory: one chunk, whatever the file's size), with the same
    /// checks and messages as <see cref="Load"/> (lines counted in the whole file). The target must be numeric (text labels are
    /// coded per dataset, so they cannot be split); an error from <paramref name="each"/> stops the reading.
    /// </summary>
    /// <returns>The number of rows read, or the first error.</returns>
    public static Fin<long> ReadChunks(string path, string targetColumn, int chunkRows, Func<Dataset, Fin<Unit>> each)
    {
        ArgumentNullException.ThrowIfNull(targetColumn);
        ArgumentNullException.ThrowIfNull(each);
        if (chunkRows < 1) return new ParameterError("chunk_rows", chunkRows.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        long total = 0;
        return FromFile(path, reader => Parse(reader, path, csv => ReadRecords(csv, targetColumn, null, path, chunkRows, chunk =>
        {
            total += chunk.Rows;
            return chunk.TargetLabels.IsEmpty ? each(chunk) : new DataError(path, null, targetColumn, "holds text labels; a chunked read needs a numeric target");
        }))).Map(_ => total);
    }

    /// <summary>Reads CSV text as features only; see <see cref="LoadFeatures"/>.</summary>
    public static Fin<Dataset> ReadFeatures(TextReader reader, IReadOnlyCollection<string>? columns = null, string source = "csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader, source, csv => ReadRecords(csv, null, columns, source, DefaultRows));
    }

    /// <summary>Opens a text file for a reader (the sparse formats' loaders too); a missing file, a folder or an I/O failure is an error naming the path.</summary>
    internal static Fin<T> FromFile<T>(string path, Func<TextReader, Fin<T>> read)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) return new DataError(path, null, null, "is a folder, not a file");
        if (!File.Exists(path)) return new DataError(path, null, null, "file not found");
        try
        {
            if (CutOff(path) is { } cut) return cut;
            using var reader = new StreamReader(path);
            return read(reader);
        }
        catch (IOException e)
        {
            return new DataError(path, null, null, $"cannot be read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return new DataError(path, null, null, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// A file whose last line has no line break and ends inside a number ("2.", "1e", "3e-") was cut off mid-write (a
    /// writer still writing, a failed copy): an error, since the cut value could otherwise read as a shorter number.
    /// A last line that ends in a whole number cannot be told from a finished one; the table output's n_samples shows
    /// how many rows were read.
    /// </summary>
    private static DataError? CutOff(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length == 0) return null;
        var tail = new byte[(int)Math.Min(64, file.Length)];
        file.Seek(-tail.Length, SeekOrigin.End);
        file.ReadExactly(tail);
        if (tail[^1] is (byte)'\n' or (byte)'\r') return null;
        var last = System.Text.Encoding.UTF8.GetString(tail);
        var cell = last[(last.LastIndexOfAny([',', '\n', '\r']) + 1)..].Trim();
        if (cell.Length == 0 || !char.IsAsciiDigit(cell[0]) && cell[0] is not ('-' or '+' or '.')) return null;
        return cell[^1] is '.' or 'e' or 'E' or '+' or '-'
            ? new DataError(path, null, null, $"the last line has no line break and ends inside a number ('{cell}'): the file looks cut off (still being written?)")
            : null;
    }

    /// <summary>Reads CSV text; <paramref name="source"/> names it in errors.</summary>
    public static Fin<Dataset> Read(TextReader reader, string targetColumn, string source = "csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(targetColumn);
        return Parse(reader, source, csv => ReadRecords(csv, targetColumn, null, source, DefaultRows));
    }

    private static Fin<T> Parse<T>(TextReader reader, string source, Func<CsvReader, Fin<T>> records)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Throw,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        try
        {
            using var csv = CsvReader.Create(reader, options, leaveOpen: true);
            return records(csv);
        }
        catch (CsvFormatException e)
        {
            return new DataError(source, e.LineNumber > 0 ? (int)e.LineNumber : null, null, $"malformed CSV: {e.Message}");
        }
    }

    /// <summary>The header's problem, if any: no such target, an empty or repeated name, a missing wanted column, nothing but the target.</summary>
    private static DataError? CheckHeader(string[] header, string? targetColumn, int targetIndex, IReadOnlyCollection<string>? only, string source)
    {
        if (targetColumn is not null && targetIndex < 0)
            return new DataError(source, 1, null, $"there is no target column '{targetColumn}'; the header has {string.Join(", ", header)}");
        // One pass with a dictionary: a header of 100k columns is checked in milliseconds (a scan per name was quadratic).
        var seen = new Dictionary<string, int>(header.Length, StringComparer.Ordinal);
        for (var j = 0; j < header.Length; j++)
        {
            if (string.IsNullOrWhiteSpace(header[j])) return new DataError(source, 1, null, $"column {j + 1} has an empty name");
            if (header[j].Contains('\0', StringComparison.Ordinal)) return new DataError(source, 1, header[j], $"column {j + 1}'s name holds a NUL byte (is this a binary file?)");
            if (!seen.TryAdd(header[j], j)) return new DataError(source, 1, header[j], $"the name appears twice (columns {seen[header[j]] + 1} and {j + 1})");
        }
        if (only is not null)
        {
            foreach (var name in only)
            {
                if (Array.IndexOf(header, name) < 0) return new DataError(source, 1, name, $"is missing; the header has {string.Join(", ", header)}");
            }
        }
        if (targetColumn is not null && header.Length == 1)
            return new DataError(source, 1, null, $"the only column is the target '{targetColumn}'; there are no features");
        return null;
    }

    /// <summary>
    /// The records under the header: with <paramref name="targetColumn"/>, that column is the target and all others are
    /// features; without, the features are <paramref name="only"/> (in file order) or every column.
    /// </summary>
    /// <param name="csv">The reader, past the header.</param>
    /// <param name="targetColumn">The target's name, or null for features only.</param>
    /// <param name="only">The features to read (null: every column but the target).</param>
    /// <param name="source">The file's name in errors.</param>
    /// <param name="rowsHint">Rows to reserve: at least the file's records when known (its line count), so that the parsed
    /// values land in the dataset's own column-major array; with <paramref name="each"/>, rows per chunk.</param>
    /// <param name="each">Null: every row in one dataset, returned. Otherwise each chunk is handed to it and the last one returned.</param>
    private static Fin<Dataset> ReadRecords(CsvReader csv, string? targetColumn, IReadOnlyCollection<string>? only, string source,
        int rowsHint, Func<Dataset, Fin<Unit>>? each = null)
    {
        var header = new string[csv.Headers.Count];
        for (var j = 0; j < header.Length; j++) header[j] = csv.Headers[j];
        if (header.Length == 0 || (header.Length == 1 && string.IsNullOrWhiteSpace(header[0])))
            return new DataError(source, null, null, "the file is empty; expected a header row");

        var targetIndex = targetColumn is null ? -1 : Array.IndexOf(header, targetColumn);
        if (CheckHeader(header, targetColumn, targetIndex, only, source) is { } bad) return bad;

        // Which file column feeds which feature (-1: not read); the target is read apart.
        var featureOf = new int[header.Length];
        var names = new List<string>();
        for (var j = 0; j < header.Length; j++)
        {
            var wanted = j != targetIndex && (only is null || only.Contains(header[j]));
            featureOf[j] = wanted ? names.Count : -1;
            if (wanted) names.Add(header[j]);
        }
        var p = names.Count;
        var chunkRows = each is null ? int.MaxValue : rowsHint;
        var columns = new ColumnBuffer(p, rowsHint);
        var target = new List<double>(targetColumn is null ? 0 : Math.Min(rowsHint, 1 << 20));
        // A target whose first value is not a number is a column of class labels ("yes"/"no"); after that, every row's
        // target is read the same way (a number among labels is a label, a word among numbers an error naming its row).
        List<string>? labels = null;
        var (rows, inChunk) = (0, 0);
        Fin<Dataset> last = new DataError(source, null, null, "the file has a header but no data rows");
        while (csv.Read())
        {
            if (each is not null && inChunk == chunkRows)
            {
                last = Build(columns, target, labels, inChunk, names, targetColumn, source);
                var handed = last.Bind(each);
                if (handed.IsFail) return handed.Map(_ => (Dataset)null!);
                inChunk = 0;
            }
            var line = (int)csv.LineNumber;
            if (!columns.Fits(inChunk))
                return new DataError(source, line, null, $"the data hold more than {ColumnBuffer.MaxValues} values, the most one dataset holds; read the file in chunks (stats, --sql) or as sparse features");
            if (csv.FieldCount != header.Length)
                return new DataError(source, line, null,
                    $"the row has {csv.FieldCount} fields but the header has {header.Length}");
            for (var j = 0; j < header.Length; j++)
            {
                if (j != targetIndex && featureOf[j] < 0) continue;
                var cell = csv.GetString(j);
                // .NET's parser skips trailing NULs ("2\0\0" reads as 2): a NUL is refused before parsing.
                if (cell.Contains('\0', StringComparison.Ordinal))
                    return new DataError(source, line, header[j], "the cell holds a NUL byte (is this a binary file?)");
                if (j == targetIndex && (labels is not null || rows == 0 && cell.Length > 0 && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    if (cell.Length == 0) return new DataError(source, line, header[j], "the cell is empty; expected a class label");
                    (labels ??= []).Add(cell);
                    continue;
                }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    return new DataError(source, line, header[j],
                        cell.Length == 0 ? "the cell is empty; expected a number" : $"'{cell}' is not a number");
                if (!double.IsFinite(v))
                    return new DataError(source, line, header[j], $"'{cell}' is not a finite number");
                if (j == targetIndex) target.Add(v);
                else columns.Set(featureOf[j], inChunk, v);
            }
            rows++;
            inChunk++;
        }
        if (rows == 0) return new DataError(source, null, null, "the file has a header but no data rows");
        if (each is null || inChunk == 0) return each is null ? Build(columns, target, labels, rows, names, targetColumn, source) : last;
        last = Build(columns, target, labels, inChunk, names, targetColumn, source);
        var final = last.Bind(each);
        return final.IsFail ? final.Map(_ => (Dataset)null!) : last;
    }

    /// <summary>
    /// The dataset of the buffered rows, adopting the buffer's array (no copy when the reservation was exact); the
    /// buffers are emptied, so a chunked read holds one chunk at a time.
    /// </summary>
    private static Fin<Dataset> Build(ColumnBuffer columns, List<double> target, List<string>? labels, int rows, List<string> names, string? targetColumn, string source)
    {
        var cm = columns.Take(rows);
        var y = target.ToArray();
        target.Clear();
        var chunkLabels = labels?.ToList();
        labels?.Clear();
        return Dataset.Adopt(cm, rows, targetColumn is null ? null : y, chunkLabels, names.ToArray(), targetColumn ?? string.Empty, source);
    }
}

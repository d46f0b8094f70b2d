using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CsvHelper;
using LanguageExt;
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
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return new DataError(path, null, null, "file not found");
        try
        {
            using var reader = new StreamReader(path);
            return Read(reader, targetColumn, path);
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

    /// <summary>Reads CSV text; <paramref name="source"/> names it in errors.</summary>
    public static Fin<Dataset> Read(TextReader reader, string targetColumn, string source = "csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(targetColumn);
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
            return ReadRecords(csv, targetColumn, source);
        }
        catch (CsvFormatException e)
        {
            return new DataError(source, e.LineNumber > 0 ? (int)e.LineNumber : null, null, $"malformed CSV: {e.Message}");
        }
    }

    private static Fin<Dataset> ReadRecords(CsvReader csv, string targetColumn, string source)
    {
        var header = new string[csv.Headers.Count];
        for (var j = 0; j < header.Length; j++) header[j] = csv.Headers[j];
        if (header.Length == 0 || (header.Length == 1 && string.IsNullOrWhiteSpace(header[0])))
            return new DataError(source, null, null, "the file is empty; expected a header row");

        var targetIndex = Array.IndexOf(header, targetColumn);
        if (targetIndex < 0)
            return new DataError(source, 1, null,
                $"there is no target column '{targetColumn}'; the header has {string.Join(", ", header)}");
        for (var j = 0; j < header.Length; j++)
        {
            if (string.IsNullOrWhiteSpace(header[j]))
                return new DataError(source, 1, null, $"column {j + 1} has an empty name");
            var previous = Array.IndexOf(header, header[j], 0, j);
            if (previous >= 0)
                return new DataError(source, 1, header[j], $"the name appears twice (columns {previous + 1} and {j + 1})");
        }
        if (header.Length == 1)
            return new DataError(source, 1, null, $"the only column is the target '{targetColumn}'; there are no features");

        var p = header.Length - 1;
        var columns = new List<double>[p];
        for (var j = 0; j < p; j++) columns[j] = new List<double>();
        var target = new List<double>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != header.Length)
                return new DataError(source, line, null,
                    $"the row has {csv.FieldCount} fields but the header has {header.Length}");
            var f = 0;
            for (var j = 0; j < header.Length; j++)
            {
                var cell = csv.GetString(j);
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    return new DataError(source, line, header[j],
                        cell.Length == 0 ? "the cell is empty; expected a number" : $"'{cell}' is not a number");
                if (!double.IsFinite(v))
                    return new DataError(source, line, header[j], $"'{cell}' is not a finite number");
                if (j == targetIndex) target.Add(v);
                else columns[f++].Add(v);
            }
        }
        if (target.Count == 0) return new DataError(source, null, null, "the file has a header but no data rows");

        var n = target.Count;
        var cm = new double[n * p];
        var names = new string[p];
        for (int j = 0, f = 0; j < header.Length; j++)
        {
            if (j == targetIndex) continue;
            names[f] = header[j];
            columns[f].CopyTo(cm, f * n);
            f++;
        }
        return Dataset.FromColumnMajor(cm, target.ToArray(), names, targetColumn, source);
    }
}

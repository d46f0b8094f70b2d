using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using LanguageExt;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>
/// Reads LibSVM / SVMlight text (scikit-learn's <c>load_svmlight_file</c>): one sample per line, <c>label index:value …</c>,
/// indices 1-based and increasing, absent indices 0; <c>qid:…</c> is skipped, <c># …</c> is a comment, blank lines are
/// skipped. The features are sparse (<see cref="Dataset.IsSparse"/>), named <c>x1 … xp</c> after their indices, p the
/// largest index (or the given count). Every error names the file, the line and what is wrong there.
/// </summary>
public static class LibSvm
{
    /// <summary>Reads <paramref name="path"/> with its labels as the target.</summary>
    /// <param name="path">The file.</param>
    /// <param name="features">The number of features p (to read new rows with a model's p); null: the largest index in the file.</param>
    /// <param name="zeroBased">Whether indices start at 0 (as some writers' do) rather than 1.</param>
    public static Fin<Dataset> Load(string path, int? features = null, bool zeroBased = false) =>
        CsvDataset.FromFile(path, reader => Read(reader, features, zeroBased, path));

    /// <summary>Reads LibSVM text; <paramref name="source"/> names it in errors.</summary>
    public static Fin<Dataset> Read(TextReader reader, int? features = null, bool zeroBased = false, string source = "libsvm")
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (features is < 1) return new ParameterError("features", features.Value.ToString(CultureInfo.InvariantCulture), "must be ≥ 1");
        var (labels, rowStarts, columns, values) = (new List<double>(), new List<int> { 0 }, new List<int>(), new List<double>());
        var (line, widest) = (0, 0);
        while (reader.ReadLine() is { } text)
        {
            line++;
            var content = text.AsSpan();
            var comment = content.IndexOf('#');
            if (comment >= 0) content = content[..comment];
            content = content.Trim();
            if (content.IsEmpty) continue;
            var error = ReadLine(content, line, zeroBased, source, labels, columns, values, ref widest);
            if (error is not null) return error;
            rowStarts.Add(columns.Count);
        }
        if (labels.Count == 0) return new DataError(source, null, null, "holds no samples");
        var p = features ?? widest;
        if (widest > p) return new DataError(source, null, null, $"an entry has feature index {widest - (zeroBased ? 1 : 0)}, beyond the {p} features expected");
        return Transpose(labels, rowStarts, columns, values, p, source);
    }

    /// <summary>One sample's label and entries; null, or the error naming what is wrong on the line.</summary>
    private static DataError? ReadLine(ReadOnlySpan<char> content, int line, bool zeroBased, string source,
        List<double> labels, List<int> columns, List<double> values, ref int widest)
    {
        var tokens = content.Split(' ');
        var first = true;
        var previous = -1;
        foreach (var range in tokens)
        {
            var token = content[range].Trim('\t');
            if (token.IsEmpty) continue;
            if (first)
            {
                first = false;
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var label) || !double.IsFinite(label))
                    return new DataError(source, line, null, $"the label '{Shown(token)}' is not a finite number (one numeric label per line; multi-label lines are not read)");
                labels.Add(label);
                continue;
            }
            var colon = token.IndexOf(':');
            if (colon <= 0) return new DataError(source, line, null, $"'{Shown(token)}' is not index:value");
            if (token[..colon].SequenceEqual("qid")) continue;
            if (!int.TryParse(token[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                return new DataError(source, line, null, $"'{Shown(token)}': the index is not a whole number");
            if (!zeroBased && index == 0) return new DataError(source, line, null, $"'{Shown(token)}': indices are 1-based (read a 0-based file with zeroBased: true)");
            if (!double.TryParse(token[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                return new DataError(source, line, null, $"'{Shown(token)}': the value is not a finite number");
            var column = zeroBased ? index : index - 1;
            if (column <= previous) return new DataError(source, line, null, $"index {index} follows index {previous + (zeroBased ? 0 : 1)}: indices must increase along a line");
            previous = column;
            widest = Math.Max(widest, column + 1);
            columns.Add(column);
            values.Add(value);
        }
        return null;
    }

    /// <summary>The rows read (compressed rows) as compressed columns.</summary>
    private static Fin<Dataset> Transpose(List<double> labels, List<int> rowStarts, List<int> columns, List<double> values, int p, string source)
    {
        var rowOf = new int[columns.Count];
        for (var i = 0; i < labels.Count; i++) rowOf.AsSpan(rowStarts[i], rowStarts[i + 1] - rowStarts[i]).Fill(i);
        var (starts, rows, stored) = SparseFeatures.Compress(p, rowOf, CollectionsMarshal.AsSpan(columns), CollectionsMarshal.AsSpan(values));
        var names = new string[p];
        for (var j = 0; j < p; j++) names[j] = $"x{j + 1}";
        return Dataset.FromSparse(labels.Count, starts, rows, stored, labels.ToArray(), names, "label", source);
    }

    /// <summary>A token as an error shows it: at most 40 characters.</summary>
    internal static string Shown(ReadOnlySpan<char> token) => token.Length <= 40 ? token.ToString() : $"{token[..40]}…";
}

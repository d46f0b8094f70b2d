using System;
using System.Collections.Generic;
using System.Linq;
using DuckDB.NET.Data;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Statistics;

namespace PenaltyGen.Cli;

/// <summary>
/// Rows from DuckDB, the embedded engine the command line reaches files and databases through: a Parquet file given as
/// --data (read_parquet), or any query given as --sql (DuckDB reads CSV, Parquet, JSON, globs like 'dir/*.parquet', and
/// attached databases). The rows stream into least-squares statistics <c>chunkRows</c> at a time, so a source larger than
/// memory is summed in O(p² + chunk·p) memory. Every column but the target (and the weight column) is a feature and must be
/// numeric; a NULL is an error naming its row and column.
/// </summary>
internal static class DuckDbSource
{
    /// <summary>Whether --data names a Parquet file (read through DuckDB rather than as CSV).</summary>
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>The query that reads a Parquet file (the path quoted as an SQL string).</summary>
    public static string ParquetQuery(string path) => $"SELECT * FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')";

    /// <summary>The statistics of the query's rows, summed chunk by chunk.</summary>
    public static Fin<GramStatistics> Statistics(string sql, string source, string target, string? weightColumn, int chunkRows)
    {
        var total = GramStatistics.Empty;
        return Chunks(sql, source, target, weightColumn, chunkRows)((chunk, weights) =>
            GramStatistics.OfChunk(chunk, weights, total.IsEmpty ? null : total).Bind(total.Merge).Map(merged =>
            {
                total = merged;
                return Prelude.unit;
            })).Map(_ => total);
    }

    /// <summary>The number of rows the query gives (DuckDB counts a Parquet file from its metadata).</summary>
    public static Fin<long> Count(string sql, string source)
    {
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM ({sql})";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DuckDBException e)
        {
            return new DataError(source, null, null, $"DuckDB: {e.Message}");
        }
    }

    /// <summary>The query as a chunk source: each call runs it again and streams its rows, <paramref name="chunkRows"/> at a time.</summary>
    public static ChunkSource Chunks(string sql, string source, string target, string? weightColumn, int chunkRows) => each =>
    {
        if (chunkRows < 1) return new ParameterError("--chunk-rows", chunkRows.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be ≥ 1");
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            // A streaming result hands the rows over in DuckDB's vectors as the query runs; the default materializes all of them.
            command.UseStreamingMode = true;
            using var reader = command.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var targetIndex = Array.IndexOf(names, target);
            if (targetIndex < 0) return new DataError(source, null, null, $"there is no target column '{target}'; the query gives {string.Join(", ", names)}");
            var weightIndex = weightColumn is null ? -1 : Array.IndexOf(names, weightColumn);
            if (weightColumn is not null && weightIndex < 0) return new DataError(source, null, weightColumn, $"is not a column of the query ({string.Join(", ", names)})");
            var features = Enumerable.Range(0, names.Length).Where(i => i != targetIndex && i != weightIndex).ToArray();
            if (features.Length == 0) return new DataError(source, null, null, $"the query gives only the target '{target}'; there are no features");
            foreach (var i in features.Append(targetIndex))
            {
                if (!IsNumeric(reader.GetFieldType(i)))
                    return new DataError(source, null, names[i], $"is of type {reader.GetDataTypeName(i)}; every column but the target's labels must be numeric");
            }
            return Stream(reader, source, names, features, targetIndex, weightIndex, chunkRows, each);
        }
        catch (DuckDBException e)
        {
            return new DataError(source, null, null, $"DuckDB: {e.Message}");
        }
    };

    private static Fin<Unit> Stream(System.Data.Common.DbDataReader reader, string source, string[] names, int[] features, int targetIndex, int weightIndex, int chunkRows,
        Func<Dataset, double[]?, Fin<Unit>> each)
    {
        var p = features.Length;
        var featureNames = features.Select(i => names[i]).ToArray();
        var (x, y, w) = (new double[chunkRows * p], new double[chunkRows], weightIndex < 0 ? null : new double[chunkRows]);
        var (rows, filled) = (0L, 0);
        // DOUBLE columns are read as doubles; other numeric types through Convert (boxed).
        var doubles = Enumerable.Range(0, names.Length).Select(i => reader.GetFieldType(i) == typeof(double)).ToArray();
        double Value(int i) => doubles[i] ? reader.GetDouble(i) : Convert.ToDouble(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        var required = features.Append(targetIndex).ToArray();
        while (reader.Read())
        {
            rows++;
            foreach (var i in required)
            {
                if (reader.IsDBNull(i)) return new DataError(source, (int)Math.Min(rows, int.MaxValue), names[i], "is NULL; expected a number");
            }
            for (var f = 0; f < p; f++) x[f * chunkRows + filled] = Value(features[f]);
            y[filled] = Value(targetIndex);
            if (w is not null) w[filled] = reader.IsDBNull(weightIndex) ? double.NaN : Value(weightIndex);
            if (++filled < chunkRows) continue;
            var handed = Hand(x, y, w, filled, chunkRows, featureNames, names[targetIndex], source, each);
            if (handed.IsFail) return handed;
            filled = 0;
        }
        if (rows == 0) return new DataError(source, null, null, "the query gives no rows");
        return filled == 0 ? Prelude.unit : Hand(x, y, w, filled, chunkRows, featureNames, names[targetIndex], source, each);
    }

    /// <summary>The first <paramref name="filled"/> buffered rows as a chunk, handed on with their weights.</summary>
    private static Fin<Unit> Hand(double[] x, double[] y, double[]? w, int filled, int stride, string[] features, string target, string source,
        Func<Dataset, double[]?, Fin<Unit>> each)
    {
        var cm = new double[filled * features.Length];
        for (var f = 0; f < features.Length; f++) Array.Copy(x, f * stride, cm, f * filled, filled);
        return Dataset.FromColumnMajor(cm, y.AsSpan(0, filled).ToArray(), features, target, source)
            .Bind(chunk => each(chunk, w?.AsSpan(0, filled).ToArray()));
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(long) || type == typeof(int) ||
        type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) ||
        type == typeof(ulong) || type == typeof(System.Numerics.BigInteger);
}

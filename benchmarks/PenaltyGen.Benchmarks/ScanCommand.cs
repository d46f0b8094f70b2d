using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DuckDB.NET.Data;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// <c>scan make FILE ROWS COLS</c> writes a Parquet file of ROWS random rows (features x0…, target y = Σx_j/√p + noise) with
/// DuckDB; <c>scan sums FILE</c> times DuckDB computing the least-squares sums itself in SQL (Σx_j, Σy, Σy², Σx_jy and every
/// Σx_jx_k: the statistics `penaltygen stats` makes) — the scan rate the statistics pass is measured against.
/// </summary>
internal static class ScanCommand
{
    public static int Run(string[] args)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var file = args[1].Replace("'", "''", StringComparison.Ordinal);
        if (args[0] == "make")
        {
            var (rows, cols) = (long.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
            var features = string.Join(", ", Enumerable.Range(0, cols).Select(j => $"random() * 4 + {j} AS x{j}"));
            var target = string.Join(" + ", Enumerable.Range(0, cols).Select(j => $"x{j}"));
            command.CommandText = $"COPY (SELECT *, ({target}) / sqrt({cols}) + random() AS y FROM (SELECT {features} FROM range({rows}))) TO '{file}' (FORMAT PARQUET)";
            command.ExecuteNonQuery();
            return 0;
        }
        command.CommandText = $"SELECT * FROM read_parquet('{file}') LIMIT 0";
        string[] names;
        using (var reader = command.ExecuteReader()) names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Where(n => n != "y").ToArray();
        var sums = names.Select(n => $"sum({n})").Concat(["count(*)", "sum(y)", "sum(y * y)"]).Concat(names.Select(n => $"sum({n} * y)"))
            .Concat(names.SelectMany((a, j) => names.Skip(j).Select(b => $"sum({a} * {b})")));
        command.CommandText = $"SELECT {string.Join(", ", sums)} FROM read_parquet('{file}')";
        var clock = Stopwatch.StartNew();
        using (var reader = command.ExecuteReader()) reader.Read();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"tool\": \"duckdb\", \"seconds\": {clock.Elapsed.TotalSeconds:R}, \"sums\": {sums.Count()}}}"));
        return 0;
    }
}

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PenaltyGen.Statistics;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>
/// Statistics across processes (issue 16): the Diabetes CSV cut into 8 partitions, each summed by `penaltygen stats` in its own
/// process; `fit --stats` on the merged files equals `fit --data` on the whole file (1e-10 relative), `cv --stats` holds each
/// partition out in turn, and a statistics file is read back bit for bit.
/// </summary>
public sealed class StatisticsCliTests : IDisposable
{
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-stats-" + Guid.NewGuid().ToString("N"));

    public StatisticsCliTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>The tool in a process of its own (the test's copy of PenaltyGen.Cli.dll).</summary>
    private static (int Code, string Out, string Err) Process(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PenaltyGen.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private string[] Partitions(int count)
    {
        var lines = File.ReadAllLines(CliTests.DiabetesCsv);
        var rows = lines.Length - 1;
        return Enumerable.Range(0, count).Select(k =>
        {
            var path = Path.Combine(temp, $"part-{k}.csv");
            File.WriteAllLines(path, [lines[0], .. lines.Skip(1 + k * rows / count).Take((k + 1) * rows / count - k * rows / count)]);
            return path;
        }).ToArray();
    }

    [Fact]
    public void Eight_partitions_summed_in_eight_processes_fit_as_the_whole_file()
    {
        foreach (var part in Partitions(8))
        {
            var (code, _, err) = Process("stats", "--data", part, "--target", "target", "--chunk-rows", "10", "--out", Path.ChangeExtension(part, ".stats"));
            Assert.True(code == 0, err);
        }
        var merged = CliTests.Run("fit", "--stats", Path.Combine(temp, "*.stats"), "--model", "lasso", "--alpha", "0.5", "--tol", "1e-12", "--max-iter", "100000");
        var whole = CliTests.Run("fit", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.5", "--tol", "1e-12", "--max-iter", "100000");
        Assert.True(merged.Code == 0, merged.Err);
        var (a, e) = (Coefficients(merged.Out), Coefficients(whole.Out));
        for (var j = 0; j < e.Length; j++) Assert.True(Math.Abs(a[j] - e[j]) <= 1e-10 * e.Max(Math.Abs), $"coef[{j}] {a[j]:R} vs {e[j]:R}");
        Assert.Equal(442, JsonDocument.Parse(merged.Out).RootElement.GetProperty("n_samples").GetInt32());
        var cv = CliTests.Run("cv", "--stats", Path.Combine(temp, "*.stats"), "--model", "lasso", "--alphas", "10", "--out", Path.Combine(temp, "cv"));
        Assert.True(cv.Code == 0, cv.Err);
        Assert.Equal(8, JsonDocument.Parse(cv.Out).RootElement.GetProperty("folds").GetInt32());
        var file = Path.Combine(temp, "part-0.stats");
        var stats = StatisticsFile.Load(file).ThrowIfFail();
        Assert.Equal(File.ReadAllText(file), StatisticsFile.ToJson(stats));
    }

    [Fact]
    public void Statistics_requests_it_cannot_serve_name_the_option()
    {
        var part = Partitions(2)[0];
        Assert.Equal(0, CliTests.Run("stats", "--data", part, "--target", "target", "--out", Path.Combine(temp, "a.stats")).Code);
        var weighted = CliTests.Run("fit", "--stats", Path.Combine(temp, "a.stats"), "--model", "lasso", "--sample-weight", "age");
        Assert.Equal("error: --sample-weight = given is invalid: does not apply with --stats: the fit is made from the rows' least-squares sums (weights are given to `penaltygen stats`, or as --sample-weight with --sql and Parquet)", weighted.Err.Trim());
        var none = CliTests.Run("fit", "--stats", Path.Combine(temp, "*.nothing"), "--model", "lasso");
        Assert.Equal($"error: --stats = {Path.Combine(temp, "*.nothing")} is invalid: matches no file", none.Err.Trim());
        var logistic = CliTests.Run("fit", "--stats", Path.Combine(temp, "a.stats"), "--model", "logistic");
        Assert.Contains("does not apply to statistics, which define a least-squares problem", logistic.Err, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(temp, "bad.stats"), File.ReadAllText(Path.Combine(temp, "a.stats")).Replace("\"gram_upper\"", "\"gram\"", StringComparison.Ordinal));
        Assert.Contains("field 'gram_upper' is missing", CliTests.Run("fit", "--stats", Path.Combine(temp, "bad.stats"), "--model", "lasso").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Parquet_files_and_duckdb_queries_fit_as_the_csv_rows_they_hold()
    {
        var parquet = ToParquet(CliTests.DiabetesCsv, "diabetes.parquet");
        var fromParquet = CliTests.Run("fit", "--data", parquet, "--target", "target", "--model", "lasso", "--alpha", "0.5", "--tol", "1e-12", "--max-iter", "100000", "--chunk-rows", "50");
        var fromCsv = CliTests.Run("fit", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.5", "--tol", "1e-12", "--max-iter", "100000");
        Assert.True(fromParquet.Code == 0, fromParquet.Err);
        var (a, e) = (Coefficients(fromParquet.Out), Coefficients(fromCsv.Out));
        for (var j = 0; j < e.Length; j++) Assert.True(Math.Abs(a[j] - e[j]) <= 1e-10 * e.Max(Math.Abs), $"coef[{j}] {a[j]:R} vs {e[j]:R}");
        // A query: the rows with sex = 2, against the same rows written as a CSV.
        var lines = File.ReadAllLines(CliTests.DiabetesCsv);
        var sexColumn = Array.IndexOf(lines[0].Split(','), "sex");
        var subset = Path.Combine(temp, "sex2.csv");
        File.WriteAllLines(subset, [lines[0], .. lines.Skip(1).Where(l => double.Parse(l.Split(',')[sexColumn], CultureInfo.InvariantCulture) == 2)]);
        var queried = CliTests.Run("fit", "--sql", $"SELECT * FROM '{parquet}' WHERE sex = 2", "--target", "target", "--model", "elasticnet", "--alpha", "0.1", "--tol", "1e-12", "--max-iter", "100000");
        var direct = CliTests.Run("fit", "--data", subset, "--target", "target", "--model", "elasticnet", "--alpha", "0.1", "--tol", "1e-12", "--max-iter", "100000");
        Assert.True(queried.Code == 0, queried.Err);
        var (q, d) = (Coefficients(queried.Out), Coefficients(direct.Out));
        for (var j = 0; j < d.Length; j++) Assert.True(Math.Abs(q[j] - d[j]) <= 1e-10 * d.Max(Math.Abs), $"coef[{j}] {q[j]:R} vs {d[j]:R}");
        var missing = CliTests.Run("fit", "--sql", $"SELECT * FROM '{parquet}'", "--target", "nothing", "--model", "lasso");
        Assert.StartsWith("error: --sql: there is no target column 'nothing'; the query gives age, sex", missing.Err, StringComparison.Ordinal);
        var broken = CliTests.Run("fit", "--sql", "SELECT * FROM no_such_table", "--target", "y", "--model", "lasso");
        Assert.StartsWith("error: --sql: DuckDB: ", broken.Err, StringComparison.Ordinal);
        var predict = CliTests.Run("predict", "--model", Path.Combine(temp, "none.json"), "--data", parquet);
        Assert.StartsWith($"error: --data = {parquet} is invalid: is a Parquet file; predict reads the rows of a CSV", predict.Err, StringComparison.Ordinal);
        var cv = CliTests.Run("cv", "--data", parquet, "--target", "target", "--model", "lasso");
        Assert.Equal("error: --fold-ids = (missing) is invalid: names the column of each row's fold (cv on a query sums each fold apart); it is required", cv.Err.Trim());
    }

    [Fact]
    public void Cross_validation_on_a_query_sums_each_fold_apart_and_matches_the_in_memory_folds()
    {
        var lines = File.ReadAllLines(CliTests.DiabetesCsv);
        var rows = lines.Length - 1;
        var folded = Path.Combine(temp, "folded.csv");
        File.WriteAllLines(folded, [lines[0] + ",fold", .. lines.Skip(1).Select((l, i) => l + "," + (i * 5 / rows).ToString(CultureInfo.InvariantCulture))]);
        var parquet = ToParquet(folded, "folded.parquet");
        string[] common = ["--target", "target", "--model", "lasso", "--fold-ids", "fold", "--alphas", "15", "--tol", "1e-12", "--max-iter", "100000"];
        var query = CliTests.Run(["cv", "--sql", $"SELECT * FROM '{parquet}'", "--out", Path.Combine(temp, "cv-sql"), "--chunk-rows", "64", .. common]);
        var memory = CliTests.Run(["cv", "--data", folded, "--out", Path.Combine(temp, "cv-csv"), .. common]);
        Assert.True(query.Code == 0, query.Err);
        var (q, m) = (JsonDocument.Parse(query.Out).RootElement, JsonDocument.Parse(memory.Out).RootElement);
        Assert.Equal(5, q.GetProperty("folds").GetInt32());
        Assert.Equal(m.GetProperty("alpha_min").GetDouble(), q.GetProperty("alpha_min").GetDouble(), 12);
        // Both solve to tol 1e-12 by different routes (sufficient statistics, rows): equal to 1e-11 relative. A
        // precision in decimal places would compare rounded values, which differ across a rounding boundary.
        var mse = m.GetProperty("cv_mse_min").GetDouble();
        Assert.Equal(mse, q.GetProperty("cv_mse_min").GetDouble(), 1e-11 * mse);
    }

    [Fact]
    public void A_logistic_fit_streamed_from_parquet_is_the_fit_on_the_csv()
    {
        var csv = Path.Combine(CliTests.Reference, "logistic.csv");
        var parquet = ToParquet(csv, "logistic.parquet");
        string[] common = ["--target", "label", "--model", "logistic", "--penalty", "l1", "--C", "0.5", "--tol", "1e-10", "--max-iter", "1000"];
        var streamed = CliTests.Run(["fit", "--data", parquet, "--chunk-rows", "40", .. common]);
        var inMemory = CliTests.Run(["fit", "--data", csv, .. common]);
        Assert.True(streamed.Code == 0, streamed.Err);
        var (a, e) = (Coefficients(streamed.Out), Coefficients(inMemory.Out));
        for (var j = 0; j < e.Length; j++) Assert.True(Math.Abs(a[j] - e[j]) <= 1e-7, $"coef[{j}] {a[j]:R} vs {e[j]:R}");
    }

    [Fact]
    public void A_logistic_path_streamed_from_a_query_is_the_path_on_the_csv_scored_by_its_log_loss()
    {
        var csv = Path.Combine(CliTests.Reference, "logistic.csv");
        var parquet = ToParquet(csv, "logistic-path.parquet");
        string[] common = ["--target", "label", "--model", "logistic", "--penalty", "l1", "--tol", "1e-10", "--max-iter", "1000", "--alphas", "8", "--eps", "1e-2"];
        var streamed = CliTests.Run(["path", "--sql", $"SELECT * FROM '{parquet}'", "--chunk-rows", "50", "--out", Path.Combine(temp, "p-sql"), .. common]);
        Assert.True(streamed.Code == 0, streamed.Err);
        Assert.Contains("no held-out rows (--sql): train mean log loss", streamed.Out, StringComparison.Ordinal);
        var memory = CliTests.Run(["path", "--data", csv, "--test-size", "0", "--out", Path.Combine(temp, "p-csv"), .. common]);
        Assert.True(memory.Code == 0, memory.Err);
        var (q, m) = (File.ReadAllLines(Path.Combine(temp, "p-sql", "logistic", "metrics.csv")), File.ReadAllLines(Path.Combine(temp, "p-csv", "logistic", "metrics.csv")));
        Assert.Equal(9, q.Length);
        Assert.StartsWith("alpha,train_log_loss,intercept,", q[0], StringComparison.Ordinal);
        var data = CsvDataset.Load(csv, "label").ThrowIfFail();
        for (var k = 1; k < q.Length; k++)
        {
            var (a, e) = (q[k].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(), m[k].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            Assert.Equal(e[0], a[0], 1e-12 * e[0]);
            // Coefficients (after alpha, score and intercept) as the in-memory path's; the score is the mean log-loss.
            for (var j = 2; j < a.Length; j++) Assert.True(Math.Abs(a[j] - e[j]) <= 1e-7, $"row {k} column {j}: {a[j]:R} vs {e[j]:R}");
        }
        var refused = CliTests.Run(["path", "--sql", $"SELECT * FROM '{parquet}'", "--standardize", "--out", Path.Combine(temp, "p-std"), .. common]);
        Assert.Equal(2, refused.Code);
        Assert.Equal("error: --standardize = given is invalid: does not apply to a logistic or Poisson fit streamed from --sql or a Parquet --data (one pass of the rows per Newton step)", refused.Err.Trim());
    }

    [Fact]
    public void A_logistic_cross_validation_streamed_from_parquet_by_fold_ids_is_the_one_on_the_csv()
    {
        var lines = File.ReadAllLines(Path.Combine(CliTests.Reference, "logistic.csv"));
        var csv = Path.Combine(temp, "logistic-folds.csv");
        File.WriteAllLines(csv, [lines[0] + ",fold", .. lines[1..].Select((l, i) => l + "," + (i * 7 % 5).ToString(CultureInfo.InvariantCulture))]);
        var parquet = ToParquet(csv, "logistic-folds.parquet");
        string[] common = ["--target", "label", "--model", "logistic", "--penalty", "l1", "--fold-ids", "fold", "--tol", "1e-10", "--max-iter", "1000",
            "--alphas", "10", "--eps", "1e-2"];
        var streamed = CliTests.Run(["cv", "--data", parquet, "--chunk-rows", "60", "--out", Path.Combine(temp, "cv-q"), .. common]);
        Assert.True(streamed.Code == 0, streamed.Err);
        var memory = CliTests.Run(["cv", "--data", csv, "--out", Path.Combine(temp, "cv-m"), .. common]);
        Assert.True(memory.Code == 0, memory.Err);
        var (q, m) = (JsonDocument.Parse(streamed.Out).RootElement, JsonDocument.Parse(memory.Out).RootElement);
        Assert.Equal(5, q.GetProperty("folds").GetInt32());
        Assert.Equal(m.GetProperty("alpha_min").GetDouble(), q.GetProperty("alpha_min").GetDouble(), 12);
        Assert.Equal(m.GetProperty("alpha_1se").GetDouble(), q.GetProperty("alpha_1se").GetDouble(), 12);
        Assert.Equal(m.GetProperty("cv_log_loss_min").GetDouble(), q.GetProperty("cv_log_loss_min").GetDouble(), 8);
    }

    /// <summary>The CSV's rows written as Parquet by DuckDB itself, in the test's folder.</summary>
    private string ToParquet(string csv, string name)
    {
        var parquet = Path.Combine(temp, name);
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var copy = connection.CreateCommand();
        copy.CommandText = $"COPY (SELECT * FROM read_csv_auto('{csv}')) TO '{parquet}' (FORMAT PARQUET)";
        copy.ExecuteNonQuery();
        return parquet;
    }

    private static double[] Coefficients(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
}

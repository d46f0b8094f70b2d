using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PenaltyGen.Tracking;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>penaltygen runs list | compare on a store of two path-like runs.</summary>
public sealed class RunsCliTests : IDisposable
{
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-runs-" + Guid.NewGuid().ToString("N"));

    public RunsCliTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>A run like the sample's: a lasso sweep over <paramref name="alphas"/> with its metrics table and best test score.</summary>
    private string Run(RunStore store, string name, double[] alphas, string hash)
    {
        using var tracker = store.Start(new RunInfo(name, [], hash, "l1"), name, new Dictionary<string, object> { ["alphas"] = alphas.Length }).ThrowIfFail();
        var points = alphas.Select(a => new SweepPoint(a, 0.5 - a, 0.4 - a * a, 1.0, [a, -a])).ToList();
        SweepReport.Log(tracker, "l1", "Lasso", ["x0", "x1"], points);
        tracker.SetSummary("best_test_score", points.Max(p => p.TestScore));
        tracker.SetSummary("score_name", "test_r2");
        return tracker.Finish();
    }

    [Fact]
    public void List_shows_each_run_and_compare_writes_the_report()
    {
        var dir = Path.Combine(temp, "runs");
        var store = RunStore.Open(dir).ThrowIfFail();
        var a = Path.GetFileName(Run(store, "fine", [0.01, 0.03, 0.1, 0.3], "aaaa11112222"));
        var b = Path.GetFileName(Run(store, "coarse", [0.01, 0.1], "bbbb33334444"));
        var list = CliTests.Run("runs", "list", "--store", dir);
        Assert.True(list.Code == 0, list.Err);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id ", lines[0], StringComparison.Ordinal);
        Assert.Contains("best test", lines[0], StringComparison.Ordinal);
        Assert.Matches($"^{a} +fine +\\S+ \\S+ +l1 +0.3999 aaaa11112222$", lines[1]);
        Assert.Matches($"^{b} +coarse .+ 0.3999 bbbb33334444$", lines[2]);
        Assert.Equal($"2 runs in {Path.GetFullPath(dir)}", lines[3]);

        var out_ = Path.Combine(temp, "cmp");
        var compare = CliTests.Run("runs", "compare", "fine", b[..^2], "--store", dir, "--out", out_);
        Assert.True(compare.Code == 0, compare.Err);
        Assert.Equal($"compared 2 runs\nreport: {Path.Combine(out_, "index.html")}", compare.Out.Trim().Replace("\r", ""));
        var summary = File.ReadAllText(Path.Combine(out_, "summary.json"));
        Assert.Contains("\"same_data\": false", summary, StringComparison.Ordinal);
        Assert.Contains("were made on different data (hashes aaaa11112222, bbbb33334444)", summary, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(out_, "best", "points.csv")).Length);
    }

    [Fact]
    public void The_tool_and_its_tests_run_without_reflection_based_json_as_the_aot_build_does()
    {
        // The tool's project and this test project set JsonSerializerIsReflectionEnabledByDefault=false: every command these
        // tests run (path and cv runs, runs list and compare) writes its JSON as the Native AOT tool does, where a
        // reflection-based call throws.
        Assert.False(System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault);
    }

    [Theory]
    [InlineData("no-store", "error: --store = {0}/missing is invalid: is not a folder; the sample writes its runs to runs/ (or give --store DIR)")]
    [InlineData("no-out", "error: --out = (missing) is invalid: names the folder the comparison report is written to; it is required")]
    [InlineData("unknown", "error: no run 'nope' in {0}/runs (penaltygen runs list shows them)")]
    public void Mistakes_are_one_error_line(string kind, string message)
    {
        var dir = Path.Combine(temp, "runs");
        RunStore.Open(dir).ThrowIfFail();
        string[] args = kind switch
        {
            "no-store" => ["runs", "list", "--store", Path.Combine(temp, "missing")],
            "no-out" => ["runs", "compare", "a", "b", "--store", dir],
            _ => ["runs", "compare", "nope", "other", "--store", dir, "--out", Path.Combine(temp, "x")],
        };
        var (code, stdout, stderr) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, temp), stderr.Trim());
    }
}

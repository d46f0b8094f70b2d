using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace PenaltyGen.Tracking.Tests;

/// <summary>The run store: what a run records, the index and its repair, finding runs, sweeps, and the comparison's content.</summary>
public sealed class RunStoreTests(StoreFixture store) : IClassFixture<StoreFixture>, IDisposable
{
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-runstore-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }

    private static readonly Dictionary<string, object> Config = new() { ["alpha"] = 0.1 };

    private RunStore Fresh() => RunStore.Open(temp).ThrowIfFail();

    private static string Finish(RunStore store, string name, double score)
    {
        using var tracker = store.Start(new RunInfo(name, ["t"], "abc123", "lasso"), name, Config).ThrowIfFail();
        tracker.SetSummary("best_test_score", score);
        tracker.SetSummary("score_name", "test_r2");
        return tracker.Finish();
    }

    [Fact]
    public void The_samples_runs_are_listed_with_their_name_model_score_data_hash_and_commit()
    {
        var runs = store.Store.List().ThrowIfFail();
        Assert.Equal(["diabetes", "diabetes-coarse", "diabetes-sweep"], runs.Select(r => r.Name));
        var main = runs[0];
        Assert.Equal(["article"], main.Tags);
        Assert.Equal("l1, l2, elasticnet", main.Model);
        Assert.Equal("test_r2", main.ScoreName);
        // Lasso's best test R² on the article's grid (DiabetesExperimentTests holds it to scikit-learn's).
        Assert.Equal(0.47187, main.BestScore!.Value, 4);
        Assert.Equal(12, main.DataHash!.Length);
        Assert.All(runs, r => Assert.Equal(main.DataHash, r.DataHash));
        // The tests run inside this repository's clone: the commit checked out is recorded.
        Assert.Matches("^[0-9a-f]{40}$", main.GitCommit!);
        Assert.Equal(RunStore.GitCommit(AppContext.BaseDirectory), main.GitCommit);
    }

    [Fact]
    public void A_run_killed_before_its_move_never_appears_and_a_damaged_index_is_rebuilt()
    {
        var s = Fresh();
        var first = Finish(s, "first", 0.5);
        // A run that never finished: its partial folder is ignored.
        var killed = s.Start(new RunInfo("killed", [], null), "killed", Config).ThrowIfFail();
        Assert.Single(s.List().ThrowIfFail());
        // A run moved into place whose index line was never written (killed between the move and the append).
        var second = Finish(s, "second", 0.6);
        var index = Path.Combine(temp, "index.jsonl");
        File.WriteAllLines(index, File.ReadAllLines(index).Take(1));
        Assert.Equal(["first", "second"], s.List().ThrowIfFail().Select(r => r.Name));
        Assert.Equal(2, File.ReadAllLines(index).Length);
        // A torn last line and a line of garbage: rebuilt from the folders.
        File.AppendAllText(index, "{\"id\": \"2026");
        Assert.Equal(["first", "second"], s.List().ThrowIfFail().Select(r => r.Name));
        File.WriteAllText(index, "not json\n");
        Assert.Equal([0.5, 0.6], s.List().ThrowIfFail().Select(r => r.BestScore!.Value));
        killed.Dispose();
        Assert.Equal([Path.GetFileName(first), Path.GetFileName(second)], Directory.GetDirectories(temp).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Runs_are_found_by_id_prefix_or_name_and_unknown_or_ambiguous_ones_are_errors()
    {
        var s = Fresh();
        var a = Path.GetFileName(Finish(s, "same", 0.1));
        var b = Path.GetFileName(Finish(s, "same", 0.2));
        Assert.Equal(a, s.Find(a).ThrowIfFail().Id);
        Assert.Equal(b, s.Find("same").ThrowIfFail().Id);
        Assert.Equal(b, s.Find(b[..^2]).ThrowIfFail().Id);
        Assert.StartsWith("run '2026' is ambiguous: ", s.Find(a[..4]).Match(_ => "", e => e.Message));
        Assert.Equal($"no run 'nope' in {temp} (penaltygen runs list shows them)", s.Find("nope").Match(_ => "", e => e.Message));
    }

    [Theory]
    [InlineData("Sepal.Length..cm.", "sepal-length-cm")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("日本", "run")]
    [InlineData("a\0b", "a-b")]
    public void Hostile_names_become_safe_folder_names(string name, string slug) => Assert.Equal(slug, RunStore.Slug(name));

    [Fact]
    public void Grids_and_seeded_random_searches_give_their_points()
    {
        var grid = Sweeps.Grid(new GridParameter("rho", [0, 1]), new GridParameter("alpha", [0.1, 1, 10]));
        Assert.Equal([(0.0, 0.1), (0, 1), (0, 10), (1, 0.1), (1, 1), (1, 10)], grid.Select(p => (p["rho"], p["alpha"])));
        var random = Sweeps.Random(50, 7, new RandomParameter("alpha", 1e-4, 1, Log: true), new RandomParameter("rho", 0, 1));
        Assert.Equal(random.Select(p => p["alpha"]), Sweeps.Random(50, 7, new RandomParameter("alpha", 1e-4, 1, Log: true), new RandomParameter("rho", 0, 1)).Select(p => p["alpha"]));
        Assert.All(random, p => Assert.InRange(p["alpha"], 1e-4, 1));
        Assert.True(random.Count(p => p["alpha"] < 1e-2) >= 20, "log-uniform: half the points below 1e-2");
    }

    [Fact]
    public void The_sweep_run_holds_every_point_its_best_and_the_plane()
    {
        var points = File.ReadAllLines(Path.Combine(store.Sweep, "sweep", "points.csv"));
        Assert.Equal("point,l1_ratio,alpha,cv_mse,test_r2,nonzero", points[0]);
        Assert.Equal(1 + 70, points.Length);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(store.Sweep, "summary.json"))).RootElement;
        var best = points[1..].Select(l => l.Split(',').Select(double.Parse).ToArray()).MinBy(r => r[3])!;
        Assert.Equal(best[3], summary.GetProperty("sweep/best_cv_mse").GetDouble());
        Assert.Equal(best[2], summary.GetProperty("sweep/best_alpha").GetDouble());
        Assert.True(File.Exists(Path.Combine(store.Sweep, "sweep", "cv_mse.png")));
        Assert.Equal(70, File.ReadAllLines(Path.Combine(store.Sweep, "history.jsonl")).Length);
    }

    [Fact]
    public void The_comparison_diffs_the_configs_and_sets_the_best_points_side_by_side()
    {
        var diff = File.ReadAllLines(Path.Combine(store.Comparison, "config", "diff.csv"));
        Assert.StartsWith("key,differs,", diff[0]);
        Assert.Contains("alphas,yes,\"logspace(-4, 0, 30)\",\"logspace(-4, 0, 12)\"", diff);
        Assert.Contains(diff, l => l.StartsWith("random_state,no,42,42", StringComparison.Ordinal));
        var best = File.ReadAllLines(Path.Combine(store.Comparison, "best", "points.csv"));
        Assert.Equal("run,model,alpha,score,value,train_score,nonzero", best[0]);
        Assert.Equal(1 + 6, best.Length);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(store.Comparison, "summary.json"))).RootElement;
        Assert.True(summary.GetProperty("same_data").GetBoolean());
        Assert.Equal(1, summary.GetProperty("config_keys_differing").GetInt32());
        foreach (var chart in new[] { "curves/test_r2", "curves/train_r2", "coefficients/l1", "coefficients/l2", "coefficients/elasticnet" })
            Assert.True(File.Exists(Path.Combine(store.Comparison, chart + ".svg")), chart);
    }

    [Fact]
    public void A_comparison_needs_two_different_runs()
    {
        var runs = store.Store.List().ThrowIfFail();
        Assert.Equal("a comparison needs two runs or more; 1 given", RunComparison.Write([runs[0]], Path.Combine(temp, "c")).Match(_ => "", e => e.Message));
        Assert.Equal("a run is named twice; compare different runs", RunComparison.Write([runs[0], runs[0]], Path.Combine(temp, "c")).Match(_ => "", e => e.Message));
    }
}

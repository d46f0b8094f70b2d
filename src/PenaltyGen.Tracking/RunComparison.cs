using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;

namespace PenaltyGen.Tracking;

/// <summary>
/// A comparison of finished runs (W&amp;B's run comparison, offline), written as a run folder of its own with the same report:
/// the runs side by side (name, time, model, data hash, commit), a warning when their data differ, the diff of their configs
/// (every key, a column per run, whether it differs), each run's best point per model, the score curves of every run and model
/// overlaid against α, and each model's coefficient paths overlaid across runs. The curves come from each run's
/// <c>{model}/metrics.csv</c> (<see cref="SweepReport"/>: alpha, train and test score, intercept, coefficients).
/// </summary>
public static class RunComparison
{
    /// <summary>The most coefficient paths a model's overlay draws per run: the largest at each run's smallest α.</summary>
    private const int MaxPaths = 10;

    private sealed record Metrics(string Model, string[] Columns, double[][] Rows)
    {
        public int Column(string name) => Array.IndexOf(Columns, name);
    }

    private sealed record Loaded(RunRecord Run, Dictionary<string, string> Config, List<Metrics> Tables, string Label);

    /// <summary>Writes the comparison of <paramref name="runs"/> (two or more) to <paramref name="outFolder"/>; returns the folder.</summary>
    public static Fin<string> Write(IReadOnlyList<RunRecord> runs, string outFolder)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count < 2) return Error.New($"a comparison needs two runs or more; {runs.Count} given");
        if (runs.Select(r => r.Id).Distinct().Count() != runs.Count) return Error.New("a run is named twice; compare different runs");
        return runs.Select(Load).Sequence().Bind(loaded =>
        {
            var list = loaded.ToList();
            var config = new Dictionary<string, object> { ["compared_runs"] = list.Select(l => l.Run.Id).ToArray() };
            return LocalRunTracker.Init(outFolder, $"Comparison of {list.Count} runs", config).Map(tracker =>
            {
                using (tracker)
                {
                    Overview(tracker, list);
                    ConfigDiff(tracker, list);
                    Curves(tracker, list);
                    return tracker.Finish();
                }
            });
        });
    }

    private static Fin<Loaded> Load(RunRecord run)
    {
        try
        {
            var config = new Dictionary<string, string>(StringComparer.Ordinal);
            var path = Path.Combine(run.Folder, "config.json");
            if (File.Exists(path))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                foreach (var p in doc.RootElement.EnumerateObject()) config[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
            var tables = Directory.GetDirectories(run.Folder).Select(d => Path.Combine(d, "metrics.csv")).Where(File.Exists).Order(StringComparer.Ordinal)
                .Select(ReadMetrics).ToList();
            return new Loaded(run, config, tables, $"{run.Name} {run.Id[..Math.Min(15, run.Id.Length)]}");
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException)
        {
            return Error.New($"{run.Folder}: cannot read the run: {e.Message}");
        }
    }

    private static Metrics ReadMetrics(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var rows = lines[1..].Select(l => l.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return new Metrics(Path.GetFileName(Path.GetDirectoryName(path)!), Header(lines[0]), rows);
    }

    /// <summary>A metrics table's header as the tracker wrote it: names holding ',' or '"' are quoted, '"' doubled.</summary>
    private static string[] Header(string line)
    {
        var names = new List<string>();
        var name = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { name.Append('"'); i++; }
            else if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { names.Add(name.ToString()); name.Clear(); }
            else name.Append(ch);
        }
        names.Add(name.ToString());
        return [.. names];
    }

    private static void Overview(IExperimentTracker tracker, List<Loaded> runs)
    {
        tracker.LogTable("runs/overview", new Table(["run", "name", "created", "model", "data_hash", "git_commit", "best_test_score", "score"],
            runs.Select(l => (IReadOnlyList<object>)[l.Run.Id, l.Run.Name, l.Run.Created.ToString("u", CultureInfo.InvariantCulture), l.Run.Model ?? "",
                l.Run.DataHash ?? "", l.Run.GitCommit ?? "", l.Run.BestScore ?? double.NaN, l.Run.ScoreName ?? ""]).ToList()));
        var hashes = runs.Select(l => l.Run.DataHash ?? "(none)").Distinct().ToList();
        tracker.SetSummary("same_data", hashes.Count == 1);
        if (hashes.Count > 1) tracker.SetSummary("warning", $"the runs were made on different data (hashes {string.Join(", ", hashes)}): their scores are not comparable as like for like");
        var best = new List<IReadOnlyList<object>>();
        foreach (var l in runs)
        {
            foreach (var m in l.Tables)
            {
                var test = Array.FindIndex(m.Columns, c => c.StartsWith("test_", StringComparison.Ordinal));
                var train = Array.FindIndex(m.Columns, c => c.StartsWith("train_", StringComparison.Ordinal));
                var score = test >= 0 ? test : train;
                if (score < 0 || m.Rows.Length == 0) continue;
                var row = m.Rows.MaxBy(r => double.IsFinite(r[score]) ? r[score] : double.NegativeInfinity)!;
                var features = m.Column("intercept") + 1;
                best.Add([l.Run.Id, m.Model, row[m.Column("alpha")], m.Columns[score], row[score], train >= 0 ? row[train] : double.NaN,
                    row[features..].Count(c => c != 0)]);
            }
        }
        tracker.LogTable("best/points", new Table(["run", "model", "alpha", "score", "value", "train_score", "nonzero"], best));
    }

    private static void ConfigDiff(IExperimentTracker tracker, List<Loaded> runs)
    {
        var keys = runs.SelectMany(l => l.Config.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = keys.Select(k =>
        {
            var values = runs.Select(l => l.Config.TryGetValue(k, out var v) ? v : "(absent)").ToList();
            return (IReadOnlyList<object>)[k, values.Distinct().Count() > 1 ? "yes" : "no", .. values];
        }).ToList();
        tracker.LogTable("config/diff", new Table(["key", "differs", .. runs.Select(l => l.Run.Id)], rows));
        tracker.SetSummary("config_keys_differing", rows.Count(r => (string)r[1] == "yes"));
    }

    private static void Curves(IExperimentTracker tracker, List<Loaded> runs)
    {
        foreach (var prefix in new[] { "test_", "train_" })
        {
            var series = runs.SelectMany(l => l.Tables.Select(m => (l, m, c: Array.FindIndex(m.Columns, c => c.StartsWith(prefix, StringComparison.Ordinal)))))
                .Where(t => t.c >= 0)
                .Select(t => new Series($"{t.l.Label}: {t.m.Model}", Column(t.m, "alpha"), t.m.Rows.Select(r => r[t.c]).ToArray())).ToList();
            if (series.Count == 0) continue;
            var score = prefix + runs.SelectMany(l => l.Tables).Select(m => m.Columns.First(c => c.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..]).First();
            tracker.LogLineChart($"curves/{score}", new LineChart($"{score} against alpha, every run and model", "alpha (log scale)", score, series, LogX: true));
        }
        foreach (var model in runs.SelectMany(l => l.Tables.Select(m => m.Model)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var series = new List<Series>();
            foreach (var l in runs)
            {
                if (l.Tables.FirstOrDefault(m => m.Model == model) is not { } m || m.Rows.Length == 0) continue;
                var first = m.Column("intercept") + 1;
                var smallest = m.Rows.MinBy(r => r[m.Column("alpha")])!;
                var largest = Enumerable.Range(first, m.Columns.Length - first).OrderByDescending(j => Math.Abs(smallest[j])).Take(MaxPaths);
                series.AddRange(largest.Select(j => new Series($"{l.Label}: {m.Columns[j]}", Column(m, "alpha"), m.Rows.Select(r => r[j]).ToArray())));
            }
            tracker.LogLineChart($"coefficients/{model}", new LineChart($"{model}: coefficient paths of every run", "alpha (log scale)", "coefficient", series, LogX: true));
        }
    }

    private static double[] Column(Metrics m, string name)
    {
        var j = m.Column(name);
        return m.Rows.Select(r => r[j]).ToArray();
    }
}

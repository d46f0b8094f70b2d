using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using DiabetesRegularization;
using LanguageExt;
using PenaltyGen.Tracking;
using Spectre.Console;

// The README's main job: the seed article's Diabetes sweep, tracked as a run of a run store (runs/ by default).
const string Usage = """
    usage: DiabetesRegularization [--store DIR | --out DIR] [--name NAME] [--tag TAG]... [--alphas N] [--sweep [grid|random]] [--points N]
      Sweeps N alphas (logspace(-4, 0, N); the article's 30 by default) of Lasso, Ridge and ElasticNet(0.5) on the Diabetes
      data and writes metrics, charts and an interactive index.html as a run of the store DIR (default runs/; list and
      compare its runs with `penaltygen runs list|compare`), or into the folder --out DIR.
      --sweep: the elastic net over alpha × l1_ratio instead, each point scored by 5-fold CV — a grid (N alphas × 7 ratios)
      or a random search of --points points (default 60); the report shows the CV error over the plane.
    """;
string? store = null, outFolder = null, name = null, sweep = null;
var (tags, alphaCount, points) = (new List<string>(), 30, 60);
for (var i = 0; i < args.Length; i++)
{
    string? Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
    switch (args[i])
    {
        case "--store": store = Value(); if (store is null) return Fail("--store needs a folder"); break;
        case "--out": outFolder = Value(); if (outFolder is null) return Fail("--out needs a folder"); break;
        case "--name": name = Value(); if (name is null) return Fail("--name needs a name"); break;
        case "--tag": if (Value() is { } tag) tags.Add(tag); else return Fail("--tag needs a tag"); break;
        case "--alphas" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 1000: alphaCount = n; break;
        case "--alphas": return Fail("--alphas needs a whole number of alphas from 2 to 1000");
        case "--points" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10000: points = n; break;
        case "--points": return Fail("--points needs a whole number of points from 1 to 10000");
        case "--sweep": sweep = Value() ?? "grid"; if (sweep is not ("grid" or "random")) return Fail($"--sweep {sweep}: expected grid or random"); break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default: return Fail($"unknown argument '{args[i]}' (try --help)");
    }
}
if (store is not null && outFolder is not null) return Fail("--store and --out name two places for the run; give one");
if (sweep is not null && outFolder is not null) return Fail("--sweep writes a run of a store; use --store, not --out");

var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
try
{
    if (sweep is not null)
    {
        var swept = RunStore.Open(store ?? "runs").Bind(s => SweepExperiment.Run(s, name ?? "diabetes-sweep", tags, alphaCount, sweep == "random" ? points : 0,
            (done, all) => { if (!interactive && done == all) Console.WriteLine($"sweep: {done}/{all} points scored"); }));
        return swept.Match(ok =>
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"least CV mean squared error {ok.Metrics["cv_mse"]:F1} at alpha {ok.Best["alpha"]:G4}, l1_ratio {ok.Best["l1_ratio"]:G3} (test R² {ok.Metrics["test_r2"]:F4})"));
            return Report(ok.RunFolder);
        }, Failed);
    }
    var total = DiabetesExperiment.Alphas(alphaCount).Length;
    Fin<(string RunFolder, System.Collections.Immutable.ImmutableArray<ModelSummary> Summaries)> Run(Action<string, int> progress) => outFolder is not null
        ? DiabetesExperiment.Run(outFolder, progress, alphaCount)
        : RunStore.Open(store ?? "runs").Bind(s => DiabetesExperiment.Run(s, name ?? "diabetes", tags, progress, alphaCount));
    var result = interactive
        ? AnsiConsole.Progress().Start(context =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            foreach (var m in DiabetesExperiment.Models) tasks[m.Key] = context.AddTask(m.Title, maxValue: total);
            return Run((key, done) => tasks[key].Value = done);
        })
        : Run((key, done) =>
        {
            if (done == total) Console.WriteLine($"{key}: {done}/{total} alphas fitted");
        });
    return result.Match(ok =>
    {
        var (folder, summaries) = ok;
        Console.WriteLine();
        Console.WriteLine($"{"model",-28} {"best test R²",12} {"at alpha",10} {"train R²",9} {"non-zero",9}");
        foreach (var s in summaries)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Title,-28} {s.BestTestR2,12:F4} {s.BestAlpha,10:G4} {s.TrainR2AtBest,9:F4} {s.NonZeroAtBest,6} / 10{(s.NotConverged > 0 ? $"  ({s.NotConverged} fits did not converge)" : "")}"));
        Console.WriteLine();
        return Report(folder);
    }, Failed);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    // The disk, not the user: its own exit code (the CLI's convention).
    Console.Error.WriteLine($"error: cannot write the run: {e.Message}");
    return 3;
}

static int Report(string folder)
{
    Console.WriteLine($"run folder: {folder}");
    Console.WriteLine($"report:     {Path.Combine(folder, "index.html")}");
    return 0;
}

// An error value: the machine's (a folder that cannot be created) exits 3 as an exception from the disk does; the input's 2.
static int Failed(LanguageExt.Common.Error e)
{
    Console.Error.WriteLine($"error: {(e.Code == LocalRunTracker.EnvironmentErrorCode ? "cannot write the run: " : "")}{e.Message}");
    return e.Code == LocalRunTracker.EnvironmentErrorCode ? 3 : 2;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 2;
}

using System;
using System.Globalization;
using System.IO;
using DiabetesRegularization;
using Spectre.Console;

// The README's main job: the seed article's Diabetes sweep, tracked into a run folder.
string? outFolder = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length:
            outFolder = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: DiabetesRegularization [--out DIR]");
            Console.WriteLine("  Sweeps 30 alphas (logspace(-4, 0, 30)) of Lasso, Ridge and ElasticNet(0.5) on the Diabetes data");
            Console.WriteLine("  and writes metrics, charts and index.html to DIR (default: runs/diabetes-<timestamp>).");
            return 0;
        default:
            Console.Error.WriteLine($"error: unknown argument '{args[i]}' (try --help)");
            return 2;
    }
}
outFolder ??= Path.Combine("runs", "diabetes-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

var total = DiabetesExperiment.Alphas().Length;
var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
var result = interactive
    ? AnsiConsole.Progress().Start(context =>
    {
        var tasks = new System.Collections.Generic.Dictionary<string, ProgressTask>();
        foreach (var m in DiabetesExperiment.Models) tasks[m.Key] = context.AddTask(m.Title, maxValue: total);
        return DiabetesExperiment.Run(outFolder, (key, done) => tasks[key].Value = done);
    })
    : DiabetesExperiment.Run(outFolder, (key, done) =>
    {
        if (done == total) Console.WriteLine($"{key}: {done}/{total} alphas fitted");
    });

return result.Match(
    ok =>
    {
        var (folder, summaries) = ok;
        Console.WriteLine();
        Console.WriteLine($"{"model",-28} {"best test R²",12} {"at alpha",10} {"train R²",9} {"non-zero",9}");
        foreach (var s in summaries)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Title,-28} {s.BestTestR2,12:F4} {s.BestAlpha,10:G4} {s.TrainR2AtBest,9:F4} {s.NonZeroAtBest,6} / 10{(s.NotConverged > 0 ? $"  ({s.NotConverged} fits did not converge)" : "")}"));
        Console.WriteLine();
        Console.WriteLine($"run folder: {folder}");
        Console.WriteLine($"report:     {Path.Combine(folder, "index.html")}");
        return 0;
    },
    error =>
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 2;
    });

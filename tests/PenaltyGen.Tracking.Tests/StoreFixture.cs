using System;
using System.IO;
using System.Linq;
using DiabetesRegularization;

namespace PenaltyGen.Tracking.Tests;

/// <summary>
/// A run store made once, in process, the way the README does it: the Diabetes sweep on the article's grid, again on a
/// coarser grid, the (α, ρ) grid sweep, and the comparison report of the first two.
/// </summary>
public sealed class StoreFixture : IDisposable
{
    public StoreFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "penaltygen-store-" + Guid.NewGuid().ToString("N"));
        Store = RunStore.Open(Path.Combine(Root, "runs")).ThrowIfFail();
        Main = DiabetesExperiment.Run(Store, "diabetes", ["article"]).ThrowIfFail().RunFolder;
        Coarse = DiabetesExperiment.Run(Store, "diabetes-coarse", [], alphaCount: 12).ThrowIfFail().RunFolder;
        Sweep = SweepExperiment.Run(Store, "diabetes-sweep", [], alphaCount: 10).ThrowIfFail().RunFolder;
        var runs = Store.List().ThrowIfFail();
        Comparison = RunComparison.Write([.. runs.Where(r => r.Folder == Main || r.Folder == Coarse)], Path.Combine(Root, "compare")).ThrowIfFail();
        // The command line's reports: a path and a cross-validation of the same data.
        var csv = Path.Combine(AppContext.BaseDirectory, "reference", "diabetes.csv");
        CliPath = Path.Combine(Root, "cli-path");
        CliCv = Path.Combine(Root, "cli-cv");
        Cli("path", "--data", csv, "--target", "target", "--model", "lasso", "--alphas", "20", "--out", CliPath);
        Cli("cv", "--data", csv, "--target", "target", "--model", "elasticnet", "--l1-ratios", "0.5,1", "--alphas", "20", "--out", CliCv);
    }

    private static void Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        if (PenaltyGen.Cli.CommandLine.Run(args, stdout, stderr) != 0) throw new InvalidOperationException($"penaltygen {args[0]}: {stderr}");
    }

    public string CliPath { get; }

    public string CliCv { get; }

    public string Root { get; }

    public RunStore Store { get; }

    public string Main { get; }

    public string Coarse { get; }

    public string Sweep { get; }

    public string Comparison { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

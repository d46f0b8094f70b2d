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
    }

    public string Root { get; }

    public RunStore Store { get; }

    public string Main { get; }

    public string Coarse { get; }

    public string Sweep { get; }

    public string Comparison { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

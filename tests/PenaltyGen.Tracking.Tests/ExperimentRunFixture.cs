using System;
using System.IO;
using DiabetesRegularization;

namespace PenaltyGen.Tracking.Tests;

/// <summary>Runs the Diabetes experiment once, in process, into a temporary folder the tests read back.</summary>
public sealed class ExperimentRunFixture : IDisposable
{
    public ExperimentRunFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "penaltygen-tests-" + Guid.NewGuid().ToString("N"));
        var (folder, summaries) = DiabetesExperiment.Run(Path.Combine(Root, "run")).ThrowIfFail();
        Folder = folder;
        Summaries = summaries;
    }

    public string Root { get; }

    public string Folder { get; }

    public System.Collections.Immutable.ImmutableArray<ModelSummary> Summaries { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

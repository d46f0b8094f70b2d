using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace PenaltyGen.Tracking.Tests;

public sealed class LocalRunTrackerTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "penaltygen-tracker-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void A_run_that_is_not_finished_leaves_nothing()
    {
        var folder = Path.Combine(root, "run");
        using (var tracker = LocalRunTracker.Init(folder, "t", new Dictionary<string, object> { ["a"] = 1 }).ThrowIfFail())
        {
            tracker.Log(new Dictionary<string, double> { ["x"] = 1 });
            tracker.LogTable("t/metrics", new Table(["a"], [[1.0]]));
        }
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void An_existing_folder_is_an_error_and_is_not_touched()
    {
        var folder = Path.Combine(root, "run");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "mine");
        var message = LocalRunTracker.Init(folder, "t", new Dictionary<string, object>()).Match(_ => "", e => e.Message);
        Assert.Equal($"{folder}: the output folder already exists; choose another --out or remove it", message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "keep.txt")));
    }

    [Fact]
    public void Tables_are_csv_with_round_trip_numbers_and_quoted_text()
    {
        var folder = Path.Combine(root, "run");
        using var tracker = LocalRunTracker.Init(folder, "t", new Dictionary<string, object>()).ThrowIfFail();
        tracker.LogTable("tables/x", new Table(["name", "value"], [["a,b", 0.1 + 0.2], ["plain", 1e-300]]));
        tracker.Finish();
        Assert.Equal("name,value\n\"a,b\",0.30000000000000004\nplain,1E-300\n", File.ReadAllText(Path.Combine(folder, "tables", "x.csv")));
    }

    [Fact]
    public void Keys_cannot_escape_the_run_folder()
    {
        using var tracker = LocalRunTracker.Init(Path.Combine(root, "run"), "t", new Dictionary<string, object>()).ThrowIfFail();
        var e = Assert.Throws<ArgumentException>(() => tracker.LogTable("../outside", new Table(["a"], [])));
        Assert.StartsWith("'../outside' is not a valid key", e.Message, StringComparison.Ordinal);
    }
}

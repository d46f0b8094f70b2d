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
    public void Config_and_summary_values_of_every_kind_are_written_as_json()
    {
        var folder = Path.Combine(root, "run");
        var config = new Dictionary<string, object>
        {
            ["text"] = "a\"b<",
            ["count"] = 3,
            ["big"] = ulong.MaxValue,
            ["ratio"] = 0.1 + 0.2,
            ["names"] = new[] { "x", "y" },
            ["nested"] = new SortedDictionary<string, object> { ["k"] = new List<double> { 1.5, double.NaN } },
            ["kind"] = DayOfWeek.Monday,
            ["flag"] = true,
        };
        using (var tracker = LocalRunTracker.Init(folder, "t", config).ThrowIfFail())
        {
            tracker.SetSummary("score", double.NegativeInfinity);
            tracker.SetSummary("when", new DateTimeOffset(2026, 11, 30, 1, 2, 3, TimeSpan.Zero));
            tracker.Log(new Dictionary<string, double> { ["loss"] = double.PositiveInfinity });
            tracker.Finish();
        }
        Assert.Equal("""
            {
              "text": "a\u0022b\u003C",
              "count": 3,
              "big": 18446744073709551615,
              "ratio": 0.30000000000000004,
              "names": [
                "x",
                "y"
              ],
              "nested": {
                "k": [
                  1.5,
                  "NaN"
                ]
              },
              "kind": "Monday",
              "flag": true
            }
            """, File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.Equal("""
            {
              "score": "-Infinity",
              "when": "2026-11-30T01:02:03+00:00"
            }
            """, File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal("{\"_step\":0,\"loss\":\"Infinity\"}\n", File.ReadAllText(Path.Combine(folder, "history.jsonl")));
    }

    [Fact]
    public void A_value_that_cannot_be_json_is_an_error_that_names_it_and_writes_nothing()
    {
        var folder = Path.Combine(root, "run");
        var config = new Dictionary<string, object> { ["ok"] = 1, ["shape"] = new[] { (object)1, new Uri("http://x") } };
        var message = LocalRunTracker.Init(folder, "t", config).Match(_ => "", e => e.Message);
        Assert.Equal("config value \"shape\" [1] has type Uri; a tracked value is a number, string, boolean, date, enum, list or string-keyed map of them", message);
        Assert.False(Directory.Exists(root) && Directory.GetFileSystemEntries(root).Length > 0);

        using var tracker = LocalRunTracker.Init(folder, "t", new Dictionary<string, object>()).ThrowIfFail();
        var e = Assert.Throws<ArgumentException>(() => tracker.SetSummary("map", new Dictionary<int, double> { [1] = 2 }));
        Assert.Equal("summary value \"map\" is a map with a key of type Int32; a map's keys must be strings (Parameter 'value')", e.Message);
    }

    [Fact]
    public void Keys_cannot_escape_the_run_folder()
    {
        using var tracker = LocalRunTracker.Init(Path.Combine(root, "run"), "t", new Dictionary<string, object>()).ThrowIfFail();
        var e = Assert.Throws<ArgumentException>(() => tracker.LogTable("../outside", new Table(["a"], [])));
        Assert.StartsWith("'../outside' is not a valid key", e.Message, StringComparison.Ordinal);
    }
}

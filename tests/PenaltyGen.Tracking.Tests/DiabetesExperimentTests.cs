using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace PenaltyGen.Tracking.Tests;

/// <summary>The run folder of the main job, parsed back and checked against scikit-learn (tests/reference/sweep.json).</summary>
public class DiabetesExperimentTests(ExperimentRunFixture run) : IClassFixture<ExperimentRunFixture>
{
    private static readonly JsonElement Sweep = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "sweep.json"))).RootElement;

    private const string Header = "alpha,train_r2,test_r2,intercept,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6";

    private static readonly string[] Features = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

    private double[][] Metrics(string model)
    {
        var lines = File.ReadAllLines(Path.Combine(run.Folder, model, "metrics.csv"));
        Assert.Equal(Header, lines[0]);
        return lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    [Theory]
    [InlineData("l1", 1e-2)]
    [InlineData("elasticnet", 1e-2)]
    [InlineData("l2", 1e-9)]
    public void Metrics_match_scikit_learn(string model, double coefficientTolerance)
    {
        var rows = Metrics(model);
        var expected = Sweep.GetProperty("models").GetProperty(model).EnumerateArray().ToArray();
        Assert.Equal(30, rows.Length);
        for (var i = 0; i < 30; i++)
        {
            var e = expected[i];
            Assert.Equal(e.GetProperty("alpha").GetDouble(), rows[i][0], e.GetProperty("alpha").GetDouble() * 1e-15);
            if (i > 0) Assert.True(rows[i][0] > rows[i - 1][0], "alphas ascend");
            var r2Tolerance = model == "l2" ? 1e-9 : 1e-4;
            Assert.Equal(e.GetProperty("train_r2").GetDouble(), rows[i][1], r2Tolerance);
            Assert.Equal(e.GetProperty("test_r2").GetDouble(), rows[i][2], r2Tolerance);
            var coef = e.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var scale = coef.Max(Math.Abs);
            for (var j = 0; j < 10; j++)
                Assert.True(Math.Abs(coef[j] - rows[i][4 + j]) <= coefficientTolerance * scale,
                    $"{model} α={rows[i][0]:G4} {Features[j]}: {rows[i][4 + j]:R} vs scikit-learn {coef[j]:R}");
            Assert.Equal(e.GetProperty("intercept").GetDouble(), rows[i][3], Math.Abs(e.GetProperty("intercept").GetDouble()) * coefficientTolerance);
        }
    }

    [Fact]
    public void Every_model_has_its_charts_as_png_and_svg()
    {
        foreach (var model in new[] { "l1", "l2", "elasticnet" })
        {
            foreach (var chart in new[] { "r2", "coefficients" }.Concat(Features.Select(f => "coef_" + f)))
            {
                var png = File.ReadAllBytes(Path.Combine(run.Folder, model, chart + ".png"));
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
                var svg = File.ReadAllText(Path.Combine(run.Folder, model, chart + ".svg"));
                Assert.Contains("<svg", svg, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_report_shows_every_chart_and_table()
    {
        var html = File.ReadAllText(Path.Combine(run.Folder, "index.html"));
        foreach (var model in new[] { "l1", "l2", "elasticnet" })
        {
            Assert.Contains($"<a href=\"{model}/r2.png\">PNG</a> <a href=\"{model}/r2.svg\">SVG</a>", html, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{model}/coefficients.png\">", html, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{model}/coef_bmi.png\">", html, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{model}/metrics.csv\">", html, StringComparison.Ordinal);
        }
        // Every chart drawn in the page from its inline data (no image is loaded), each table sortable and filterable.
        Assert.Equal(3 * 12, html.Split("class=\"pg-chart\"").Length - 1);
        Assert.Equal(4, html.Split("class=\"pg-table\"").Length - 1);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void History_config_and_summary_are_json_the_tracker_wrote()
    {
        var history = File.ReadAllLines(Path.Combine(run.Folder, "history.jsonl"));
        Assert.Equal(90, history.Length);
        var first = JsonDocument.Parse(history[0]).RootElement;
        Assert.Equal(0, first.GetProperty("_step").GetInt32());
        Assert.Equal(1e-4, first.GetProperty("l1/alpha").GetDouble());
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, "config.json"))).RootElement;
        Assert.Equal(42, config.GetProperty("random_state").GetInt32());
        Assert.Equal(353, config.GetProperty("train_rows").GetInt32());
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, "summary.json"))).RootElement;
        var l1 = Sweep.GetProperty("models").GetProperty("l1").EnumerateArray().MaxBy(r => r.GetProperty("test_r2").GetDouble());
        Assert.Equal(l1.GetProperty("alpha").GetDouble(), summary.GetProperty("l1/best_alpha").GetDouble());
        Assert.Equal(l1.GetProperty("test_r2").GetDouble(), summary.GetProperty("l1/best_test_r2").GetDouble(), 1e-4);
        Assert.Equal(l1.GetProperty("coef").EnumerateArray().Count(c => c.GetDouble() != 0), summary.GetProperty("l1/nonzero_at_best").GetInt32());
        Assert.True(File.Exists(Path.Combine(run.Folder, "tables", "summary.csv")));
    }

    [Fact]
    public void No_partial_files_are_left_behind()
    {
        Assert.Empty(Directory.GetFiles(run.Folder, "*.tmp*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(run.Root, "*.partial-*"));
    }
}

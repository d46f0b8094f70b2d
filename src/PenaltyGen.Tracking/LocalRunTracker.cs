using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace PenaltyGen.Tracking;

/// <summary>
/// A tracker with no server: a run folder holding config.json, history.jsonl (one line per step),
/// summary.json, the tables as CSV, the charts as PNG and SVG, and index.html that shows them all.
/// The folder is built aside (<c>DIR.partial-…</c>) and moved into place by <see cref="Finish"/>, so a
/// crash or an error leaves no half-written run; <see cref="Dispose"/> without Finish removes the partial folder, and so
/// do SIGTERM and Ctrl-C, and the next run in the same parent folder once the owner is gone (<see cref="PartialFolders"/>).
/// </summary>
public sealed class LocalRunTracker : IExperimentTracker
{
    /// <summary>
    /// The code of an error the machine caused, not the caller (a folder that cannot be created: permissions, a full disk) —
    /// the same value as PenaltyGen's <c>ErrorCodes.Environment</c>, so that one check tells them from bad input.
    /// </summary>
    public const int EnvironmentErrorCode = 1003;

    private readonly string stage;
    private readonly string target;
    private readonly string name;
    private readonly IReadOnlyDictionary<string, object> config;
    private readonly StringBuilder history = new();
    private readonly List<(string Key, Table Table)> tables = [];
    private readonly List<(string Key, LineChart Chart)> charts = [];
    private readonly List<(string Key, Heatmap Heatmap)> heatmaps = [];
    private readonly SortedDictionary<string, object> summary = new(StringComparer.Ordinal);
    private readonly Action<string>? finishedAt;
    private int step;
    private bool finished;

    private LocalRunTracker(string target, string name, IReadOnlyDictionary<string, object> config, string? meta, Action<string>? finishedAt)
    {
        this.target = target;
        this.name = name;
        this.config = config;
        this.finishedAt = finishedAt;
        stage = PartialFolders.Create(target);
        AtomicFile.WriteAllText(Path.Combine(stage, "config.json"), JsonValues.Object(config, indented: true));
        if (meta is not null) AtomicFile.WriteAllText(Path.Combine(stage, "meta.json"), meta);
    }

    /// <summary>
    /// Whether a run could start in <paramref name="runFolder"/>: it must not exist yet (a command checks this before it
    /// computes anything, and Init again when it starts writing).
    /// </summary>
    public static Fin<Unit> CheckFree(string runFolder)
    {
        ArgumentNullException.ThrowIfNull(runFolder);
        var full = Target(runFolder);
        if (Directory.Exists(full) || File.Exists(full))
            return Error.New($"{runFolder}: the output folder already exists; choose another --out or remove it");
        if (Path.GetDirectoryName(full) is null)
            return Error.New($"{runFolder}: a run folder cannot be the root of the file system");
        return Prelude.unit;
    }

    /// <summary>The full path of a run folder, without a trailing separator ("runs/x/" is the folder runs/x).</summary>
    private static string Target(string runFolder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(runFolder));

    /// <summary>
    /// Starts a run that will live in <paramref name="runFolder"/> (W&amp;B's <c>init</c>). Fails, as a value,
    /// when the folder already exists or its parent cannot be written.
    /// </summary>
    public static Fin<LocalRunTracker> Init(string runFolder, string name, IReadOnlyDictionary<string, object> config) =>
        Init(runFolder, name, config, null, null);

    /// <summary>
    /// The same, with a run store's meta.json written first and <paramref name="finishedAt"/> told the folder once the run
    /// is in place (<see cref="RunStore.Start"/>).
    /// </summary>
    internal static Fin<LocalRunTracker> Init(string runFolder, string name, IReadOnlyDictionary<string, object> config, string? meta, Action<string>? finishedAt)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (key, value) in config)
            if (JsonValues.Problem(value) is { } problem) return Error.New($"config value \"{key}\" {problem}");
        return CheckFree(runFolder).Bind(_ =>
        {
            var full = Target(runFolder);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                PartialFolders.SweepStale(Path.GetDirectoryName(full)!);
                return Fin<LocalRunTracker>.Succ(new LocalRunTracker(full, name, config, meta, finishedAt));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Error.New(EnvironmentErrorCode, $"{runFolder}: cannot create the output folder: {e.Message}");
            }
        });
    }

    /// <inheritdoc />
    public void Log(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var line = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["_step"] = step++ };
        foreach (var (k, v) in metrics) line[k] = v;
        history.Append(JsonValues.Object(line, indented: false)).Append('\n');
    }

    /// <inheritdoc />
    public void LogTable(string key, Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.Append(string.Join(",", table.Columns.Select(Csv))).Append('\n');
        foreach (var row in table.Rows) csv.Append(string.Join(",", row.Select(Cell))).Append('\n');
        AtomicFile.WriteAllText(PathOf(key, ".csv"), csv.ToString());
        tables.Add((key, table));
    }

    /// <inheritdoc />
    public void LogLineChart(string key, LineChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        RenderFiles(key, (png, svg) => ChartRenderer.Render(chart, png, svg));
        charts.Add((key, chart));
    }

    /// <inheritdoc />
    public void LogHeatmap(string key, Heatmap heatmap)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        RenderFiles(key, (png, svg) => ChartRenderer.Render(heatmap, png, svg));
        heatmaps.Add((key, heatmap));
    }

    /// <summary>KEY.png and KEY.svg, each rendered to a temporary sibling and renamed into place (whole or not at all).</summary>
    private void RenderFiles(string key, Action<string, string> render)
    {
        var png = PathOf(key, ".png");
        var svg = PathOf(key, ".svg");
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        render(png + ".tmp.png", svg + ".tmp.svg");
        File.Move(png + ".tmp.png", png, overwrite: true);
        File.Move(svg + ".tmp.svg", svg, overwrite: true);
    }

    /// <inheritdoc />
    public void SetSummary(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (JsonValues.Problem(value) is { } problem) throw new ArgumentException($"summary value \"{key}\" {problem}", nameof(value));
        summary[key] = value;
    }

    /// <inheritdoc />
    public string Finish()
    {
        if (finished) throw new InvalidOperationException("the run is already finished");
        AtomicFile.WriteAllText(Path.Combine(stage, "history.jsonl"), history.ToString());
        AtomicFile.WriteAllText(Path.Combine(stage, "summary.json"), JsonValues.Object(summary, indented: true));
        AtomicFile.WriteAllText(Path.Combine(stage, "index.html"), Report.Html(name, config, summary, tables, charts, heatmaps));
        PartialFolders.Release(stage);
        try
        {
            Directory.Move(stage, target);
        }
        catch (IOException) when (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"{target}: another run took this output folder while this one ran; this run was not kept");
        }
        finished = true;
        finishedAt?.Invoke(target);
        return target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!finished) PartialFolders.Remove(stage);
    }

    private string PathOf(string key, string extension)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key))
            throw new ArgumentException($"'{key}' is not a valid key: use names like \"l1/metrics\"", nameof(key));
        return Path.Combine(stage, key.Replace('/', Path.DirectorySeparatorChar) + extension);
    }

    internal static string Cell(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Csv(value.ToString() ?? string.Empty),
    };

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}

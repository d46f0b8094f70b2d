using System;
using System.Collections.Generic;

namespace PenaltyGen.Tracking;

/// <summary>
/// What an experiment logs, after the calls the seed article made to Weights &amp; Biases: a run starts
/// with a config (<c>init</c>), logs a step's metrics (<c>log</c>), tables and line charts, sets summary
/// values, and finishes. <see cref="LocalRunTracker"/> is the one backend: a run folder on disk.
/// </summary>
public interface IExperimentTracker : IDisposable
{
    /// <summary>Appends one step of metrics to the history (one JSON line); steps count from 0.</summary>
    void Log(IReadOnlyDictionary<string, double> metrics);

    /// <summary>Records a table under <paramref name="key"/> ("l1/metrics" → l1/metrics.csv).</summary>
    void LogTable(string key, Table table);

    /// <summary>Renders a line chart under <paramref name="key"/> as PNG and SVG.</summary>
    void LogLineChart(string key, LineChart chart);

    /// <summary>Renders a heatmap (a value over a plane of two parameters, e.g. CV error over α × ρ) under <paramref name="key"/> as PNG and SVG.</summary>
    void LogHeatmap(string key, Heatmap heatmap);

    /// <summary>Sets a value of the run's summary (summary.json).</summary>
    void SetSummary(string key, object value);

    /// <summary>Writes the summary and the report, then moves the finished run folder into place.</summary>
    string Finish();
}

/// <summary>A table: column names and rows of cells (numbers or text).</summary>
public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object>> Rows);

/// <summary>One line of a chart.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A line chart; with <see cref="LogX"/> the x axis is logarithmic with decade ticks.</summary>
public sealed record LineChart(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series, bool LogX = false);

/// <summary>
/// Values over a plane: <see cref="Z"/>[r][c] at (X[c], Y[r]); with <see cref="LogX"/> the x values are spaced in log.
/// <see cref="Best"/> marks one cell (row, column), e.g. the least CV error.
/// </summary>
public sealed record Heatmap(string Title, string XLabel, string YLabel, string ZLabel, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<IReadOnlyList<double>> Z, bool LogX = false, (int Row, int Column)? Best = null);

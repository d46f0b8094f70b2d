using System;
using System.Collections.Generic;
using System.Linq;
using LanguageExt;

namespace PenaltyGen.Tracking;

/// <summary>A parameter of a grid sweep and its values.</summary>
public sealed record GridParameter(string Name, IReadOnlyList<double> Values);

/// <summary>A parameter of a random search: drawn uniformly between <see cref="Low"/> and <see cref="High"/>, in log when <see cref="Log"/>.</summary>
public sealed record RandomParameter(string Name, double Low, double High, bool Log = false);

/// <summary>A sweep's points (each a value per parameter) and, after <see cref="Sweeps.Run"/>, each point's metrics.</summary>
public sealed record SweepResult(IReadOnlyList<IReadOnlyDictionary<string, double>> Points, IReadOnlyList<IReadOnlyDictionary<string, double>> Metrics, int Best);

/// <summary>
/// Sweeps like W&amp;B's: a grid (every combination of the parameters' values, the last varying fastest) or a random search
/// (points drawn from ranges, reproducibly from a seed) over any numbers a model takes (α, ρ, γ, …), each point evaluated
/// by the caller and logged as one step of one run; <see cref="Run"/> writes the points' table and, for a grid over two
/// parameters, the objective over their plane as a heatmap.
/// </summary>
public static class Sweeps
{
    /// <summary>Every combination of the parameters' values.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Grid(params GridParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        IEnumerable<IReadOnlyDictionary<string, double>> points = [new Dictionary<string, double>()];
        foreach (var parameter in parameters)
        {
            points = points.SelectMany(p => parameter.Values.Select(v => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(p) { [parameter.Name] = v }));
        }
        return points.ToList();
    }

    /// <summary><paramref name="count"/> points drawn from the ranges (System.Random with <paramref name="seed"/>: the same points every time).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Random(int count, int seed, params RandomParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => (IReadOnlyDictionary<string, double>)parameters.ToDictionary(p => p.Name, p =>
        {
            var u = random.NextDouble();
            return p.Log ? Math.Pow(10, Math.Log10(p.Low) + u * (Math.Log10(p.High) - Math.Log10(p.Low))) : p.Low + u * (p.High - p.Low);
        })).ToList();
    }

    /// <summary>
    /// Evaluates every point (the first error stops the sweep), logs each as a step (its parameters and metrics), the table
    /// <c>{key}/points</c>, the best point (least, or with <paramref name="maximize"/> greatest, <paramref name="objective"/>)
    /// in the summary, and with <paramref name="plane"/> (x and y parameter names) the objective over their plane as the
    /// heatmap <c>{key}/{objective}</c> (x in log when <paramref name="logX"/>).
    /// </summary>
    public static Fin<SweepResult> Run(IExperimentTracker tracker, string key, IReadOnlyList<IReadOnlyDictionary<string, double>> points,
        Func<IReadOnlyDictionary<string, double>, Fin<IReadOnlyDictionary<string, double>>> evaluate, string objective, bool maximize = false,
        (string X, string Y)? plane = null, bool logX = true)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(evaluate);
        if (points.Count == 0) return LanguageExt.Common.Error.New("a sweep needs at least one point");
        var metrics = new List<IReadOnlyDictionary<string, double>>();
        foreach (var point in points)
        {
            var result = evaluate(point);
            if (result.IsFail) return result.Map(_ => (SweepResult)null!);
            var m = result.ThrowIfFail();
            if (!m.ContainsKey(objective)) return LanguageExt.Common.Error.New($"the sweep's evaluation gave no '{objective}' (it gave {string.Join(", ", m.Keys)})");
            metrics.Add(m);
            tracker.Log(point.Concat(m).ToDictionary(p => $"{key}/{p.Key}", p => p.Value));
        }
        var order = Enumerable.Range(0, points.Count).Where(i => double.IsFinite(metrics[i][objective])).ToList();
        var best = order.Count == 0 ? 0 : maximize ? order.MaxBy(i => metrics[i][objective]) : order.MinBy(i => metrics[i][objective]);
        var names = points[0].Keys.ToList();
        var measured = metrics[0].Keys.ToList();
        tracker.LogTable($"{key}/points", new Table(["point", .. names, .. measured],
            Enumerable.Range(0, points.Count).Select(i => (IReadOnlyList<object>)[i, .. names.Select(n => (object)points[i][n]), .. measured.Select(n => (object)metrics[i][n])]).ToList()));
        foreach (var name in names) tracker.SetSummary($"{key}/best_{name}", points[best][name]);
        tracker.SetSummary($"{key}/best_{objective}", metrics[best][objective]);
        if (plane is { } axes) LogPlane(tracker, key, points, metrics, objective, axes, logX, best);
        return new SweepResult(points, metrics, best);
    }

    /// <summary>The objective over the (x, y) plane: the distinct values of each, the cell of every point (a point missing from the grid is NaN).</summary>
    private static void LogPlane(IExperimentTracker tracker, string key, IReadOnlyList<IReadOnlyDictionary<string, double>> points,
        IReadOnlyList<IReadOnlyDictionary<string, double>> metrics, string objective, (string X, string Y) axes, bool logX, int best)
    {
        var xs = points.Select(p => p[axes.X]).Distinct().Order().ToList();
        var ys = points.Select(p => p[axes.Y]).Distinct().Order().ToList();
        var z = ys.Select(_ => xs.Select(_ => double.NaN).ToArray()).ToArray();
        for (var i = 0; i < points.Count; i++) z[ys.IndexOf(points[i][axes.Y])][xs.IndexOf(points[i][axes.X])] = metrics[i][objective];
        var cell = (ys.IndexOf(points[best][axes.Y]), xs.IndexOf(points[best][axes.X]));
        tracker.LogHeatmap($"{key}/{objective}", new Heatmap($"{objective} over {axes.X} × {axes.Y}", axes.X, axes.Y, objective, xs, ys,
            z.Select(r => (IReadOnlyList<double>)r).ToList(), logX, cell));
    }
}

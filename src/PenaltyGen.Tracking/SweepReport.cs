using System.Collections.Generic;
using System.Linq;

namespace PenaltyGen.Tracking;

/// <summary>One α of a sweep: the scores on both parts of the split (the test score NaN when nothing was held out), the intercept and the coefficients.</summary>
public sealed record SweepPoint(double Alpha, double TrainScore, double TestScore, double Intercept, IReadOnlyList<double> Coefficients);

/// <summary>
/// How a sweep over α is logged, shared by the Diabetes experiment and the <c>penaltygen path</c> command:
/// <c>{key}/metrics</c> (alpha, train_{score}, test_{score}, intercept, one column per feature), the score
/// chart, every coefficient on one chart, and one chart per feature (at most <see cref="MaxFeatureCharts"/>, the largest;
/// file names from <see cref="FileNames"/>) — all against α on a log axis.
/// </summary>
public static class SweepReport
{
    /// <summary>The metrics table's header: alpha, train and test score (without <paramref name="test"/>, none), intercept, then the features.</summary>
    public static IReadOnlyList<string> Columns(IReadOnlyList<string> features, string score = "r2", bool test = true) =>
        test ? ["alpha", $"train_{score}", $"test_{score}", "intercept", .. features] : ["alpha", $"train_{score}", "intercept", .. features];

    /// <summary>Logs the sweep's metrics table and charts under <paramref name="key"/>.</summary>
    /// <param name="tracker">The run to log to.</param>
    /// <param name="key">Folder and table prefix, e.g. "l1".</param>
    /// <param name="title">Chart title prefix, e.g. "Lasso".</param>
    /// <param name="features">Feature names, in coefficient order.</param>
    /// <param name="points">One point per α.</param>
    /// <param name="score">The score's column name stem ("r2", "accuracy").</param>
    /// <param name="scoreLabel">The score's label on charts ("R²").</param>
    public static void Log(IExperimentTracker tracker, string key, string title, IReadOnlyList<string> features,
        IReadOnlyList<SweepPoint> points, string score = "r2", string scoreLabel = "R²")
    {
        System.ArgumentNullException.ThrowIfNull(tracker);
        var ordered = points.OrderBy(p => p.Alpha).ToList();
        // A sweep with no held-out rows (every test score NaN) has no test column and no test series.
        var test = ordered.Any(p => !double.IsNaN(p.TestScore));
        tracker.LogTable($"{key}/metrics", new Table(Columns(features, score, test),
            ordered.Select(p => (IReadOnlyList<object>)(test
                ? [p.Alpha, p.TrainScore, p.TestScore, p.Intercept, .. p.Coefficients.Select(c => (object)c)]
                : [p.Alpha, p.TrainScore, p.Intercept, .. p.Coefficients.Select(c => (object)c)])).ToList()));
        var alphas = ordered.Select(p => p.Alpha).ToArray();
        List<Series> scores = [new Series($"train {scoreLabel}", alphas, ordered.Select(p => p.TrainScore).ToArray())];
        if (test) scores.Add(new Series($"test {scoreLabel}", alphas, ordered.Select(p => p.TestScore).ToArray()));
        tracker.LogLineChart($"{key}/{score}", new LineChart($"{title}: {scoreLabel} against alpha", "alpha (log scale)", scoreLabel, scores, LogX: true));
        var coefficients = features.Select((name, j) => new Series(name, alphas, ordered.Select(p => p.Coefficients[j]).ToArray())).ToList();
        tracker.LogLineChart($"{key}/coefficients", new LineChart($"{title}: coefficients against alpha", "alpha (log scale)", "coefficient", coefficients, LogX: true));
        var files = FileNames(features);
        foreach (var j in Charted(ordered, features.Count))
            tracker.LogLineChart($"{key}/coef_{files[j]}", new LineChart($"{title}: coefficient of {features[j]}", "alpha (log scale)", features[j], [coefficients[j]], LogX: true));
    }

    /// <summary>The most features that get a chart of their own; the rest are in the combined chart and the metrics table.</summary>
    public const int MaxFeatureCharts = 50;

    /// <summary>
    /// The features charted one by one: all of them up to <see cref="MaxFeatureCharts"/>, otherwise the
    /// <see cref="MaxFeatureCharts"/> of largest max |coefficient| along the sweep (ties to the earlier feature), in feature order.
    /// </summary>
    public static IReadOnlyList<int> Charted(IReadOnlyList<SweepPoint> points, int features)
    {
        System.ArgumentNullException.ThrowIfNull(points);
        if (features <= MaxFeatureCharts) return Enumerable.Range(0, features).ToArray();
        var size = new double[features];
        foreach (var p in points)
        {
            for (var j = 0; j < features; j++) size[j] = System.Math.Max(size[j], System.Math.Abs(p.Coefficients[j]));
        }
        return Enumerable.Range(0, features).OrderByDescending(j => size[j]).ThenBy(j => j).Take(MaxFeatureCharts).Order().ToArray();
    }

    /// <summary>
    /// A file-name stem per feature, safe on every file system and unique ignoring case: the name's letters, digits, '-'
    /// and '_' (anything else becomes '_'), at most 40 characters, and "_j" (the feature's position) appended when two
    /// stems would collide or nothing is left (to every stem, if a name like "x_2" would still meet a suffixed one). The report and the tables keep the real names.
    /// </summary>
    public static IReadOnlyList<string> FileNames(IReadOnlyList<string> features)
    {
        System.ArgumentNullException.ThrowIfNull(features);
        var stems = features.Select(f =>
        {
            var safe = new string(f.Take(40).Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
            return safe.Trim('_').Length == 0 ? "feature" : safe;
        }).ToArray();
        var counts = stems.GroupBy(s => s, System.StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), System.StringComparer.OrdinalIgnoreCase);
        var names = stems.Select((s, j) => counts[s] > 1 || s == "feature" ? $"{s}_{j}" : s).ToArray();
        // A name that already ends in "_<digits>" can meet a suffixed one; every stem suffixed is unique (the text after the last '_' is j).
        return names.Distinct(System.StringComparer.OrdinalIgnoreCase).Count() == names.Length ? names : stems.Select((s, j) => $"{s}_{j}").ToArray();
    }
}

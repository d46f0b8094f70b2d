using System.Collections.Generic;
using System.Linq;

namespace PenaltyGen.Tracking;

/// <summary>One α of a sweep: the scores on both parts of the split, the intercept and the coefficients.</summary>
public sealed record SweepPoint(double Alpha, double TrainScore, double TestScore, double Intercept, IReadOnlyList<double> Coefficients);

/// <summary>
/// How a sweep over α is logged, shared by the Diabetes experiment and the <c>penaltygen path</c> command:
/// <c>{key}/metrics</c> (alpha, train_{score}, test_{score}, intercept, one column per feature), the score
/// chart, every coefficient on one chart, and one chart per feature — all against α on a log axis.
/// </summary>
public static class SweepReport
{
    public static IReadOnlyList<string> Columns(IReadOnlyList<string> features, string score = "r2") =>
        ["alpha", $"train_{score}", $"test_{score}", "intercept", .. features];

    public static void Log(IExperimentTracker tracker, string key, string title, IReadOnlyList<string> features,
        IReadOnlyList<SweepPoint> points, string score = "r2", string scoreLabel = "R²")
    {
        System.ArgumentNullException.ThrowIfNull(tracker);
        var ordered = points.OrderBy(p => p.Alpha).ToList();
        tracker.LogTable($"{key}/metrics", new Table(Columns(features, score),
            ordered.Select(p => (IReadOnlyList<object>)[p.Alpha, p.TrainScore, p.TestScore, p.Intercept, .. p.Coefficients.Select(c => (object)c)]).ToList()));
        var alphas = ordered.Select(p => p.Alpha).ToArray();
        tracker.LogLineChart($"{key}/{score}", new LineChart($"{title}: {scoreLabel} against alpha", "alpha (log scale)", scoreLabel,
            [new Series($"train {scoreLabel}", alphas, ordered.Select(p => p.TrainScore).ToArray()),
             new Series($"test {scoreLabel}", alphas, ordered.Select(p => p.TestScore).ToArray())], LogX: true));
        var coefficients = features.Select((name, j) => new Series(name, alphas, ordered.Select(p => p.Coefficients[j]).ToArray())).ToList();
        tracker.LogLineChart($"{key}/coefficients", new LineChart($"{title}: coefficients against alpha", "alpha (log scale)", "coefficient", coefficients, LogX: true));
        foreach (var series in coefficients)
            tracker.LogLineChart($"{key}/coef_{series.Name}", new LineChart($"{title}: coefficient of {series.Name}", "alpha (log scale)", series.Name, [series], LogX: true));
    }
}

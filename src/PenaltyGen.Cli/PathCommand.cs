using System.Collections.Generic;
using System.IO;
using System.Linq;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Tracking;

namespace PenaltyGen.Cli;

/// <summary>The rows a path is fitted on and the held-out ones it is scored on (none with <c>--test-size 0</c>).</summary>
internal sealed record PathRows(Dataset Train, Dataset? Test);

/// <summary>
/// <c>penaltygen path</c>: the path on the training part, scored on both parts (with <c>--test-size 0</c>, on all rows as
/// scikit-learn's <c>lasso_path</c>, scored on them alone), logged as a run folder.
/// </summary>
internal static class PathCommand
{
    public static Fin<Unit> Run(ModelChoice choice, PathRows split, IReadOnlyList<double> grid, string folder, TextWriter stdout, TextWriter stderr,
        double? relaxGamma = null)
    {
        var config = Config(choice, grid.Count, split.Train.Rows, split.Test?.Rows ?? 0);
        if (relaxGamma is { } gamma) config["relax_gamma"] = gamma;
        if (split.Test is { Rows: < 2 } && !choice.IsClassifier)
            stderr.WriteLine($"warning: the test part has {split.Test.Rows} row: {choice.ScoreLabel} is not defined for fewer than two samples (nan, as scikit-learn); raise --test-size");
        return Log(choice, config, folder, split.Test is null ? "--test-size 0" : null, stdout, stderr,
            progress => choice.PathOver(split.Train, grid, choice.Options, progress)
                .Bind(path => relaxGamma is { } g ? Paths.Relaxation.Relax(split.Train, path, g, choice.Options) : path),
            f => from train in f.Score(split.Train)
                 from test in split.Test is null ? Fin<double>.Succ(double.NaN) : f.Score(split.Test)
                 select (train, test));
    }

    /// <summary><c>path --stats</c>: the path from merged statistics, scored (R²) on the rows they summarize; no held-out rows.</summary>
    public static Fin<Unit> RunOnStatistics(ModelChoice choice, Statistics.GramStatistics stats, IReadOnlyList<double>? alphas, int count, double eps,
        string folder, TextWriter stdout, TextWriter stderr)
    {
        var config = Config(choice, alphas?.Count ?? count, stats.Rows, 0);
        config["statistics"] = true;
        return Log(choice, config, folder, "--stats", stdout, stderr,
            _ => choice.PathStatistics(stats, alphas, count, eps, choice.Options),
            f => Fin<(double, double)>.Succ((Statistics.StatisticsFits.Score(f, stats), double.NaN)));
    }

    /// <summary>
    /// <c>path --sql</c> (or a Parquet --data) with a logistic or Poisson model: the path streamed from the query, each fit scored by
    /// its mean loss on the rows it was fitted on (the loss's held-out measure: log-loss, deviance; lower is better); no held-out rows.
    /// </summary>
    public static Fin<Unit> RunStreamed(ModelChoice choice, System.Func<System.Action<int, int>, Fin<Statistics.StreamedPath>> fitPath, int alphas,
        string origin, string folder, TextWriter stdout, TextWriter stderr)
    {
        var config = Config(choice, alphas, 0, 0);
        config["streamed"] = origin;
        var losses = new Dictionary<Fit, double>(ReferenceEqualityComparer.Instance);
        var measure = choice.Options.Loss == LossKind.Poisson ? Losses.Poisson.HeldOutMeasure : Losses.Logistic.HeldOutMeasure;
        return Log(choice, config, folder, origin, stdout, stderr,
            progress => fitPath(progress).Map(s =>
            {
                for (var k = 0; k < s.Path.Fits.Length; k++) losses[s.Path.Fits[k]] = s.MeanLoss[k];
                return s.Path;
            }),
            f => Fin<(double, double)>.Succ((losses[f], double.NaN)),
            (measure, $"mean {measure.Replace('_', ' ')}"));
    }

    private static Dictionary<string, object> Config(ModelChoice choice, int alphas, long trainRows, long testRows) => new()
    {
        ["model"] = choice.Name,
        ["loss"] = choice.Options.Loss.ToString(),
        ["l1_ratio"] = choice.Options.L1Ratio ?? 0.5,
        ["tol"] = choice.Options.Tol,
        ["max_iter"] = choice.Options.MaxIterations,
        ["fit_intercept"] = choice.Options.FitIntercept,
        ["train_rows"] = trainRows,
        ["test_rows"] = testRows,
        ["n_alphas"] = alphas,
    };

    /// <summary>
    /// The run folder of a path: fitted by <paramref name="fitPath"/> (which hears the progress), each fit scored by
    /// <paramref name="score"/> (train, test); <paramref name="noTest"/> says why there are no held-out rows (the option), or
    /// is null when there are; <paramref name="scoring"/> names the score when it is not the model's own.
    /// </summary>
    private static Fin<Unit> Log(ModelChoice choice, Dictionary<string, object> config, string folder, string? noTest, TextWriter stdout, TextWriter stderr,
        System.Func<System.Action<int, int>, Fin<RegularizationPath>> fitPath, System.Func<Fit, Fin<(double Train, double Test)>> score,
        (string Name, string Label)? scoring = null)
    {
        var (scoreName, scoreLabel) = scoring ?? (choice.ScoreName, choice.ScoreLabel);
        return LocalRunTracker.Init(folder, $"penaltygen path: {choice.Name}", config).Bind(tracker =>
        {
            using (tracker)
            {
                var total = System.Convert.ToInt32(config["n_alphas"], System.Globalization.CultureInfo.InvariantCulture);
                var quarter = System.Math.Max(1, total / 4);
                return fitPath((done, all) =>
                {
                    if (done % quarter == 0 || done == all) stderr.WriteLine($"path: {done}/{all} alphas fitted");
                })
                .Bind(path => path.Fits.Select(f => score(f).Map(s => new SweepPoint(f.Alpha, s.Train, s.Test, f.Intercept, f.Coefficients))).Sequence().Map(scored =>
                {
                    var points = scored.ToList();
                    Warn(path, stderr);
                    SweepReport.Log(tracker, choice.Name, choice.Name, path.Fits[0].CoefficientNames, points, scoreName, scoreLabel);
                    if (noTest is not null)
                    {
                        // No held-out rows: no best α to name (the training score only grows as α shrinks).
                        var last = points.MinBy(p => p.Alpha)!;
                        tracker.SetSummary($"train_{scoreName}_at_smallest_alpha", last.TrainScore);
                        stdout.WriteLine($"no held-out rows ({noTest}): train {scoreLabel} {last.TrainScore:F4} at the smallest alpha {last.Alpha:G6}");
                    }
                    else if (points.All(p => double.IsNaN(p.TestScore)))
                    {
                        stdout.WriteLine($"no best alpha: the test {scoreLabel} is nan at every alpha");
                    }
                    else
                    {
                        var best = points.Where(p => !double.IsNaN(p.TestScore)).MaxBy(p => p.TestScore)!;
                        tracker.SetSummary("best_alpha", best.Alpha);
                        tracker.SetSummary($"best_test_{scoreName}", best.TestScore);
                        stdout.WriteLine($"best test {scoreLabel} {best.TestScore:F4} at alpha {best.Alpha:G6}");
                    }
                    var done = tracker.Finish();
                    stdout.WriteLine($"run folder: {done}");
                    return Prelude.unit;
                }));
            }
        });
    }

    /// <summary>Non-convergence per fit; what a loss found in the data (separated classes) once, with its range of α.</summary>
    private static void Warn(RegularizationPath path, TextWriter stderr)
    {
        foreach (var f in path.Fits.Where(f => !f.Converged)) stderr.WriteLine($"warning: alpha {f.Alpha:G6}: {f.Warning}");
        var said = new Dictionary<string, (int Count, double Low, double High)>();
        foreach (var f in path.Fits)
        {
            if (!f.Converged || f.Warning is not { } w) continue;
            said[w] = said.TryGetValue(w, out var seen)
                ? (seen.Count + 1, System.Math.Min(seen.Low, f.Alpha), System.Math.Max(seen.High, f.Alpha))
                : (1, f.Alpha, f.Alpha);
        }
        foreach (var pair in said) stderr.WriteLine($"warning: {pair.Value.Count} of {path.Fits.Length} fits (alpha {pair.Value.Low:G6} to {pair.Value.High:G6}): {pair.Key}");
    }
}

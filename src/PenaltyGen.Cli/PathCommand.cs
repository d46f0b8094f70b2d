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
        var config = new Dictionary<string, object>
        {
            ["model"] = choice.Name,
            ["loss"] = choice.Options.Loss.ToString(),
            ["l1_ratio"] = choice.Options.L1Ratio ?? 0.5,
            ["tol"] = choice.Options.Tol,
            ["max_iter"] = choice.Options.MaxIterations,
            ["fit_intercept"] = choice.Options.FitIntercept,
            ["train_rows"] = split.Train.Rows,
            ["test_rows"] = split.Test?.Rows ?? 0,
            ["n_alphas"] = grid.Count,
        };
        if (relaxGamma is { } gamma) config["relax_gamma"] = gamma;
        return LocalRunTracker.Init(folder, $"penaltygen path: {choice.Name}", config).Bind(tracker =>
        {
            using (tracker)
            {
                var quarter = System.Math.Max(1, grid.Count / 4);
                return choice.PathOver(split.Train, grid, choice.Options, (done, total) =>
                {
                    if (done % quarter == 0 || done == total) stderr.WriteLine($"path: {done}/{total} alphas fitted");
                }).Bind(path => relaxGamma is { } g ? Paths.Relaxation.Relax(split.Train, path, g, choice.Options) : path)
                .Bind(path => path.Fits.Select(f =>
                    from train in f.Score(split.Train)
                    from test in split.Test is null ? Fin<double>.Succ(double.NaN) : f.Score(split.Test)
                    select new SweepPoint(f.Alpha, train, test, f.Intercept, f.Coefficients)).Sequence().Map(scored =>
                {
                    var points = scored.ToList();
                    foreach (var f in path.Fits.Where(f => !f.Converged)) stderr.WriteLine($"warning: alpha {f.Alpha:G6}: {f.Warning}");
                    // What a loss found in the data (separated classes) holds for a run of α: said once, with its range.
                    var said = new Dictionary<string, (int Count, double Low, double High)>();
                    foreach (var f in path.Fits)
                    {
                        if (!f.Converged || f.Warning is not { } w) continue;
                        said[w] = said.TryGetValue(w, out var seen)
                            ? (seen.Count + 1, System.Math.Min(seen.Low, f.Alpha), System.Math.Max(seen.High, f.Alpha))
                            : (1, f.Alpha, f.Alpha);
                    }
                    foreach (var pair in said) stderr.WriteLine($"warning: {pair.Value.Count} of {path.Fits.Length} fits (alpha {pair.Value.Low:G6} to {pair.Value.High:G6}): {pair.Key}");
                    SweepReport.Log(tracker, choice.Name, choice.Name, path.Fits[0].CoefficientNames, points, choice.ScoreName, choice.ScoreLabel);
                    if (split.Test is null)
                    {
                        // No held-out rows: no best α to name (the training score only grows as α shrinks).
                        var last = points.MinBy(p => p.Alpha)!;
                        tracker.SetSummary($"train_{choice.ScoreName}_at_smallest_alpha", last.TrainScore);
                        stdout.WriteLine($"no held-out rows (--test-size 0): train {choice.ScoreLabel} {last.TrainScore:F4} at the smallest alpha {last.Alpha:G6}");
                    }
                    else
                    {
                        var best = points.MaxBy(p => p.TestScore)!;
                        tracker.SetSummary("best_alpha", best.Alpha);
                        tracker.SetSummary($"best_test_{choice.ScoreName}", best.TestScore);
                        stdout.WriteLine($"best test {choice.ScoreLabel} {best.TestScore:F4} at alpha {best.Alpha:G6}");
                    }
                    var done = tracker.Finish();
                    stdout.WriteLine($"run folder: {done}");
                    return Prelude.unit;
                }));
            }
        });
    }
}

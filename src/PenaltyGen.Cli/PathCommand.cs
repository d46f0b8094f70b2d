using System.Collections.Generic;
using System.IO;
using System.Linq;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Tracking;

namespace PenaltyGen.Cli;

/// <summary><c>penaltygen path</c>: the path on the training part, scored on both parts, logged as a run folder.</summary>
internal static class PathCommand
{
    public static Fin<Unit> Run(ModelChoice choice, TrainTest split, IReadOnlyList<double> grid, string folder, TextWriter stdout, TextWriter stderr)
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
            ["test_rows"] = split.Test.Rows,
            ["n_alphas"] = grid.Count,
        };
        return LocalRunTracker.Init(folder, $"penaltygen path: {choice.Name}", config).Bind(tracker =>
        {
            using (tracker)
            {
                var quarter = System.Math.Max(1, grid.Count / 4);
                return choice.PathOver(split.Train, grid, choice.Options, (done, total) =>
                {
                    if (done % quarter == 0 || done == total) stderr.WriteLine($"path: {done}/{total} alphas fitted");
                }).Bind(path => path.Fits.Select(f =>
                    from train in f.Score(split.Train)
                    from test in f.Score(split.Test)
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
                    SweepReport.Log(tracker, choice.Name, choice.Name, split.Train.FeatureNames, points, choice.ScoreName, choice.ScoreLabel);
                    var best = points.MaxBy(p => p.TestScore)!;
                    tracker.SetSummary("best_alpha", best.Alpha);
                    tracker.SetSummary($"best_test_{choice.ScoreName}", best.TestScore);
                    var done = tracker.Finish();
                    stdout.WriteLine($"best test {choice.ScoreLabel} {best.TestScore:F4} at alpha {best.Alpha:G6}");
                    stdout.WriteLine($"run folder: {done}");
                    return Prelude.unit;
                }));
            }
        });
    }
}

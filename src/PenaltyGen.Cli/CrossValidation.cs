using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Tracking;

namespace PenaltyGen.Cli;

/// <summary>
/// K-fold cross-validation as scikit-learn's KFold (no shuffle: contiguous folds, the first n mod K one
/// row longer). Each fold fits the whole grid with warm starts on the other folds and scores the held-out
/// fold: mean squared error (least squares) or mean log-loss (logistic). α_min minimizes the mean CV error;
/// α_1se is the largest α whose mean is within one standard error (sample std / √K) of the minimum (glmnet).
/// </summary>
internal static class CrossValidation
{
    public static Fin<Unit> Run(ModelChoice choice, Dataset data, IReadOnlyList<double> grid, int folds, string folder, string format,
        TextWriter stdout, TextWriter stderr)
    {
        if (folds < 2 || folds > data.Rows)
            return new ParameterError("--folds", folds.ToString(CultureInfo.InvariantCulture), $"must lie between 2 and the number of rows ({data.Rows})");
        var errors = new double[grid.Count, folds];
        for (var k = 0; k < folds; k++)
        {
            var (train, test, trainRows) = Fold(data, folds, k);
            var options = choice.Options.SampleWeights.IsEmpty ? choice.Options
                : choice.Options with { SampleWeights = [.. trainRows.Select(i => choice.Options.SampleWeights[i])] };
            var path = choice.PathOver(train, grid, options, null);
            if (path.IsFail) return path.Map(_ => Prelude.unit);
            var fits = path.ThrowIfFail().Fits;
            for (var i = 0; i < grid.Count; i++) errors[i, k] = Error(fits[i], test, choice.IsClassifier);
            stderr.WriteLine($"cv: fold {k + 1}/{folds} done");
        }
        var mean = new double[grid.Count];
        var se = new double[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            var row = Enumerable.Range(0, folds).Select(k => errors[i, k]).ToArray();
            mean[i] = row.Average();
            var variance = row.Sum(e => (e - mean[i]) * (e - mean[i])) / (folds - 1);
            se[i] = Math.Sqrt(variance / folds);
        }
        var best = Enumerable.Range(0, grid.Count).MinBy(i => mean[i]);
        var oneSe = Enumerable.Range(0, grid.Count).Where(i => mean[i] <= mean[best] + se[best]).MaxBy(i => grid[i]);
        var metric = choice.IsClassifier ? "log_loss" : "mse";

        return Write(choice, grid, mean, se, errors, best, oneSe, metric, folder).Map(done =>
        {
            var (alphaMin, alpha1se) = (grid[best], grid[oneSe]);
            stdout.WriteLine(format == "json"
                ? Output.Json(json =>
                {
                    json.WriteString("model", choice.Name);
                    json.WriteNumber("folds", folds);
                    json.WriteNumber("n_alphas", grid.Count);
                    json.WriteString("metric", metric);
                    json.WriteNumber("alpha_min", alphaMin);
                    json.WriteNumber($"cv_{metric}_min", mean[best]);
                    json.WriteNumber("alpha_1se", alpha1se);
                    json.WriteNumber($"cv_{metric}_1se", mean[oneSe]);
                    json.WriteString("run_folder", done);
                })
                : string.Create(CultureInfo.InvariantCulture,
                    $"{choice.Name}, {folds}-fold CV over {grid.Count} alphas ({metric}):\n  alpha_min {alphaMin,12:G6}  cv {metric} {mean[best]:G6} ± {se[best]:G3}\n  alpha_1se {alpha1se,12:G6}  cv {metric} {mean[oneSe]:G6}\nrun folder: {done}"));
            return Prelude.unit;
        });
    }

    /// <summary>Fold k of KFold(n_splits = K): rows [start, start + size) are held out.</summary>
    public static (Dataset Train, Dataset Test, int[] TrainRows) Fold(Dataset data, int folds, int k)
    {
        var n = data.Rows;
        var start = 0;
        for (var i = 0; i < k; i++) start += n / folds + (i < n % folds ? 1 : 0);
        var size = n / folds + (k < n % folds ? 1 : 0);
        var test = Enumerable.Range(start, size).ToArray();
        var train = Enumerable.Range(0, n).Where(i => i < start || i >= start + size).ToArray();
        return (data.SelectRows(train), data.SelectRows(test), train);
    }

    private static double Error(Fit fit, Dataset test, bool classifier)
    {
        var eta = fit.DecisionFunction(test);
        var sum = 0.0;
        for (var i = 0; i < eta.Length; i++)
        {
            sum += classifier
                ? Logistic.Value(test.Target[i], eta[i])
                : (test.Target[i] - eta[i]) * (test.Target[i] - eta[i]);
        }
        return sum / eta.Length;
    }

    private static Fin<string> Write(ModelChoice choice, IReadOnlyList<double> grid, double[] mean, double[] se, double[,] errors,
        int best, int oneSe, string metric, string folder)
    {
        var folds = errors.GetLength(1);
        var config = new Dictionary<string, object> { ["model"] = choice.Name, ["folds"] = folds, ["n_alphas"] = grid.Count, ["metric"] = metric };
        return LocalRunTracker.Init(folder, $"penaltygen cv: {choice.Name}", config).Map(tracker =>
        {
            using (tracker)
            {
                var order = Enumerable.Range(0, grid.Count).OrderBy(i => grid[i]).ToArray();
                tracker.LogTable("cv/curve", new Table(["alpha", $"mean_{metric}", "standard_error", .. Enumerable.Range(1, folds).Select(k => $"fold_{k}")],
                    order.Select(i => (IReadOnlyList<object>)[grid[i], mean[i], se[i], .. Enumerable.Range(0, folds).Select(k => (object)errors[i, k])]).ToList()));
                var alphas = order.Select(i => grid[i]).ToArray();
                tracker.LogLineChart("cv/curve", new LineChart($"{choice.Name}: {folds}-fold CV {metric} against alpha", "alpha (log scale)", $"CV {metric}",
                [
                    new Series($"mean {metric}", alphas, order.Select(i => mean[i]).ToArray()),
                    new Series("mean + 1 SE", alphas, order.Select(i => mean[i] + se[i]).ToArray()),
                    new Series("mean − 1 SE", alphas, order.Select(i => mean[i] - se[i]).ToArray()),
                ], LogX: true));
                tracker.SetSummary("alpha_min", grid[best]);
                tracker.SetSummary($"cv_{metric}_min", mean[best]);
                tracker.SetSummary("alpha_1se", grid[oneSe]);
                tracker.SetSummary($"cv_{metric}_1se", mean[oneSe]);
                return tracker.Finish();
            }
        });
    }
}

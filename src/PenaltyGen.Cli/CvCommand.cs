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
/// <c>penaltygen cv</c>: the library's cross-validation (<see cref="Validation.CrossValidation"/>: scikit-learn's KFold,
/// α_min and glmnet's α_1se) printed and logged as a run folder, optionally with the refitted model saved.
/// </summary>
internal static class CvCommand
{
    public static Fin<Unit> Run(ModelChoice choice, Dataset data, CrossValidationOptions cv, string folder, string format,
        string? save, TextWriter stdout) =>
        Run(choice, () => choice.CrossValidate(data, cv, choice.Options), folder, format, save, stdout);

    /// <summary>
    /// The same for a result made otherwise (from statistics: <c>cv --stats</c>; streamed). The run folder is checked
    /// before <paramref name="crossValidate"/> computes anything: a taken --out fails at once, not after every fold.
    /// </summary>
    public static Fin<Unit> Run(ModelChoice choice, Func<Fin<CrossValidationResult>> crossValidate, string folder, string format, string? save, TextWriter stdout) =>
        from free in LocalRunTracker.CheckFree(folder)
        from result in crossValidate()
               from done in Write(choice, result, folder)
               from saved in save is null ? Fin<Unit>.Succ(Prelude.unit) : result.Refit.Save(save)
               select Print(choice, result, done, format, stdout);

    /// <summary>The one place <c>cv</c> writes to stdout: α_min, α_1se and their errors, as JSON or text.</summary>
    private static Unit Print(ModelChoice choice, CrossValidationResult result, string done, string format, TextWriter stdout)
    {
        var (best, oneSe, metric) = (result.IndexMin, result.IndexOneSe, result.Metric);
        stdout.WriteLine(format == "json"
            ? Output.Json(json =>
            {
                json.WriteString("model", choice.Name);
                json.WriteNumber("folds", result.Folds);
                json.WriteNumber("n_alphas", result.Alphas.Length);
                json.WriteString("metric", metric);
                if (result.L1Ratio is { } ratio) json.WriteNumber("l1_ratio", ratio);
                if (result.Gamma is { } gamma) json.WriteNumber("gamma", gamma);
                json.WriteNumber("alpha_min", result.AlphaMin);
                json.WriteNumber($"cv_{metric}_min", result.MeanError[best]);
                json.WriteNumber("alpha_1se", result.AlphaOneSe);
                json.WriteNumber($"cv_{metric}_1se", result.MeanError[oneSe]);
                Choices(json, "gammas", "gamma", result.ByGamma, e => e.Gamma, metric);
                Choices(json, "l1_ratios", "l1_ratio", result.ByL1Ratio, e => e.L1Ratio, metric);
                json.WriteString("run_folder", done);
            })
            : string.Create(CultureInfo.InvariantCulture,
                $"{choice.Name}, {result.Folds}-fold CV over {result.Alphas.Length} alphas ({metric}){(result.ByL1Ratio.IsEmpty ? "" : $", best of {result.ByL1Ratio.Length} l1 ratios: l1_ratio {result.L1Ratio:G6}")}{(result.ByGamma.IsEmpty ? "" : $", relaxed, best of {result.ByGamma.Length} gammas: gamma {result.Gamma:G6}")}:\n  alpha_min {result.AlphaMin,12:G6}  cv {metric} {result.MeanError[best]:G6} ± {result.StandardError[best]:G3}\n  alpha_1se {result.AlphaOneSe,12:G6}  cv {metric} {result.MeanError[oneSe]:G6}\nrun folder: {done}"));
        return Prelude.unit;
    }

    /// <summary>The results of a list of choices (γ or l1 ratios): each one's value, α_min and least mean error; nothing without a list.</summary>
    private static void Choices(System.Text.Json.Utf8JsonWriter json, string name, string key, System.Collections.Immutable.ImmutableArray<CrossValidationResult> results,
        Func<CrossValidationResult, double?> value, string metric)
    {
        if (results.IsEmpty) return;
        json.WriteStartArray(name);
        foreach (var each in results)
        {
            json.WriteStartObject();
            json.WriteNumber(key, value(each) ?? double.NaN);
            json.WriteNumber("alpha_min", each.AlphaMin);
            json.WriteNumber($"cv_{metric}_min", each.MeanError[each.IndexMin]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static Fin<string> Write(ModelChoice choice, CrossValidationResult result, string folder)
    {
        var (folds, metric, grid) = (result.Folds, result.Metric, result.Alphas);
        var config = new Dictionary<string, object> { ["model"] = choice.Name, ["folds"] = folds, ["n_alphas"] = grid.Length, ["metric"] = metric };
        return LocalRunTracker.Init(folder, $"penaltygen cv: {choice.Name}", config).Map(tracker =>
        {
            using (tracker)
            {
                var order = Enumerable.Range(0, grid.Length).OrderBy(i => grid[i]).ToArray();
                tracker.LogTable("cv/curve", new Table(["alpha", $"mean_{metric}", "standard_error", .. Enumerable.Range(1, folds).Select(k => $"fold_{k}")],
                    order.Select(i => (IReadOnlyList<object>)[grid[i], result.MeanError[i], result.StandardError[i], .. result.FoldErrors[i].Select(e => (object)e)]).ToList()));
                var alphas = order.Select(i => grid[i]).ToArray();
                tracker.LogLineChart("cv/curve", new LineChart($"{choice.Name}: {folds}-fold CV {metric} against alpha", "alpha (log scale)", $"CV {metric}",
                [
                    new Series($"mean {metric}", alphas, order.Select(i => result.MeanError[i]).ToArray()),
                    new Series("mean + 1 SE", alphas, order.Select(i => result.MeanError[i] + result.StandardError[i]).ToArray()),
                    new Series("mean − 1 SE", alphas, order.Select(i => result.MeanError[i] - result.StandardError[i]).ToArray()),
                ], LogX: true));
                if (!result.ByL1Ratio.IsEmpty)
                {
                    tracker.LogTable("cv/l1_ratios", new Table(["l1_ratio", "alpha_min", $"cv_{metric}_min", "alpha_1se"],
                        result.ByL1Ratio.Select(e => (IReadOnlyList<object>)[e.L1Ratio ?? double.NaN, e.AlphaMin, e.MeanError[e.IndexMin], e.AlphaOneSe]).ToList()));
                    tracker.SetSummary("l1_ratio", result.L1Ratio ?? double.NaN);
                }
                tracker.SetSummary("alpha_min", result.AlphaMin);
                tracker.SetSummary($"cv_{metric}_min", result.MeanError[result.IndexMin]);
                tracker.SetSummary("alpha_1se", result.AlphaOneSe);
                tracker.SetSummary($"cv_{metric}_1se", result.MeanError[result.IndexOneSe]);
                return tracker.Finish();
            }
        });
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using LanguageExt;
using PenaltyGen;
using PenaltyGen.Data;
using PenaltyGen.Tracking;
using PenaltyGen.Validation;
using ElasticNetModel = PenaltyGen.Models.ElasticNet;

namespace DiabetesRegularization;

/// <summary>
/// <c>--sweep</c>: the elastic net over the (α, ρ) plane — ρ = 1 is the lasso, ρ = 0 a ridge in the elastic net's scaling
/// (α·n times scikit-learn's Ridge α) — each point scored by 5-fold CV on the training split (mean squared error) and by
/// its test R², one run whose report shows the CV error over the plane. A grid (the article's α values × seven ρ) or a
/// random search (log-uniform α, uniform ρ, seeded).
/// </summary>
public static class SweepExperiment
{
    public static readonly double[] Ratios = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

    /// <summary>The sweep's points: the grid, or <paramref name="randomPoints"/> drawn points when that is positive.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Points(int alphaCount, int randomPoints) => randomPoints > 0
        ? Sweeps.Random(randomPoints, seed: 42, new RandomParameter("alpha", 1e-4, 1, Log: true), new RandomParameter("l1_ratio", 0, 1))
        : Sweeps.Grid(new GridParameter("l1_ratio", Ratios), new GridParameter("alpha", DiabetesExperiment.Alphas(alphaCount)));

    /// <summary>Runs the sweep as a run of <paramref name="store"/>; returns the run folder and the best point.</summary>
    public static Fin<(string RunFolder, IReadOnlyDictionary<string, double> Best, IReadOnlyDictionary<string, double> Metrics)> Run(
        RunStore store, string name, IReadOnlyList<string> tags, int alphaCount = 30, int randomPoints = 0, Action<int, int>? progress = null)
    {
        var data = Diabetes.Load();
        var points = Points(alphaCount, randomPoints);
        var info = new RunInfo(name, [.. tags, randomPoints > 0 ? "random-search" : "grid"], DiabetesExperiment.DataHash(data), "elasticnet (alpha, l1_ratio)");
        return data.TrainTestSplit(DiabetesExperiment.TestSize, DiabetesExperiment.RandomState).Bind(split =>
        {
            var config = new Dictionary<string, object>
            {
                ["dataset"] = "diabetes (load_diabetes: columns centred, unit L2 norm)",
                ["test_size"] = DiabetesExperiment.TestSize,
                ["random_state"] = DiabetesExperiment.RandomState,
                ["search"] = randomPoints > 0 ? $"random: {randomPoints} points, alpha log-uniform on [1e-4, 1], l1_ratio uniform on [0, 1], seed 42" : "grid",
                ["alphas"] = randomPoints > 0 ? "random" : $"logspace(-4, 0, {alphaCount})",
                ["l1_ratios"] = randomPoints > 0 ? "random" : string.Join(", ", Ratios),
                ["cv"] = "5-fold on the training split (scikit-learn's KFold, unshuffled), mean squared error",
                ["points"] = points.Count,
            };
            return store.Start(info, "Diabetes: the elastic net over alpha × l1_ratio", config).Bind(tracker =>
            {
                using (tracker)
                {
                    var done = 0;
                    var result = Sweeps.Run(tracker, "sweep", points, point =>
                    {
                        var options = new FitOptions { L1Ratio = point["l1_ratio"] };
                        var scored = from cv in ElasticNetModel.CrossValidate(split.Train, new CrossValidationOptions { Folds = 5, Alphas = [point["alpha"]] }, options)
                                     from fit in ElasticNetModel.Fit(split.Train, point["alpha"], options)
                                     from test in fit.Score(split.Test)
                                     select (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
                                     {
                                         ["cv_mse"] = cv.MeanError[0],
                                         ["test_r2"] = test,
                                         ["nonzero"] = fit.NonZeroCount,
                                     };
                        progress?.Invoke(++done, points.Count);
                        return scored;
                    }, objective: "cv_mse", plane: randomPoints > 0 ? null : ("alpha", "l1_ratio"));
                    return result.Map(r =>
                    {
                        tracker.SetSummary("best_test_score", r.Metrics[r.Best]["test_r2"]);
                        tracker.SetSummary("score_name", "test_r2 at the least CV error");
                        return (tracker.Finish(), r.Points[r.Best], r.Metrics[r.Best]);
                    });
                }
            });
        });
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LanguageExt;
using PenaltyGen;
using PenaltyGen.Data;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;
using PenaltyGen.Tracking;

namespace DiabetesRegularization;

/// <summary>One model of the sweep: its short name (the run sub-folder), its title, and how it fits.</summary>
public sealed record ModelSpec(string Key, string Title, Func<Dataset, double, Fin<Fit>> Fit);

/// <summary>One row of a model's metrics.csv.</summary>
public sealed record SweepRow(double Alpha, double TrainR2, double TestR2, double Intercept, ImmutableArray<double> Coefficients, bool Converged);

/// <summary>The best test R² of one model.</summary>
public sealed record ModelSummary(string Key, string Title, double BestAlpha, double BestTestR2, double TrainR2AtBest, int NonZeroAtBest, int NotConverged);

/// <summary>
/// The seed article's experiment: Diabetes in load_diabetes() form, train_test_split(test_size=0.2,
/// random_state=42), alphas = logspace(−4, 0, 30); for every model and α an independent fit (as the
/// article's Lasso(alpha).fit), train and test R² and the coefficients; logged to a tracker.
/// </summary>
public static class DiabetesExperiment
{
    public const double TestSize = 0.2;
    public const uint RandomState = 42;

    public static readonly ImmutableArray<ModelSpec> Models =
    [
        new("l1", "Lasso (L1)", (d, a) => DiabetesLasso.Fit(d, a)),
        new("l2", "Ridge (L2)", (d, a) => DiabetesRidge.Fit(d, a)),
        new("elasticnet", "ElasticNet (L1 ratio 0.5)", (d, a) => DiabetesElasticNet.Fit(d, a)),
    ];

    /// <summary>The article's grid: <paramref name="count"/> values of logspace(−4, 0) (30 in the article).</summary>
    public static double[] Alphas(int count = 30) => Grid.Logspace(-4, 0, count);

    /// <summary>The Diabetes data's fingerprint (features, target, names): runs on it compare as runs on the same data.</summary>
    public static string DataHash(Dataset data) =>
        RunStore.Fingerprint([.. data.FeatureNames, data.TargetName], data.Features.ToArray(), data.Target.ToArray());

    /// <summary>Runs the sweep into the run folder <paramref name="outFolder"/>; <paramref name="progress"/> hears (model key, fits done).</summary>
    public static Fin<(string RunFolder, ImmutableArray<ModelSummary> Summaries)> Run(string outFolder, Action<string, int>? progress = null, int alphaCount = 30) =>
        Run((title, config) => LocalRunTracker.Init(outFolder, title, config), progress, alphaCount);

    /// <summary>Runs the sweep as a run of <paramref name="store"/> named <paramref name="name"/> with <paramref name="tags"/>.</summary>
    public static Fin<(string RunFolder, ImmutableArray<ModelSummary> Summaries)> Run(RunStore store, string name, IReadOnlyList<string> tags,
        Action<string, int>? progress = null, int alphaCount = 30)
    {
        var info = new RunInfo(name, tags, DataHash(Diabetes.Load()), string.Join(", ", Models.Select(m => m.Key)));
        return Run((title, config) => store.Start(info, title, config), progress, alphaCount);
    }

    /// <summary>The sweep, logged to the tracker <paramref name="start"/> makes from the run's title and config.</summary>
    private static Fin<(string RunFolder, ImmutableArray<ModelSummary> Summaries)> Run(Func<string, Dictionary<string, object>, Fin<LocalRunTracker>> start,
        Action<string, int>? progress, int alphaCount)
    {
        var data = Diabetes.Load();
        var alphas = Alphas(alphaCount);
        return data.TrainTestSplit(TestSize, RandomState).Bind(split =>
        {
            var config = new Dictionary<string, object>
            {
                ["dataset"] = "diabetes (load_diabetes: columns centred, unit L2 norm)",
                ["rows"] = data.Rows,
                ["features"] = data.FeatureNames.ToArray(),
                ["test_size"] = TestSize,
                ["random_state"] = RandomState,
                ["train_rows"] = split.Train.Rows,
                ["test_rows"] = split.Test.Rows,
                ["alphas"] = $"logspace(-4, 0, {alphas.Length})",
                ["models"] = Models.Select(m => m.Title).ToArray(),
                ["tol"] = FitOptions.Default.Tol,
                ["max_iter"] = FitOptions.Default.MaxIterations,
            };
            return start("Diabetes: Lasso, Ridge and ElasticNet across alpha", config).Bind(tracker =>
            {
                using (tracker)
                {
                    var summaries = ImmutableArray.CreateBuilder<ModelSummary>();
                    foreach (var model in Models)
                    {
                        var rows = Sweep(model, split, alphas, tracker, progress);
                        if (rows.IsFail) return rows.Map(_ => (string.Empty, ImmutableArray<ModelSummary>.Empty));
                        var list = rows.ThrowIfFail();
                        LogModel(tracker, model, data, list);
                        summaries.Add(Summarize(model, list));
                    }
                    LogSummary(tracker, summaries);
                    return Fin<(string, ImmutableArray<ModelSummary>)>.Succ((tracker.Finish(), summaries.ToImmutable()));
                }
            });
        });
    }

    private static Fin<List<SweepRow>> Sweep(ModelSpec model, TrainTest split, double[] alphas, IExperimentTracker tracker, Action<string, int>? progress)
    {
        var rows = new List<SweepRow>();
        foreach (var alpha in alphas)
        {
            var scored = from fit in model.Fit(split.Train, alpha)
                         from train in fit.Score(split.Train)
                         from test in fit.Score(split.Test)
                         select new SweepRow(alpha, train, test, fit.Intercept, fit.Coefficients, fit.Converged);
            if (scored.IsFail) return scored.Map(_ => rows);
            var row = scored.ThrowIfFail();
            rows.Add(row);
            tracker.Log(new Dictionary<string, double>
            {
                [$"{model.Key}/alpha"] = alpha,
                [$"{model.Key}/train_r2"] = row.TrainR2,
                [$"{model.Key}/test_r2"] = row.TestR2,
            });
            progress?.Invoke(model.Key, rows.Count);
        }
        return rows;
    }

    private static void LogModel(IExperimentTracker tracker, ModelSpec model, Dataset data, List<SweepRow> rows) =>
        SweepReport.Log(tracker, model.Key, model.Title, data.FeatureNames,
            rows.Select(r => new SweepPoint(r.Alpha, r.TrainR2, r.TestR2, r.Intercept, r.Coefficients)).ToList());

    private static ModelSummary Summarize(ModelSpec model, List<SweepRow> rows)
    {
        var best = rows.MaxBy(r => r.TestR2)!;
        return new ModelSummary(model.Key, model.Title, best.Alpha, best.TestR2, best.TrainR2, best.Coefficients.Count(c => c != 0), rows.Count(r => !r.Converged));
    }

    private static void LogSummary(IExperimentTracker tracker, ImmutableArray<ModelSummary>.Builder summaries)
    {
        tracker.LogTable("tables/summary", new Table(["model", "best_alpha", "best_test_r2", "train_r2_at_best", "nonzero_coefficients", "not_converged"],
            summaries.Select(s => (IReadOnlyList<object>)[s.Key, s.BestAlpha, s.BestTestR2, s.TrainR2AtBest, s.NonZeroAtBest, s.NotConverged]).ToList()));
        // What a run store lists: the best test score over the models, and its name.
        var best = summaries.MaxBy(s => s.BestTestR2)!;
        tracker.SetSummary("best_test_score", best.BestTestR2);
        tracker.SetSummary("score_name", "test_r2");
        tracker.SetSummary("best_model", best.Key);
        foreach (var s in summaries)
        {
            tracker.SetSummary($"{s.Key}/best_alpha", s.BestAlpha);
            tracker.SetSummary($"{s.Key}/best_test_r2", s.BestTestR2);
            tracker.SetSummary($"{s.Key}/nonzero_at_best", s.NonZeroAtBest);
        }
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Statistics;
using Xunit;

namespace PenaltyGen.Tests.Statistics;

/// <summary>
/// Streamed proximal Newton (issue 16): the logistic and Poisson fits from chunks — one pass per Newton step, the Newton
/// model solved from its summed statistics — equal the in-memory fits on the same rows (both at tol 1e-10), whatever the
/// chunk size; the fixtures are the logistic and Poisson ones the in-memory solver is tested on against scikit-learn and glmnet.
/// </summary>
public class StreamingFitTests
{
    private static Dataset Fixture(string name, out System.Text.Json.JsonElement json)
    {
        json = Reference.Load(name);
        var columns = json.GetProperty("X").Matrix();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), json.GetProperty("y").Doubles(),
            Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static void Near(Fit expected, Fit actual, double tolerance, string what)
    {
        Assert.True(actual.Converged, $"{what}: {actual.Warning}");
        for (var j = 0; j < expected.Coefficients.Length; j++)
            Assert.True(Math.Abs(expected.Coefficients[j] - actual.Coefficients[j]) <= tolerance, $"{what}: coef[{j}] {actual.Coefficients[j]:R} vs {expected.Coefficients[j]:R}");
        Assert.True(Math.Abs(expected.Intercept - actual.Intercept) <= tolerance, $"{what}: intercept {actual.Intercept:R} vs {expected.Intercept:R}");
    }

    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public void Logistic_lasso_and_ridge_from_chunks_are_the_in_memory_fits(int chunkRows)
    {
        var data = Fixture("logistic.json", out _);
        var options = new FitOptions { Loss = LossKind.Logistic, Tol = 1e-10, MaxIterations = 1000 };
        foreach (var alpha in new[] { 0.01, 0.001 })
        {
            var lasso = StreamingFits.Fit<Lasso.Penalty, Logistic>(StreamingFits.Slices(data, chunkRows), alpha, options).ThrowIfFail();
            Near(Lasso.Fit(data, alpha, options).ThrowIfFail(), lasso, 1e-7, $"l1 α {alpha}");
            var ridge = StreamingFits.Fit<ElasticNet.Penalty, Logistic>(StreamingFits.Slices(data, chunkRows), alpha, options with { L1Ratio = 0 }).ThrowIfFail();
            Near(ElasticNet.Fit(data, alpha, options with { L1Ratio = 0 }).ThrowIfFail(), ridge, 1e-7, $"l2 α {alpha}");
        }
    }

    [Theory]
    [InlineData("logistic.json", LossKind.Logistic)]
    [InlineData("poisson.json", LossKind.Poisson)]
    public void Streamed_paths_are_the_in_memory_paths_with_their_mean_loss(string fixture, LossKind loss)
    {
        var data = Fixture(fixture, out _);
        var options = new FitOptions { Loss = loss, Tol = 1e-10, MaxIterations = 1000 };
        var source = StreamingFits.Slices(data, 64);
        var streamed = (loss == LossKind.Logistic
            ? StreamingFits.Path<Lasso.Penalty, Logistic>(source, null, options, 12, 1e-2)
            : StreamingFits.Path<Lasso.Penalty, Poisson>(source, null, options, 12, 1e-2)).ThrowIfFail();
        var memory = PenaltyGen.Paths.RegularizationPaths.Fit<Lasso.Penalty>(data, 12, 1e-2, options).ThrowIfFail();
        Assert.Equal(loss == LossKind.Logistic ? "log_loss" : "poisson_deviance", streamed.Measure);
        for (var k = 0; k < 12; k++)
        {
            Assert.Equal(memory.Alphas[k], streamed.Path.Alphas[k], 1e-12 * memory.Alphas[0]);
            Near(memory[k], streamed.Path[k], 1e-7, $"α {memory.Alphas[k]}");
            // The mean loss of the fit on its rows, as cross-validation would score them.
            var eta = memory[k].DecisionFunction(data).ThrowIfFail();
            var mean = Enumerable.Range(0, data.Rows).Average(i => loss == LossKind.Logistic ? Logistic.HeldOutError(data.Target[i], eta[i]) : Poisson.HeldOutError(data.Target[i], eta[i]));
            Assert.Equal(mean, streamed.MeanLoss[k], 1e-6 * Math.Max(1, mean));
        }
    }

    [Theory]
    [InlineData("logistic.json", LossKind.Logistic)]
    [InlineData("poisson.json", LossKind.Poisson)]
    public void Streamed_cross_validation_by_a_fold_column_is_the_in_memory_one(string fixture, LossKind loss)
    {
        var data = Fixture(fixture, out var json);
        var folds = Enumerable.Range(0, data.Rows).Select(i => (double)(i * 7 % 5)).ToArray();
        var columns = json.GetProperty("X").Matrix();
        var withFolds = Dataset.FromColumnMajor([.. columns.SelectMany(c => c), .. folds], data.Target, [.. data.FeatureNames, "fold"]).ThrowIfFail();
        var options = new FitOptions { Loss = loss, Tol = 1e-10, MaxIterations = 1000 };
        var cv = new CrossValidationOptions { AlphaCount = 10, Eps = 1e-2 };
        var source = StreamingFits.Slices(withFolds, 50);
        var streamed = (loss == LossKind.Logistic
            ? StreamingValidation.CrossValidate<Lasso.Penalty, Logistic>(source, "fold", cv, options)
            : StreamingValidation.CrossValidate<Lasso.Penalty, Poisson>(source, "fold", cv, options)).ThrowIfFail();
        var memory = PenaltyGen.Validation.CrossValidation.Run<Lasso.Penalty>(data, cv with { FoldIds = [.. folds.Select(f => (int)f)] }, options).ThrowIfFail();
        Assert.Equal(memory.Metric, streamed.Metric);
        Assert.Equal(5, streamed.Folds);
        for (var a = 0; a < 10; a++)
        {
            Assert.Equal(memory.Alphas[a], streamed.Alphas[a], 1e-12 * memory.Alphas[0]);
            Assert.Equal(memory.MeanError[a], streamed.MeanError[a], 1e-7);
        }
        Assert.Equal(memory.IndexMin, streamed.IndexMin);
        Near(memory.Refit, streamed.Refit, 1e-7, "refit");
        Assert.Equal("fold_ids = fold is invalid: names 1 fold; cross-validation needs at least 2",
            StreamingValidation.CrossValidate<Lasso.Penalty, Logistic>(StreamingFits.Slices(withFolds.SelectRows([0, 5, 10]), 50), "fold", cv, options).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void A_weighted_poisson_lasso_from_chunks_is_the_in_memory_fit()
    {
        var data = Fixture("poisson.json", out var json);
        var weights = json.GetProperty("weights").Doubles().ToImmutableArray();
        var options = new FitOptions { Loss = LossKind.Poisson, Tol = 1e-10, MaxIterations = 1000 };
        var streamed = StreamingFits.Fit<Lasso.Penalty, Poisson>(StreamingFits.Slices(data, 23, weights), 0.01, options).ThrowIfFail();
        Near(Lasso.Fit(data, 0.01, options with { SampleWeights = weights }).ThrowIfFail(), streamed, 1e-7, "poisson");
        // Each Newton step is one pass: a handful of steps for this fit.
        Assert.InRange(streamed.Iterations, 1, 30);
    }

    [Fact]
    public void A_bad_count_names_its_row_and_least_squares_is_refused()
    {
        var data = Fixture("poisson.json", out _);
        var negative = Dataset.FromColumnMajor(data.Features.ToArray(), [.. data.Target.ToArray().Select((y, i) => i == 5 ? -1.0 : y)], data.FeatureNames.ToArray()).ThrowIfFail();
        Assert.Contains("counts ≥ 0", StreamingFits.Fit<Lasso.Penalty, Poisson>(StreamingFits.Slices(negative, 50), 0.01).Match(_ => "", e => e.Message));
        Assert.Contains("sum its statistics once", StreamingFits.Fit<Lasso.Penalty, LeastSquares>(StreamingFits.Slices(data, 50), 0.01).Match(_ => "", e => e.Message));
    }
}

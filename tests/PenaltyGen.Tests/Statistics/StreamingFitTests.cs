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

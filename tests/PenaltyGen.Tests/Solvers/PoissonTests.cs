using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The Poisson loss (issue 15) against glmnet 4.1's <c>family = "poisson"</c> and scikit-learn 1.2.1's PoissonRegressor
/// (tests/reference/poisson.json, generate.py poisson, glmnet_poisson.R): a lasso path, an elastic net, weights and an
/// offset, all at tight tolerance on both sides.
/// </summary>
public class PoissonTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("poisson.json");
    private static readonly FitOptions Tight = new() { Loss = LossKind.Poisson, Tol = 1e-12, MaxIterations = 10_000 };

    private static Dataset Data()
    {
        var columns = Fixture.GetProperty("X").Matrix();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), Fixture.GetProperty("y").Doubles(),
            Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static (double Lambda, double Mix, double Intercept, double[] Coef)[] Glmnet(string name) =>
        Fixture.GetProperty("glmnet").EnumerateArray().Where(e => e.GetProperty("case").GetString() == name)
            .Select(e => (e.GetProperty("lambda").GetDouble(), e.GetProperty("mix").GetDouble(), e.GetProperty("intercept").GetDouble(),
                e.GetProperty("coef").Doubles())).ToArray();

    private static void Near(double[] expected, double expectedIntercept, Fit fit, double tolerance, string what)
    {
        Assert.True(fit.Converged, $"{what}: {fit.Warning}");
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - fit.Coefficients[j]) <= tolerance, $"{what}: coef[{j}] {fit.Coefficients[j]} vs glmnet {expected[j]}");
        Assert.True(Math.Abs(expectedIntercept - fit.Intercept) <= tolerance, $"{what}: intercept {fit.Intercept} vs {expectedIntercept}");
    }

    [Fact]
    public void The_lasso_path_is_glmnets()
    {
        var data = Data();
        var fits = Glmnet("plain");
        var path = Lasso.Path(data, fits.Select(f => f.Lambda).ToArray(), Tight).ThrowIfFail();
        for (var k = 0; k < fits.Length; k++) Near(fits[k].Coef, fits[k].Intercept, path[k], 1e-6, $"λ {fits[k].Lambda}");
        // The path starts at glmnet's λ_max: the grid's first fit is the null model, log ȳ.
        Assert.All(path[0].Coefficients, w => Assert.Equal(0.0, w));
        Assert.Equal(Math.Log(data.Target.ToArray().Average()), path[0].Intercept, 12);
    }

    [Theory]
    [InlineData("enet")]
    [InlineData("weighted")]
    [InlineData("offset")]
    public void Elastic_net_weights_and_offset_are_glmnets(string name)
    {
        var data = Data();
        var options = name switch
        {
            "weighted" => Tight with { SampleWeights = [.. Fixture.GetProperty("weights").Doubles()] },
            "offset" => Tight with { Offset = [.. Fixture.GetProperty("offset").Doubles()] },
            _ => Tight,
        };
        foreach (var (lambda, mix, intercept, coef) in Glmnet(name))
        {
            var fit = ElasticNet.Fit(data, lambda, options with { L1Ratio = mix }).ThrowIfFail();
            Near(coef, intercept, fit, 1e-6, $"{name}, λ {lambda}");
        }
    }

    [Fact]
    public void L2_is_scikit_learns_poisson_regressor_with_its_d2_score()
    {
        var data = Data();
        foreach (var e in Fixture.GetProperty("sklearn").EnumerateArray())
        {
            var fit = ElasticNet.Fit(data, e.GetProperty("alpha").GetDouble(), Tight with { L1Ratio = 0.0 }).ThrowIfFail();
            Near(e.GetProperty("coef").Doubles(), e.GetProperty("intercept").GetDouble(), fit, 1e-6, $"α {e.GetProperty("alpha").GetDouble()}");
            Assert.Equal(e.GetProperty("d2").GetDouble(), fit.Score(data).ThrowIfFail(), 1e-8);
            var mu = fit.Predict(data).ThrowIfFail();
            var eta = fit.DecisionFunction(data).ThrowIfFail();
            for (var i = 0; i < mu.Length; i++) Assert.Equal(Math.Exp(eta[i]), mu[i]);
        }
    }

    [Fact]
    public void Cross_validation_scores_the_deviance_and_the_model_file_keeps_the_loss()
    {
        var data = Data();
        var offset = Fixture.GetProperty("offset").Doubles();
        var cv = Lasso.CrossValidate(data, new CrossValidationOptions { AlphaCount = 10, Eps = 1e-2 }, new FitOptions { Loss = LossKind.Poisson, Offset = [.. offset] }).ThrowIfFail();
        Assert.Equal("poisson_deviance", cv.Metric);
        // Fold 1 at the grid's smallest α, recomputed: a fit on the other rows (their offsets), its mean held-out deviance
        // with the held-out rows' offsets in μ = e^(xᵀw + b + o).
        var rows = data.Rows;
        var held = Enumerable.Range(0, rows / 5 + (rows % 5 > 0 ? 1 : 0)).ToArray();
        var train = Enumerable.Range(0, rows).Except(held).ToArray();
        var last = cv.Alphas.Length - 1;
        var fit = Lasso.Fit(data.SelectRows(train), cv.Alphas[last], new FitOptions { Loss = LossKind.Poisson, Offset = [.. train.Select(i => offset[i])] }).ThrowIfFail();
        var eta = fit.DecisionFunction(data.SelectRows(held)).ThrowIfFail();
        var y = data.Target.ToArray();
        var expected = held.Select((i, k) => Losses.Poisson.Deviance(y[i], Math.Exp(eta[k] + offset[i]))).Average();
        Assert.Equal(expected, cv.FoldErrors[last][0], 4);
        var file = Path.Combine(Path.GetTempPath(), $"poisson-{Guid.NewGuid():N}.json");
        try
        {
            cv.Refit.Save(file).ThrowIfFail();
            var loaded = PenaltyGen.Fit.Load(file).ThrowIfFail();
            Assert.Equal(LossKind.Poisson, loaded.Loss);
            Assert.Equal(cv.Refit.Predict(data).ThrowIfFail(), loaded.Predict(data).ThrowIfFail());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Bad_counts_and_offsets_are_named()
    {
        var data = Data();
        var y = data.Target.ToArray();
        y[5] = -1;
        var negative = Dataset.FromColumnMajor(data.Features, y, data.FeatureNames.AsSpan()).ThrowIfFail();
        Assert.Equal("dataset, column 'target': row 5 holds -1; the Poisson loss takes counts ≥ 0",
            Lasso.Fit(negative, 0.1, new FitOptions { Loss = LossKind.Poisson }).Match(_ => "", e => e.Message));
        var zeros = Dataset.FromColumnMajor(data.Features, new double[data.Rows], data.FeatureNames.AsSpan()).ThrowIfFail();
        Assert.Equal("dataset, column 'target': every value is 0: the Poisson loss has no finite intercept (log of a zero mean)",
            Lasso.Fit(zeros, 0.1, new FitOptions { Loss = LossKind.Poisson }).Match(_ => "", e => e.Message));
        Assert.Equal("offset = 3 values is invalid: need one per row (200)",
            Lasso.Fit(data, 0.1, new FitOptions { Loss = LossKind.Poisson, Offset = [0, 0, 0] }).Match(_ => "", e => e.Message));
        Assert.Equal("offset = 200 values is invalid: does not apply to Logistic; an offset is folded into the Poisson loss only",
            Lasso.Fit(Dataset.FromColumnMajor(data.Features, data.Target.ToArray().Select(v => v > 0 ? 1.0 : 0.0).ToArray(), data.FeatureNames.AsSpan()).ThrowIfFail(), 0.1,
                new FitOptions { Loss = LossKind.Logistic, Offset = [.. new double[data.Rows]] }).Match(_ => "", e => e.Message));
    }
}

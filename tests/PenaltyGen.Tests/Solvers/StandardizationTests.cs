using System;
using System.Linq;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// <see cref="FitOptions.Standardize"/> (issue 15) against glmnet 4.1's standardize = TRUE (tests/reference/standardize.json,
/// generate.py standardize, glmnet_standardize.R): gaussian and binomial lasso paths and a weighted gaussian lasso on
/// features of very different scales, coefficients and intercepts on the original scale, both sides at tight tolerance.
/// </summary>
public class StandardizationTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("standardize.json");

    private static Dataset Data(string target)
    {
        var columns = Fixture.GetProperty("X").Matrix();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), Fixture.GetProperty(target).Doubles(),
            Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static (double Lambda, double Intercept, double[] Coef)[] Glmnet(string name) =>
        Fixture.GetProperty("glmnet").EnumerateArray().Where(e => e.GetProperty("case").GetString() == name)
            .Select(e => (e.GetProperty("lambda").GetDouble(), e.GetProperty("intercept").GetDouble(), e.GetProperty("coef").Doubles())).ToArray();

    [Theory]
    [InlineData("gaussian", "y")]
    [InlineData("binomial", "labels")]
    [InlineData("weighted", "y")]
    public void Standardized_paths_are_glmnets_on_the_original_scale(string name, string target)
    {
        var data = Data(target);
        var fits = Glmnet(name);
        var options = new FitOptions { Standardize = true, Tol = 1e-12, MaxIterations = 100_000 };
        if (name == "binomial") options = options with { Loss = LossKind.Logistic };
        if (name == "weighted") options = options with { SampleWeights = [.. Fixture.GetProperty("weights").Doubles()] };
        var path = Lasso.Path(data, fits.Select(f => f.Lambda).ToArray(), options).ThrowIfFail();
        for (var k = 0; k < fits.Length; k++)
        {
            var (lambda, intercept, coef) = fits[k];
            var scale = Math.Max(1.0, coef.Max(Math.Abs));
            Assert.True(path[k].Converged, path[k].Warning);
            for (var j = 0; j < coef.Length; j++) Assert.True(Math.Abs(coef[j] - path[k].Coefficients[j]) <= 1e-6 * scale, $"{name} λ {lambda}: coef[{j}] {path[k].Coefficients[j]} vs {coef[j]}");
            Assert.True(Math.Abs(intercept - path[k].Intercept) <= 1e-6 * Math.Max(1.0, Math.Abs(intercept)), $"{name} λ {lambda}: intercept {path[k].Intercept} vs {intercept}");
        }
        // The grid starts where glmnet's does: its first λ zeroes every standardized coefficient ("weighted" has a given λ list).
        if (name == "weighted") return;
        var grid = Lasso.AlphaGrid(data, fits.Length, 1e-4, options).ThrowIfFail();
        Assert.Equal(fits[0].Lambda, grid[0], fits[0].Lambda * 1e-10);
    }

    [Fact]
    public void A_single_fit_predicts_as_its_path_and_standardizing_changes_the_unstandardized_fit()
    {
        var data = Data("y");
        var lambda = Glmnet("gaussian")[5].Lambda;
        var options = new FitOptions { Standardize = true, Tol = 1e-12 };
        var fit = Lasso.Fit(data, lambda, options).ThrowIfFail();
        var path = Lasso.Path(data, [lambda], options).ThrowIfFail();
        for (var j = 0; j < data.Columns; j++) Assert.Equal(path[0].Coefficients[j], fit.Coefficients[j], 1e-9);
        var plain = Lasso.Fit(data, lambda, options with { Standardize = false }).ThrowIfFail();
        // x4 (scale 50) is shrunk far less without standardization: the penalty sees raw units.
        Assert.NotEqual(0, plain.NonZeroCount);
        var apart = Enumerable.Range(0, data.Columns).Max(j => Math.Abs(plain.Coefficients[j] - fit.Coefficients[j]));
        Assert.True(apart > 1e-3, $"the raw-scale fit is within {apart} of the standardized one");
    }
}

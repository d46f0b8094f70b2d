using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>sample_weight as scikit-learn 1.2.1 (tests/reference/weighted.json).</summary>
public class SampleWeightTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("weighted.json");
    private static readonly double[] Weights = Fixture.GetProperty("sample_weight").Doubles();

    public static TheoryData<int> Cases => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weighted_fits_match_scikit_learn(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        var model = c.GetProperty("model").GetString();
        var options = new FitOptions
        {
            SampleWeights = [.. Weights],
            FitIntercept = c.GetProperty("fit_intercept").GetBoolean(),
            Tol = 1e-12,
            MaxIterations = 1_000_000,
        };
        var data = Diabetes.Load();
        Fit fit = model switch
        {
            "lasso" => Lasso.Fit(data, 0.1, options).ThrowIfFail(),
            "elasticnet" => ElasticNet.Fit(data, 0.01, options with { L1Ratio = 0.5 }).ThrowIfFail(),
            _ => Ridge.Fit(data, 1.0, options).ThrowIfFail(),
        };
        var tolerance = model == "ridge" ? 1e-9 : 1e-6;
        var expected = c.GetProperty("coef").Doubles();
        var scale = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - fit.Coefficients[j]) <= tolerance * scale, $"{model} coef[{j}]: {fit.Coefficients[j]:R} vs {expected[j]:R}");
        Assert.Equal(c.GetProperty("intercept").GetDouble(), fit.Intercept, tolerance * Math.Max(1, Math.Abs(fit.Intercept)));
    }

    [Fact]
    public void Unit_weights_change_nothing()
    {
        var data = Diabetes.Load();
        var plain = Lasso.Fit(data, 0.05).ThrowIfFail();
        var ones = Lasso.Fit(data, 0.05, new FitOptions { SampleWeights = [.. Enumerable.Repeat(1.0, data.Rows)] }).ThrowIfFail();
        for (var j = 0; j < 10; j++) Assert.Equal(plain.Coefficients[j], ones.Coefficients[j], 1e-12);
    }

    [Fact]
    public void Bad_weights_are_errors_that_name_them()
    {
        var data = Diabetes.Load();
        string Error(FitOptions o) => Lasso.Fit(data, 0.1, o).Match(_ => "", e => e.Message);
        Assert.Equal("sample_weight = 3 values is invalid: need one per row (442)", Error(new FitOptions { SampleWeights = [1, 2, 3] }));
        var negative = Enumerable.Repeat(1.0, 442).ToArray();
        negative[7] = -1;
        Assert.Equal("sample_weight[7] = -1 is invalid: must be a finite number ≥ 0", Error(new FitOptions { SampleWeights = [.. negative] }));
        Assert.Equal("sample_weight = all 0 is invalid: at least one weight must be positive", Error(new FitOptions { SampleWeights = [.. new double[442]] }));
    }
}

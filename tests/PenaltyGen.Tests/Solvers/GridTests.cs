using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Validation;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// Where the automatic α grid starts, against scikit-learn 1.2.1's LassoCV (tests/reference/grids.json, generate.py grids):
/// a constant target gives its degenerate grid and a valid fit; a sign-constrained lasso starts where scikit-learn's
/// positive=True grid does, with the tighter start as an option.
/// </summary>
public class GridTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("grids.json");
    private static readonly FitOptions Tight = new() { Tol = 1e-10, MaxIterations = 1_000_000 };

    private static Dataset Data(double[] y)
    {
        var columns = Fixture.GetProperty("X").Matrix();
        var names = Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), y, names).ThrowIfFail();
    }

    [Fact]
    public void A_constant_target_gives_scikit_learns_degenerate_grid_and_a_valid_fit()
    {
        var expected = Fixture.GetProperty("constant_cv");
        var value = Fixture.GetProperty("constant").GetDouble();
        var data = Data(Enumerable.Repeat(value, 30).ToArray());
        var cv = Lasso.CrossValidate(data, new CrossValidationOptions { AlphaCount = 3, Folds = 3 }).ThrowIfFail();
        Assert.Equal(expected.GetProperty("alphas").Doubles(), cv.Alphas.ToArray());
        Assert.Equal(expected.GetProperty("alpha").GetDouble(), cv.AlphaMin);
        Assert.Equal(expected.GetProperty("mse_path").Matrix().SelectMany(r => r).ToArray(), cv.FoldErrors.SelectMany(r => r).ToArray());
        Assert.Equal(expected.GetProperty("coef").Doubles(), cv.Refit.Coefficients.ToArray());
        Assert.Equal(expected.GetProperty("intercept").GetDouble(), cv.Refit.Intercept);
        Assert.True(cv.Refit.Converged);
        var path = RegularizationPaths.Fit<Lasso.Penalty>(data, 3, 1e-3).ThrowIfFail();
        Assert.All(path.Fits, f => Assert.True(f.Converged && f.NonZeroCount == 0 && f.Intercept == value));
    }

    [Fact]
    public void A_non_negative_lasso_grid_starts_where_scikit_learns_positive_grid_does()
    {
        var expected = Fixture.GetProperty("positive_cv");
        var data = Data(Fixture.GetProperty("y").Doubles());
        var cv = NonNegativeLasso.CrossValidate(data, new CrossValidationOptions { AlphaCount = 5, Folds = 3 }, Tight).ThrowIfFail();
        var alphas = expected.GetProperty("alphas").Doubles();
        for (var i = 0; i < alphas.Length; i++) Assert.Equal(alphas[i], cv.Alphas[i], alphas[i] * 1e-12);
        Assert.Equal(expected.GetProperty("alpha").GetDouble(), cv.AlphaMin, 12);
        Assert.Equal(expected.GetProperty("coef").Doubles(), cv.Refit.Coefficients.ToArray());
        Assert.Equal(expected.GetProperty("intercept").GetDouble(), cv.Refit.Intercept, 12);
    }

    [Fact]
    public void The_exact_start_is_the_largest_positive_correlation()
    {
        var data = Data(Fixture.GetProperty("y").Doubles());
        // c_j = X_c,jᵀy_c / n; w = 0 is optimal for the non-negative lasso exactly while α ≥ max over c_j > 0.
        var y = data.Target.ToArray();
        var yMean = y.Average();
        var c = Enumerable.Range(0, data.Columns).Select(j =>
        {
            var x = Enumerable.Range(0, data.Rows).Select(i => data[i, j]).ToArray();
            var m = x.Average();
            return x.Select((v, i) => (v - m) * (y[i] - yMean)).Sum() / data.Rows;
        }).ToArray();
        Assert.True(c.Max(Math.Abs) > c.Max(), "the fixture's largest |c_j| is negative");
        var exact = NonNegativeLasso.AlphaGrid(data, 5, 1e-3, new FitOptions { GridStart = GridStart.Exact }).ThrowIfFail();
        Assert.Equal(c.Max(), exact[0], c.Max() * 1e-12);
        var scikitLearn = NonNegativeLasso.AlphaGrid(data, 5, 1e-3).ThrowIfFail();
        Assert.Equal(c.Max(Math.Abs), scikitLearn[0], c.Max(Math.Abs) * 1e-12);
    }

    [Fact]
    public void The_grid_start_is_refused_where_there_is_no_automatic_grid()
    {
        var data = Data(Fixture.GetProperty("y").Doubles());
        var exact = new FitOptions { GridStart = GridStart.Exact };
        Assert.Equal("grid_start = Exact is invalid: applies to an automatic α grid (paths, cross-validation), not to a single fit",
            Lasso.Fit(data, 0.1, exact).Match(_ => "", e => e.Message));
        Assert.Equal("grid_start = Exact is invalid: applies to an automatic α grid; these alphas are given explicitly",
            Lasso.Path(data, [0.1, 0.01], exact).Match(_ => "", e => e.Message));
    }
}

/// <summary>glmnet's penalty.factor (rescaled to sum to p) against glmnet 4.1 itself (tests/reference/factors.json, generate.py factors).</summary>
public class PenaltyFactorTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("factors.json");

    private static Dataset Data()
    {
        var columns = Fixture.GetProperty("X").Matrix();
        var names = Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), Fixture.GetProperty("y").Doubles(), names).ThrowIfFail();
    }

    public static TheoryData<int> Fits => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Fits))]
    public void Factors_rescaled_as_glmnet_rescales_them_give_glmnets_fit(int index)
    {
        var expected = Fixture.GetProperty("fits")[index];
        var factors = Fixture.GetProperty("penalty_factors").Doubles();
        var options = new FitOptions
        {
            L1Ratio = expected.GetProperty("l1_ratio").GetDouble(), PenaltyFactors = [.. factors],
            PenaltyFactorScaling = FactorScaling.SumToFeatures, Tol = 1e-14, MaxIterations = 1_000_000,
        };
        var alpha = expected.GetProperty("alpha").GetDouble();
        var fit = ElasticNet.Fit(Data(), alpha, options).ThrowIfFail();
        var coef = expected.GetProperty("coef").Doubles();
        for (var j = 0; j < coef.Length; j++) Assert.Equal(coef[j], fit.Coefficients[j], 1e-9);
        Assert.Equal(expected.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-9);
        // As given (the default) the same factors mean a different penalty: glmnet's sum to 6 here, these to 7.5.
        var asGiven = ElasticNet.Fit(Data(), alpha, options with { PenaltyFactorScaling = FactorScaling.AsGiven }).ThrowIfFail();
        Assert.True(Enumerable.Range(0, coef.Length).Max(j => Math.Abs(asGiven.Coefficients[j] - coef[j])) > 1e-3);
    }

    [Fact]
    public void Rescaling_needs_factors_and_one_of_them_positive()
    {
        Assert.Equal("penalty_factor_scaling = SumToFeatures is invalid: applies to given penalty factors; none are given",
            Lasso.Fit(Data(), 0.1, new FitOptions { PenaltyFactorScaling = FactorScaling.SumToFeatures }).Match(_ => "", e => e.Message));
        Assert.Equal("penalty_factors = all 0 is invalid: cannot be rescaled to sum to the number of features (glmnet's scaling needs one factor > 0)",
            Lasso.Fit(Data(), 0.1, new FitOptions { PenaltyFactors = [0, 0, 0, 0, 0, 0], PenaltyFactorScaling = FactorScaling.SumToFeatures }).Match(_ => "", e => e.Message));
    }
}

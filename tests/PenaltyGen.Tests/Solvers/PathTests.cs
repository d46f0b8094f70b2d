using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>lasso_path / enet_path on Diabetes: the automatic grid and the coefficients along it.</summary>
public class PathTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("paths.json");

    public static TheoryData<int> Paths => [0, 1, 2];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Grid_and_tight_coefficients_match_scikit_learn(int index)
    {
        var expected = Fixture.GetProperty("paths")[index];
        var ratio = expected.GetProperty("l1_ratio").GetDouble();
        var options = new FitOptions { L1Ratio = ratio == 1.0 ? null : ratio, Tol = 1e-12, MaxIterations = 100_000 };
        var data = Diabetes.Load();
        var grid = (ratio == 1.0 ? Lasso.AlphaGrid(data, options: options) : ElasticNet.AlphaGrid(data, options: options)).ThrowIfFail();
        var alphas = expected.GetProperty("alphas").Doubles();
        Assert.Equal(100, grid.Length);
        for (var i = 0; i < alphas.Length; i++) Assert.Equal(alphas[i], grid[i], alphas[i] * 1e-12);

        var path = (ratio == 1.0 ? Lasso.Path(data, grid, options) : ElasticNet.Path(data, grid, options)).ThrowIfFail();
        var coefs = expected.GetProperty("coefs").Matrix();
        var scale = coefs.Max(c => c.Max(Math.Abs));
        for (var i = 0; i < alphas.Length; i++)
        {
            Assert.True(path[i].Converged, path[i].Warning);
            for (var j = 0; j < 10; j++)
                Assert.True(Math.Abs(coefs[i][j] - path[i].Coefficients[j]) <= 1e-6 * scale, $"α[{i}] coef[{j}]: {path[i].Coefficients[j]} vs {coefs[i][j]}");
        }
    }

    [Fact]
    public void Each_fit_of_a_path_is_told_how_many_follow_it()
    {
        // The covariance solver's rent-or-buy rule plans over the fits still to come; the count was once advanced only
        // inside the progress callback, so a path without a callback planned as if every fit were its first.
        var alphas = new[] { 0.1, 1.0, 0.01, 0.5 };
        Assert.Equal([(1, 3), (3, 2), (0, 1), (2, 0)], RegularizationPaths.Schedule(alphas).ToArray());
        var heard = new System.Collections.Generic.List<int>();
        Lasso.Path(Diabetes.Load(), alphas, progress: (done, total) => heard.Add(done * 10 + total)).ThrowIfFail();
        Assert.Equal([14, 24, 34, 44], heard);
    }

    [Fact]
    public void A_path_keeps_the_order_given_and_warm_starts_from_the_largest_alpha()
    {
        var data = Diabetes.Load();
        var path = Lasso.Path(data, [0.01, 1.0, 0.1]).ThrowIfFail();
        Assert.Equal(new[] { 0.01, 1.0, 0.1 }, path.Alphas);
        Assert.Equal(new[] { 0.01, 1.0, 0.1 }, path.Fits.Select(f => f.Alpha));
        var single = Lasso.Fit(data, 0.1).ThrowIfFail();
        Assert.True(path[2].Iterations <= single.Iterations, "the warm start should not cost more sweeps than a cold start");
    }

    [Theory]
    [InlineData(60, 400)]
    [InlineData(400, 60)]
    public void Working_sets_reach_the_same_path_as_plain_sweeps(int rows, int columns)
    {
        var random = new Random(rows * columns);
        var x = new double[rows * columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5 + (k >= rows ? 0.5 * x[k - rows] : 0);
        var y = new double[rows];
        for (var i = 0; i < rows; i++) y[i] = 3 * x[i] - 2 * x[5 * rows + i] + x[17 * rows + i] + 0.1 * (random.NextDouble() - 0.5);
        var data = Dataset.FromColumnMajor(x, y, Enumerable.Range(0, columns).Select(j => $"x{j}").ToArray()).ThrowIfFail();
        var tight = new FitOptions { Tol = 1e-12, MaxIterations = 100_000 };
        var grid = Lasso.AlphaGrid(data, 30, 1e-3, tight).ThrowIfFail();
        var plain = Lasso.Path(data, grid, tight with { Screening = Screening.None }).ThrowIfFail();
        var working = Lasso.Path(data, grid, tight with { Screening = Screening.WorkingSet }).ThrowIfFail();
        for (var i = 0; i < grid.Length; i++)
        {
            Assert.True(working[i].Converged, working[i].Warning);
            Assert.True(working[i].DualityGap <= 1e-12 * y.Select(v => v * v).Sum(), $"gap {working[i].DualityGap}");
            var scale = Math.Max(1e-12, plain[i].Coefficients.Max(Math.Abs));
            for (var j = 0; j < columns; j++)
                Assert.True(Math.Abs(plain[i].Coefficients[j] - working[i].Coefficients[j]) <= 1e-6 * scale, $"α[{i}] coef[{j}]");
        }
    }

    public static TheoryData<string> GridVariants => ["diabetes", "no intercept", "sample weights", "penalty factors", "elastic net", "plain sweeps", "tall"];

    [Theory]
    [MemberData(nameof(GridVariants))]
    public void A_path_that_computes_its_own_grid_equals_the_grid_then_the_path_bit_for_bit(string variant)
    {
        // The path takes α_max from its workspace (no separate read of X): the same grid, the same fits, exact zeros at α_max.
        var data = variant == "tall" ? CovarianceTests.TallData() : Diabetes.Load();
        var weights = Enumerable.Range(0, data.Rows).Select(i => 0.5 + i % 3).ToArray();
        var o = variant switch
        {
            "no intercept" => new FitOptions { FitIntercept = false },
            "sample weights" => new FitOptions { SampleWeights = [.. weights] },
            "penalty factors" => new FitOptions { PenaltyFactors = [1, 0.5, 2, 1, 1, 0, 1, 3, 1, 1] },
            "elastic net" => new FitOptions { L1Ratio = 0.3 },
            "plain sweeps" => new FitOptions { Screening = Screening.None },
            _ => FitOptions.Default,
        };
        var fused = variant == "elastic net"
            ? RegularizationPaths.Fit<ElasticNet.Penalty>(data, 25, 1e-2, o).ThrowIfFail()
            : RegularizationPaths.Fit<Lasso.Penalty>(data, 25, 1e-2, o).ThrowIfFail();
        var grid = (variant == "elastic net" ? ElasticNet.AlphaGrid(data, 25, 1e-2, o) : Lasso.AlphaGrid(data, 25, 1e-2, o)).ThrowIfFail();
        var separate = (variant == "elastic net" ? ElasticNet.Path(data, grid, o) : Lasso.Path(data, grid, o)).ThrowIfFail();
        Assert.Equal(grid.ToArray(), fused.Alphas.ToArray());
        for (var i = 0; i < grid.Length; i++) Assert.Equal(separate[i].Coefficients.ToArray(), fused[i].Coefficients.ToArray());
        // At α_max every penalized coefficient is exactly zero (an unpenalized one, factor 0, is not).
        for (var j = 0; j < data.Columns; j++)
        {
            if (o.PenaltyFactors.IsEmpty || o.PenaltyFactors[j] != 0) Assert.Equal(0.0, fused[0].Coefficients[j]);
        }
        Assert.Contains(fused[1].Coefficients, c => c != 0);
    }

    [Theory]
    [InlineData(0, 1e-3, "n_alphas = 0 is invalid: must be ≥ 1")]
    [InlineData(10, 1.0, "eps = 1 is invalid: must lie strictly between 0 and 1")]
    public void A_path_with_a_bad_grid_request_names_the_parameter(int count, double eps, string message) =>
        Assert.Equal(message, RegularizationPaths.Fit<Lasso.Penalty>(Diabetes.Load(), count, eps).Match(_ => "", e => e.Message));

    [Fact]
    public void A_penalty_without_alpha_max_needs_an_explicit_grid()
    {
        var error = Ridge.AlphaGrid(Diabetes.Load()).Match(_ => "", e => e.Message);
        Assert.StartsWith("alphas = automatic is invalid: the penalty g(w) = 0.5·w² has no finite α_max", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0, "alpha = -1 is invalid: must be a finite number ≥ 0")]
    [InlineData(double.NaN, "alpha = NaN is invalid: must be a finite number ≥ 0")]
    public void Bad_alphas_are_errors(double alpha, string message) =>
        Assert.Equal(message, Lasso.Fit(Diabetes.Load(), alpha).Match(_ => "", e => e.Message));

    [Fact]
    public void Bad_options_name_the_parameter()
    {
        var data = Diabetes.Load();
        Assert.Equal("tol = 0 is invalid: must be a finite number > 0", Lasso.Fit(data, 1, new FitOptions { Tol = 0 }).Match(_ => "", e => e.Message));
        Assert.Equal("max_iter = 0 is invalid: must be ≥ 1", Lasso.Fit(data, 1, new FitOptions { MaxIterations = 0 }).Match(_ => "", e => e.Message));
        Assert.Equal("l1_ratio = 1.5 is invalid: must lie in [0, 1]", ElasticNet.Fit(data, 1, new FitOptions { L1Ratio = 1.5 }).Match(_ => "", e => e.Message));
        Assert.Equal("penalty_factors[2] (bmi) = -1 is invalid: must be a finite number ≥ 0",
            Lasso.Fit(data, 1, new FitOptions { PenaltyFactors = [1, 1, -1, 1, 1, 1, 1, 1, 1, 1] }).Match(_ => "", e => e.Message));
        Assert.Equal("dataset, column 'target': row 2 holds 141, a third class after 151 and 75; the logistic loss takes two classes",
            Lasso.Fit(data, 1, new FitOptions { Loss = LossKind.Logistic }).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Non_convergence_is_reported_not_thrown()
    {
        var fit = Lasso.Fit(Diabetes.Load(), 1e-4, new FitOptions { MaxIterations = 3 }).ThrowIfFail();
        Assert.False(fit.Converged);
        Assert.Equal(3, fit.Iterations);
        Assert.StartsWith("Objective did not converge after 3 iterations.", fit.Warning, StringComparison.Ordinal);
        Assert.Contains("Duality gap: ", fit.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpenalized_features_keep_their_least_squares_weight()
    {
        var data = Diabetes.Load();
        var factors = Enumerable.Repeat(1.0, 10).ToArray();
        factors[2] = 0; // bmi unpenalized
        var fit = Lasso.Fit(data, 100.0, new FitOptions { PenaltyFactors = [.. factors] }).ThrowIfFail();
        Assert.Equal(1, fit.NonZeroCount);
        Assert.NotEqual(0, fit.Coefficients[2]);
    }
}

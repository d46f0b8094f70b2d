using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The covariance-mode solver (working sets on a Gram cache) against scikit-learn's lasso_path on tall data, in
/// both of its regimes: a sparse path that keeps a small cache and bounds the rest along the path's tangents,
/// and a dense one where the rent-or-buy rule completes the Gram matrix. Residual mode must agree too.
/// </summary>
public class CovarianceTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("tall.json");

    /// <summary>The fixture's data, rebuilt from the same MT19937 draws as tests/reference/generate.py.</summary>
    internal static Dataset TallData() => TallData(Fixture.GetProperty("rows").GetInt32(), Fixture.GetProperty("columns").GetInt32());

    /// <summary>generate.py's tall_data(n, p): AR(1) columns from MT19937 draws, 10 true non-zeros, uniform noise.</summary>
    internal static Dataset TallData(int n, int p)
    {
        var random = new RandomState(11);
        var draws = new double[n * p + n];
        for (var k = 0; k < draws.Length; k++) draws[k] = random.NextUInt32() / 4294967296.0 - 0.5;
        var x = new double[n * p];
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i < n; i++) x[j * n + i] = (j == 0 ? 0 : 0.5 * x[(j - 1) * n + i]) + draws[j * n + i];
        }
        var w = new double[p];
        for (int k = 0, j = 0; j < p; k++, j += p / 10) w[j] = (1.0 + k / 10.0) * (k % 2 == 0 ? 1 : -1);
        var y = new double[n];
        for (var j = 0; j < p; j++)
        {
            for (var i = 0; i < n; i++) y[i] += x[j * n + i] * w[j];
        }
        for (var i = 0; i < n; i++) y[i] += draws[n * p + i];
        return Dataset.FromColumnMajor(x, y, Enumerable.Range(0, p).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    public static TheoryData<int, Precompute> Cases()
    {
        var data = new TheoryData<int, Precompute>();
        foreach (var path in new[] { 0, 1 })
            foreach (var mode in new[] { Precompute.Auto, Precompute.Always, Precompute.Never })
                data.Add(path, mode);
        return data;
    }

    [Theory]
    [InlineData(2000, 2000, Precompute.Auto, true)]
    [InlineData(1800, 2000, Precompute.Auto, true)]
    [InlineData(1799, 2000, Precompute.Auto, false)]
    [InlineData(300, 6000, Precompute.Auto, false)]
    [InlineData(5000, 1000, Precompute.Auto, true)]
    [InlineData(100_000, 4097, Precompute.Auto, false)]
    [InlineData(100_000, 4097, Precompute.Always, false)]
    [InlineData(300, 4096, Precompute.Always, true)]
    [InlineData(5000, 1000, Precompute.Never, false)]
    public void The_mode_rule_takes_the_Gram_cache_from_n_at_least_nine_tenths_of_p(int n, int p, Precompute precompute, bool covariance) =>
        Assert.Equal(covariance, CovarianceMode.Chosen(n, p, precompute));

    [Fact]
    public void The_data_are_the_fixtures()
    {
        var head = Fixture.GetProperty("y_head").Doubles();
        var data = TallData();
        for (var i = 0; i < head.Length; i++) Assert.Equal(head[i], data.Target[i], 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tall_paths_match_scikit_learn(int index, Precompute mode)
    {
        var expected = Fixture.GetProperty("paths")[index];
        var data = TallData();
        var options = new FitOptions { Tol = 1e-10, MaxIterations = 1_000_000, Precompute = mode };
        var grid = Lasso.AlphaGrid(data, expected.GetProperty("n_alphas").GetInt32(), expected.GetProperty("eps").GetDouble(), options).ThrowIfFail();
        var alphas = expected.GetProperty("alphas").Doubles();
        for (var i = 0; i < alphas.Length; i++) Assert.Equal(alphas[i], grid[i], alphas[i] * 1e-12);
        var path = Lasso.Path(data, grid, options).ThrowIfFail();
        var coefs = expected.GetProperty("coefs").Matrix();
        var scale = coefs.Max(c => c.Max(Math.Abs));
        for (var i = 0; i < alphas.Length; i++)
        {
            Assert.True(path[i].Converged, path[i].Warning);
            for (var j = 0; j < data.Columns; j++)
                Assert.True(Math.Abs(coefs[i][j] - path[i].Coefficients[j]) <= 1e-6 * scale, $"α[{i}] coef[{j}]: {path[i].Coefficients[j]} vs {coefs[i][j]}");
        }
        Assert.Equal(expected.GetProperty("nonzero_last").GetInt32(), path.Fits[^1].NonZeroCount);
    }

    /// <summary>Runs the path fold by hand to look at the cache afterwards.</summary>
    private static (CovarianceState Cache, Fit Last) RunCovariance(int index)
    {
        var expected = Fixture.GetProperty("paths")[index];
        var data = TallData();
        var options = new FitOptions { Tol = 1e-10, MaxIterations = 1_000_000, Screening = Screening.WorkingSet, Precompute = Precompute.Always };
        var grid = Lasso.AlphaGrid(data, expected.GetProperty("n_alphas").GetInt32(), expected.GetProperty("eps").GetDouble(), options).ThrowIfFail();
        var ws = Estimator.CreateWorkspace<LeastSquares>(data, options);
        Fit last = null!;
        for (var i = 0; i < grid.Length; i++)
            last = Estimator.FitWith<Lasso.Penalty, LeastSquares>(ws, data, grid[i], options, remaining: grid.Length - i - 1, finalAlpha: grid[^1]);
        return (ws.Path.Covariance, last);
    }

    [Fact]
    public void A_paths_first_fit_takes_its_products_from_the_workspace_without_a_pass()
    {
        // At w = 0 the residual is the prepared target, and X_jᵀỹ was computed while the workspace prepared the columns.
        var data = TallData();
        var options = new FitOptions { Screening = Screening.WorkingSet, Precompute = Precompute.Always };
        var grid = Lasso.AlphaGrid(data, 10, 1e-2, options).ThrowIfFail();
        var ws = Estimator.CreateWorkspace<LeastSquares>(data, options);
        var first = Estimator.FitWith<Lasso.Penalty, LeastSquares>(ws, data, grid[0], options, remaining: 9, finalAlpha: grid[^1]);
        Assert.Equal(0, first.NonZeroCount);
        Assert.Equal(0, ws.Path.Covariance.Passes);
        Assert.Equal(ws.Data.TargetProducts, ws.Path.Covariance.Cached);
        Assert.True(first.Converged);
    }

    [Fact]
    public void A_sparse_path_keeps_a_small_cache()
    {
        var (cache, last) = RunCovariance(0);
        Assert.True(last.Converged, last.Warning);
        Assert.True(cache.Count < 100, $"the sparse path cached {cache.Count} of 150 features");
        Assert.True(cache.Count >= last.NonZeroCount, "every non-zero coefficient lives in the cache");
    }

    [Fact]
    public void A_dense_path_buys_the_whole_gram_matrix()
    {
        var (cache, last) = RunCovariance(1);
        Assert.True(last.Converged, last.Warning);
        Assert.Equal(150, cache.Count);
    }

    [Theory]
    [InlineData(2.0, true)]
    [InlineData(1e4, false)]
    public void Centring_is_implicit_only_when_the_means_are_small(double shift, bool implicitCentring)
    {
        // Shifting every column by shift·σ changes nothing after centring; past 4σ the solver must copy X instead.
        var data = TallData();
        int n = data.Rows, p = data.Columns;
        var x = data.Features.ToArray();
        for (var j = 0; j < p; j++)
        {
            var column = x.AsSpan(j * n, n);
            var mean = column.ToArray().Average();
            var sd = Math.Sqrt(column.ToArray().Select(v => (v - mean) * (v - mean)).Average());
            for (var i = 0; i < n; i++) column[i] += shift * sd;
        }
        var shifted = Dataset.FromColumnMajor(x, data.Target.ToArray(), data.FeatureNames.AsSpan()).ThrowIfFail();
        var options = new FitOptions { Tol = 1e-10, MaxIterations = 1_000_000, Screening = Screening.WorkingSet, Precompute = Precompute.Always };
        Assert.Equal(implicitCentring, Estimator.CreateWorkspace<LeastSquares>(shifted, options).Data.ImplicitCentring);
        var grid = Lasso.AlphaGrid(data, 20, 1e-2, options).ThrowIfFail();
        var reference = Lasso.Path(data, grid, options with { Precompute = Precompute.Never }).ThrowIfFail();
        var path = Lasso.Path(shifted, grid, options).ThrowIfFail();
        var scale = reference.Fits.Max(f => f.Coefficients.Max(Math.Abs));
        for (var i = 0; i < grid.Length; i++)
        {
            Assert.True(path[i].Converged, path[i].Warning);
            for (var j = 0; j < p; j++)
                Assert.True(Math.Abs(reference[i].Coefficients[j] - path[i].Coefficients[j]) <= 1e-6 * scale, $"α[{i}] coef[{j}]");
        }
    }

    public static TheoryData<string> Variants => ["elasticnet with penalty factors", "nonnegative", "sample weights", "warm-started single fit"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Covariance_and_residual_modes_agree(string variant)
    {
        var data = TallData();
        int n = data.Rows, p = data.Columns;
        var options = new FitOptions { Tol = 1e-10, MaxIterations = 1_000_000, Screening = Screening.WorkingSet };
        Fit[] Run(Precompute mode)
        {
            var o = options with { Precompute = mode };
            switch (variant)
            {
                case "elasticnet with penalty factors":
                    // Three unpenalized features, some penalized twice as much: the working set must keep the first.
                    o = o with { L1Ratio = 0.3, PenaltyFactors = [.. Enumerable.Range(0, p).Select(j => j % 50 == 1 ? 0.0 : j % 3 == 0 ? 2.0 : 1.0)] };
                    return [.. ElasticNet.Path(data, ElasticNet.AlphaGrid(data, 15, 1e-2, o).ThrowIfFail(), o).ThrowIfFail().Fits];
                case "nonnegative":
                    return [.. NonNegativeLasso.Path(data, Lasso.AlphaGrid(data, 15, 1e-2, o).ThrowIfFail(), o).ThrowIfFail().Fits];
                case "sample weights":
                    o = o with { SampleWeights = [.. Enumerable.Range(0, n).Select(i => 0.5 + i % 4)] };
                    return [.. Lasso.Path(data, Lasso.AlphaGrid(data, 15, 1e-2, o).ThrowIfFail(), o).ThrowIfFail().Fits];
                default:
                    var start = Lasso.Fit(data, 0.05, options).ThrowIfFail();
                    return [Lasso.Fit(data, 0.01, o with { WarmStart = start.Coefficients }).ThrowIfFail()];
            }
        }
        var covariance = Run(Precompute.Always);
        var residual = Run(Precompute.Never);
        var scale = residual.Max(f => f.Coefficients.Max(Math.Abs));
        for (var i = 0; i < residual.Length; i++)
        {
            Assert.True(covariance[i].Converged, covariance[i].Warning);
            Assert.True(residual[i].Converged, residual[i].Warning);
            for (var j = 0; j < p; j++)
                Assert.True(Math.Abs(residual[i].Coefficients[j] - covariance[i].Coefficients[j]) <= 1e-6 * scale, $"fit {i} coef[{j}]: {covariance[i].Coefficients[j]} vs {residual[i].Coefficients[j]}");
            Assert.Equal(residual[i].Intercept, covariance[i].Intercept, 1e-6 * Math.Max(1, Math.Abs(residual[i].Intercept)));
        }
        if (variant == "nonnegative") Assert.All(covariance.SelectMany(f => f.Coefficients), c => Assert.True(c >= 0));
        if (variant.StartsWith("elasticnet", StringComparison.Ordinal)) Assert.NotEqual(0.0, covariance[0].Coefficients[1]);
    }
}

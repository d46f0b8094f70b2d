using System;
using System.Collections.Generic;
using System.Linq;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using PenaltyGen.Paths;
using PenaltyGen.Validation;
using Xunit;

namespace PenaltyGen.Tests.Sparse;

/// <summary>
/// A fit on sparse features equals the fit on the same data stored dense (1e-10 relative): the sparse solver centres
/// implicitly, so its intercept and coefficients are those of the centred problem the dense solvers solve.
/// </summary>
public class DenseSparseTests
{
    /// <summary>Counts-like sparse data (non-negative values: every column's mean is away from 0), 10% dense, a target from 8 features.</summary>
    internal static (Dataset Sparse, Dataset Dense) Data(int n = 300, int p = 60, double density = 0.1, int seed = 7, Func<double, double>? link = null)
    {
        var random = new Random(seed);
        var starts = new List<int> { 0 };
        var (rows, values) = (new List<int>(), new List<double>());
        var eta = new double[n];
        for (var j = 0; j < p; j++)
        {
            var beta = j < 8 ? (j % 2 == 0 ? 1.0 : -0.7) * (1 + j / 4.0) : 0.0;
            for (var i = 0; i < n; i++)
            {
                if (random.NextDouble() >= density) continue;
                var v = 1 + random.Next(5) + random.NextDouble();
                rows.Add(i);
                values.Add(v);
                eta[i] += beta * v;
            }
            starts.Add(rows.Count);
        }
        var y = eta.Select(e => link is null ? e + random.NextDouble() - 0.5 : link(e / 4 + random.NextDouble() - 0.5)).ToArray();
        if (link is not null && y.All(v => v is 0 or 1)) y = y.Select(v => v).ToArray();
        var names = Enumerable.Range(0, p).Select(j => $"f{j}").ToArray();
        var sparse = Dataset.FromSparse(n, starts.ToArray(), rows.ToArray(), values.ToArray(), y, names).ThrowIfFail();
        return (sparse, sparse.ToDense());
    }

    internal static void Same(Fit dense, Fit sparse, double tolerance = 1e-10)
    {
        Assert.True(dense.Converged, dense.Warning);
        Assert.True(sparse.Converged, sparse.Warning);
        var scale = Math.Max(1.0, dense.Coefficients.Max(Math.Abs));
        for (var j = 0; j < dense.Coefficients.Length; j++)
            Assert.True(Math.Abs(dense.Coefficients[j] - sparse.Coefficients[j]) <= tolerance * scale, $"w[{j}]: sparse {sparse.Coefficients[j]:R} vs dense {dense.Coefficients[j]:R}");
        Assert.True(Math.Abs(dense.Intercept - sparse.Intercept) <= tolerance * Math.Max(1.0, Math.Abs(dense.Intercept)), $"b: sparse {sparse.Intercept:R} vs dense {dense.Intercept:R}");
    }

    private static readonly FitOptions Tight = new() { Tol = 1e-14, MaxIterations = 100_000 };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lasso_least_squares(bool intercept)
    {
        var (sparse, dense) = Data();
        var o = Tight with { FitIntercept = intercept };
        Same(Lasso.Fit(dense, 0.05, o).ThrowIfFail(), Lasso.Fit(sparse, 0.05, o).ThrowIfFail());
    }

    [Fact]
    public void Elastic_net_with_sample_weights()
    {
        var (sparse, dense) = Data();
        var weights = Enumerable.Range(0, sparse.Rows).Select(i => 0.5 + i % 3).ToArray();
        var o = Tight with { L1Ratio = 0.3, SampleWeights = [.. weights] };
        Same(ElasticNet.Fit(dense, 0.02, o).ThrowIfFail(), ElasticNet.Fit(sparse, 0.02, o).ThrowIfFail());
    }

    [Fact]
    public void Ridge()
    {
        var (sparse, dense) = Data();
        Same(PenaltyGen.Models.Ridge.Fit(dense, 3.0, Tight).ThrowIfFail(), PenaltyGen.Models.Ridge.Fit(sparse, 3.0, Tight).ThrowIfFail());
    }

    [Fact]
    public void Logistic_l1()
    {
        var (sparse, dense) = Data(link: e => e > 0.5 ? 1 : 0);
        var o = Tight with { Loss = LossKind.Logistic };
        Same(Lasso.Fit(dense, 0.01, o).ThrowIfFail(), Lasso.Fit(sparse, 0.01, o).ThrowIfFail());
    }

    [Fact]
    public void Poisson_elastic_net()
    {
        var random = new Random(3);
        var (sparse, dense) = Data(link: e => Math.Round(Math.Exp(Math.Clamp(e / 3, -3, 3)) * (0.5 + random.NextDouble())));
        var o = Tight with { Loss = LossKind.Poisson, L1Ratio = 0.5 };
        Same(ElasticNet.Fit(dense, 0.01, o).ThrowIfFail(), ElasticNet.Fit(sparse, 0.01, o).ThrowIfFail());
    }

    [Fact]
    public void Standardized_lasso()
    {
        var (sparse, dense) = Data();
        var o = Tight with { Standardize = true };
        Same(Lasso.Fit(dense, 0.05, o).ThrowIfFail(), Lasso.Fit(sparse, 0.05, o).ThrowIfFail());
    }

    [Fact]
    public void Minimax_concave_penalty()
    {
        var (sparse, dense) = Data();
        var o = Tight with { Standardize = true };
        Same(Mcp.Fit(dense, 0.1, o).ThrowIfFail(), Mcp.Fit(sparse, 0.1, o).ThrowIfFail());
    }

    [Fact]
    public void Lasso_path_and_its_grid()
    {
        var (sparse, dense) = Data();
        var d = RegularizationPaths.Fit<Lasso.Penalty>(dense, 50, 1e-3, Tight).ThrowIfFail();
        var s = RegularizationPaths.Fit<Lasso.Penalty>(sparse, 50, 1e-3, Tight).ThrowIfFail();
        for (var k = 0; k < d.Alphas.Length; k++) Assert.Equal(d.Alphas[k], s.Alphas[k], 1e-12 * d.Alphas[0]);
        for (var k = 0; k < d.Fits.Length; k++) Same(d.Fits[k], s.Fits[k]);
    }

    [Fact]
    public void Logistic_path()
    {
        var (sparse, dense) = Data(link: e => e > 0.5 ? 1 : 0);
        var o = Tight with { Loss = LossKind.Logistic };
        var d = RegularizationPaths.Fit<Lasso.Penalty>(dense, 30, 1e-2, o).ThrowIfFail();
        var s = RegularizationPaths.Fit<Lasso.Penalty>(sparse, 30, 1e-2, o).ThrowIfFail();
        for (var k = 0; k < d.Fits.Length; k++) Same(d.Fits[k], s.Fits[k], 1e-9);
    }

    /// <summary>Three classes from the linear predictor's terciles.</summary>
    private static (Dataset Sparse, Dataset Dense) Classes()
    {
        var (sparse, _) = Data();
        var sorted = sparse.Target.ToArray().Order().ToArray();
        var (low, high) = (sorted[sparse.Rows / 3], sorted[2 * sparse.Rows / 3]);
        var classes = sparse.WithTarget([.. sparse.Target.ToArray().Select(v => v < low ? 0.0 : v < high ? 1 : 2)]);
        return (classes, classes.ToDense());
    }

    [Theory]
    [InlineData(MultinomialType.Ungrouped)]
    [InlineData(MultinomialType.Grouped)]
    public void Multinomial_fits_and_paths(MultinomialType type)
    {
        var (sparse, dense) = Classes();
        var o = Tight with { Loss = LossKind.Multinomial, Multinomial = type, Tol = 1e-12 };
        var d = Lasso.Fit(dense, 0.01, o).ThrowIfFail();
        var s = Lasso.Fit(sparse, 0.01, o).ThrowIfFail();
        Assert.True(d.Converged && s.Converged, d.Warning ?? s.Warning);
        var scale = d.Coefficients.Max(Math.Abs);
        for (var j = 0; j < d.Coefficients.Length; j++) Assert.True(Math.Abs(d.Coefficients[j] - s.Coefficients[j]) <= 1e-9 * scale, $"w[{j}] {s.Coefficients[j]} vs {d.Coefficients[j]}");
        for (var k = 0; k < 3; k++) Assert.Equal(d.Intercepts[k], s.Intercepts[k], 1e-9);
        var dp = RegularizationPaths.Fit<Lasso.Penalty>(dense, 10, 1e-2, o).ThrowIfFail();
        var sp = RegularizationPaths.Fit<Lasso.Penalty>(sparse, 10, 1e-2, o).ThrowIfFail();
        for (var a = 0; a < 10; a++)
        {
            Assert.Equal(dp.Alphas[a], sp.Alphas[a], 1e-12 * dp.Alphas[0]);
            for (var j = 0; j < d.Coefficients.Length; j++) Assert.True(Math.Abs(dp.Fits[a].Coefficients[j] - sp.Fits[a].Coefficients[j]) <= 1e-9 * scale);
        }
        var probabilities = (d.PredictProbabilities(dense).ThrowIfFail(), s.PredictProbabilities(sparse).ThrowIfFail());
        Assert.Equal(probabilities.Item1[7, 2], probabilities.Item2[7, 2], 1e-9);
    }

    [Fact]
    public void Cross_validation_and_scores()
    {
        var (sparse, dense) = Data();
        var cv = new CrossValidationOptions { Folds = 5, AlphaCount = 20 };
        var d = CrossValidation.Run<Lasso.Penalty>(dense, cv, Tight).ThrowIfFail();
        var s = CrossValidation.Run<Lasso.Penalty>(sparse, cv, Tight).ThrowIfFail();
        for (var k = 0; k < d.MeanError.Length; k++) Assert.Equal(d.MeanError[k], s.MeanError[k], 1e-9 * d.MeanError[k]);
        Assert.Equal(d.AlphaMin, s.AlphaMin);
        Same(d.Refit, s.Refit);
        Assert.Equal(d.Refit.Score(dense).ThrowIfFail(), s.Refit.Score(sparse).ThrowIfFail(), 12);
    }
}

/// <summary>What sparse features do not take is refused with the reason and what to do, before any arithmetic.</summary>
public class SparseRefusalTests
{
    private static readonly Dataset Sparse = DenseSparseTests.Data().Sparse;

    private static string Error(LanguageExt.Fin<Fit> result) => result.Match(_ => "(no error)", e => e.Message);

    [Fact]
    public void Group_penalties_other_solvers_and_gram_settings_are_refused()
    {
        Assert.StartsWith("data: holds sparse features, and PenaltyGen.Models.GroupLasso's g(w) =",
            Error(GroupLasso.Fit(Sparse, 0.1, new FitOptions { Groups = [.. Enumerable.Range(0, Sparse.Columns).Select(j => j / 2)] })));
        Assert.Equal("solver = Fista is invalid: does not take sparse features, which coordinate descent fits; leave the solver unset",
            Error(Lasso.Fit(Sparse, 0.1, new FitOptions { Solver = SolverKind.Fista })));
        Assert.Equal("solver = Direct is invalid: does not take sparse features, which coordinate descent fits; leave the solver unset",
            Error(PenaltyGen.Models.Ridge.Fit(Sparse, 0.1, new FitOptions { Solver = SolverKind.Direct })));
        Assert.Equal("precompute = Always is invalid: does not apply to sparse features (no Gram matrix is made from them); leave it unset",
            Error(Lasso.Fit(Sparse, 0.1, new FitOptions { Precompute = Precompute.Always, Screening = Screening.WorkingSet })));
        Assert.Equal("data: holds sparse features; statistics are summed from dense rows: convert them with Dataset.ToDense()",
            PenaltyGen.Statistics.GramStatistics.Of(Sparse).Match(_ => "(no error)", e => e.Message));
        Assert.Equal("source: a chunk holds sparse features; streamed fits sum dense rows (fit sparse features in memory, or convert the chunks with Dataset.ToDense())",
            PenaltyGen.Statistics.StreamingFits.Fit<Lasso.Penalty, PenaltyGen.Losses.Logistic>(PenaltyGen.Statistics.StreamingFits.Slices(Sparse, 50), 0.1).Match(_ => "(no error)", e => e.Message));
    }
}

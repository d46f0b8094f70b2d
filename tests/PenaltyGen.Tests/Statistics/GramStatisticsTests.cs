using System;
using System.Collections.Immutable;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Statistics;
using Xunit;

namespace PenaltyGen.Tests.Statistics;

/// <summary>
/// Sufficient statistics (issue 16): they merge as a monoid, do not depend on the chunking beyond rounding, and fits, paths,
/// cross-validation and scores from them equal the in-memory ones on the same rows (1e-10 relative, both at tol 1e-12) —
/// on the Diabetes data and on a copy moved far from the origin (features + 1e4, target + 1e6), where raw sums would cancel.
/// </summary>
public class GramStatisticsTests
{
    private static readonly FitOptions Tight = new() { Tol = 1e-12, MaxIterations = 100_000 };

    private static Dataset Far()
    {
        var d = Diabetes.Load();
        return Dataset.FromColumnMajor(d.Features.ToArray().Select(v => v + 1e4).ToArray(), d.Target.ToArray().Select(v => v + 1e6).ToArray(),
            d.FeatureNames.ToArray()).ThrowIfFail();
    }

    private static ImmutableArray<double> Weights(int n) => [.. Enumerable.Range(0, n).Select(i => 0.5 + (i * 7919 % 13) / 6.0)];

    private static void Near(ImmutableArray<double> expected, ImmutableArray<double> actual, double relative, string what, double scale = 0)
    {
        scale = Math.Max(scale, Math.Max(1e-300, expected.Max(Math.Abs)));
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - actual[j]) <= relative * scale, $"{what}[{j}]: {actual[j]:R} vs {expected[j]:R}");
    }

    [Fact]
    public void Merging_is_a_monoid_and_the_chunking_changes_nothing_beyond_rounding()
    {
        var data = Far();
        var whole = GramStatistics.Of(data, chunkRows: 1000).ThrowIfFail();
        var parts = new[] { 0, 100, 250, 442 }.Zip(new[] { 100, 250, 442 }).Select(t =>
            GramStatistics.Of(data.SelectRows(Enumerable.Range(t.Item1, t.Item2 - t.Item1).ToArray()), chunkRows: 64).ThrowIfFail()).ToArray();
        var left = parts[0].Merge(parts[1]).ThrowIfFail().Merge(parts[2]).ThrowIfFail();
        var right = parts[0].Merge(parts[1].Merge(parts[2]).ThrowIfFail()).ThrowIfFail();
        var swapped = parts[2].Merge(parts[0]).ThrowIfFail().Merge(parts[1]).ThrowIfFail();
        Assert.Same(parts[0], parts[0].Merge(GramStatistics.Empty).ThrowIfFail());
        Assert.Same(parts[0], GramStatistics.Empty.Merge(parts[0]).ThrowIfFail());
        foreach (var other in new[] { left, right, swapped, GramStatistics.Of(data, chunkRows: 7).ThrowIfFail() })
        {
            var moved = other.ShiftedTo(whole.Shift, whole.TargetShift);
            Assert.Equal(whole.Rows, moved.Rows);
            Near(whole.Gram, moved.Gram, 1e-9, "Σwx̃x̃ᵀ");
            Near(whole.Products, moved.Products, 1e-9, "Σwx̃ỹ");
        }
        // Taking a part away gives the rest's statistics.
        var rest = whole.Subtract(parts[0]).ThrowIfFail().ShiftedTo(whole.Shift, whole.TargetShift);
        var direct = parts[1].Merge(parts[2]).ThrowIfFail().ShiftedTo(whole.Shift, whole.TargetShift);
        Near(direct.Gram, rest.Gram, 1e-9, "total − part");
        Assert.Contains("statistics merge only over the same features",
            whole.Merge(GramStatistics.Of(Diabetes.Load().SelectRows([0, 1])).ThrowIfFail() with { FeatureNames = [.. Enumerable.Range(0, 10).Select(j => $"f{j}")] })
                .Match(_ => "", e => e.Message));
    }

    [Theory]
    [InlineData("lasso", false, false, true)]
    [InlineData("enet", true, false, true)]
    [InlineData("lasso", true, true, true)]
    [InlineData("lasso", false, false, false)]
    [InlineData("mcp", false, true, true)]
    public void A_fit_from_statistics_is_the_fit_on_the_rows(string model, bool weighted, bool standardize, bool intercept)
    {
        // Without an intercept the far copy would be all but collinear (every column ≈ 1e4): the Diabetes data as they are.
        var data = intercept ? Far() : Diabetes.Load();
        var weights = weighted ? Weights(data.Rows) : ImmutableArray<double>.Empty;
        var stats = GramStatistics.Of(data, weights, chunkRows: 100).ThrowIfFail();
        var options = Tight with { Standardize = standardize, FitIntercept = intercept };
        foreach (var alpha in new[] { 0.5, 0.05 })
        {
            var (expected, actual) = model switch
            {
                "enet" => (ElasticNet.Fit(data, alpha, options with { SampleWeights = weights, L1Ratio = 0.3 }), StatisticsFits.Fit<ElasticNet.Penalty>(stats, alpha, options with { L1Ratio = 0.3 })),
                "mcp" => (Mcp.Fit(data, alpha, options), StatisticsFits.Fit<Mcp.Penalty>(stats, alpha, options)),
                _ => (Lasso.Fit(data, alpha, options with { SampleWeights = weights }), StatisticsFits.Fit<Lasso.Penalty>(stats, alpha, options)),
            };
            var (e, a) = (expected.ThrowIfFail(), actual.ThrowIfFail());
            Assert.True(a.Converged, a.Warning);
            Near(e.Coefficients, a.Coefficients, 1e-10, $"{model} α {alpha}");
            Assert.True(Math.Abs(e.Intercept - a.Intercept) <= 1e-10 * Math.Max(1, Math.Abs(e.Intercept)), $"intercept {a.Intercept:R} vs {e.Intercept:R}");
            if (!weighted) Assert.Equal(e.Score(data).ThrowIfFail(), StatisticsFits.Score(a, stats), 9);
        }
    }

    [Fact]
    public void A_path_and_cross_validation_from_statistics_are_the_in_memory_ones()
    {
        var data = Far();
        var stats = GramStatistics.Of(data).ThrowIfFail();
        var grid = Lasso.AlphaGrid(data, 30, 1e-3, Tight).ThrowIfFail();
        Near(grid, StatisticsFits.AlphaGrid<Lasso.Penalty>(stats, 30, 1e-3, Tight).ThrowIfFail(), 1e-12, "grid");
        var path = StatisticsFits.Path<Lasso.Penalty>(stats, grid, Tight).ThrowIfFail();
        var memory = Lasso.Path(data, grid, Tight).ThrowIfFail();
        // Relative to the path's largest coefficient: at α_max the solution is 0, and either way of taking Xᵀy may
        // leave the top feature an ulp of nα above its threshold (a coefficient of that ulp, depending on the SIMD width).
        var pathScale = memory.Fits.Max(f => f.Coefficients.Max(Math.Abs));
        for (var i = 0; i < grid.Length; i++) Near(memory[i].Coefficients, path[i].Coefficients, 1e-10, $"α {grid[i]}", pathScale);
        // Five contiguous folds: each fold's statistics, and the same folds by id in memory.
        var ids = Enumerable.Range(0, data.Rows).Select(i => i * 5 / data.Rows).ToArray();
        var folds = Enumerable.Range(0, 5).Select(k => GramStatistics.Of(data.SelectRows([.. Enumerable.Range(0, data.Rows).Where(i => ids[i] == k)])).ThrowIfFail()).ToArray();
        var alphas = grid.Take(20).ToArray();
        var fromStats = StatisticsFits.CrossValidate<Lasso.Penalty>(folds, new CrossValidationOptions { Alphas = alphas }, Tight).ThrowIfFail();
        var inMemory = Lasso.CrossValidate(data, new CrossValidationOptions { FoldIds = [.. ids], Alphas = alphas }, Tight).ThrowIfFail();
        Near(inMemory.MeanError, fromStats.MeanError, 1e-10, "mean CV error");
        Assert.Equal(inMemory.IndexMin, fromStats.IndexMin);
        Near(inMemory.Refit.Coefficients, fromStats.Refit.Coefficients, 1e-10, "refit");
    }

    [Fact]
    public void Requests_a_least_squares_fit_on_statistics_cannot_serve_are_errors()
    {
        var stats = GramStatistics.Of(Diabetes.Load()).ThrowIfFail();
        Assert.Contains("are summed into the statistics", StatisticsFits.Fit<Lasso.Penalty>(stats, 0.1, new FitOptions { SampleWeights = [1.0] }).Match(_ => "", e => e.Message));
        Assert.Contains("define a least-squares problem", StatisticsFits.Fit<Lasso.Penalty>(stats, 0.1, new FitOptions { Loss = LossKind.Logistic }).Match(_ => "", e => e.Message));
        Assert.Contains("needs a separable penalty", StatisticsFits.Fit<GroupLasso.Penalty>(stats, 0.1).Match(_ => "", e => e.Message));
        Assert.Contains("hold no rows", StatisticsFits.Fit<Lasso.Penalty>(GramStatistics.Empty, 0.1).Match(_ => "", e => e.Message));
    }
}

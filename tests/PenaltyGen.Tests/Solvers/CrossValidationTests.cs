using System;
using System.Collections.Immutable;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Validation;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>Model.CrossValidate against scikit-learn 1.2.1's LassoCV/ElasticNetCV (tests/reference/cv.json).</summary>
public class CrossValidationTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("cv.json");
    private static readonly FitOptions Tight = new() { Tol = 1e-10, MaxIterations = 1_000_000 };

    private static System.Text.Json.JsonElement Case(string name) =>
        Fixture.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Cases => ["kfold", "shuffled", "foldid", "weighted"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Curve_alpha_and_refit_match_scikit_learn(string name)
    {
        var expected = Case(name);
        var result = Run(name).ThrowIfFail();

        var alphas = expected.GetProperty("alphas").Doubles();
        Assert.Equal(alphas.Length, result.Alphas.Length);
        for (var i = 0; i < alphas.Length; i++) Assert.Equal(alphas[i], result.Alphas[i], alphas[i] * 1e-12);
        var mse = expected.GetProperty("mse_path").Matrix();
        Assert.Equal(mse[0].Length, result.Folds);
        for (var i = 0; i < mse.Length; i++)
        {
            for (var k = 0; k < mse[i].Length; k++)
                Assert.True(Math.Abs(mse[i][k] - result.FoldErrors[i][k]) <= 1e-7 * mse[i][k], $"{name}: α[{i}] fold {k}: {result.FoldErrors[i][k]} vs {mse[i][k]}");
        }
        Assert.Equal(expected.GetProperty("alpha").GetDouble(), result.AlphaMin, 12);
        var coef = expected.GetProperty("coef").Doubles();
        var scale = coef.Max(Math.Abs);
        for (var j = 0; j < coef.Length; j++) Assert.Equal(coef[j], result.Refit.Coefficients[j], 1e-7 * scale);
        Assert.Equal(expected.GetProperty("intercept").GetDouble(), result.Refit.Intercept, 1e-6);
    }

    [Fact]
    public void A_list_of_l1_ratios_gives_elasticnetcvs_curves_ratio_and_alpha()
    {
        var expected = Fixture.GetProperty("ratios");
        var ratios = expected.GetProperty("l1_ratios").Doubles();
        var result = ElasticNet.CrossValidate(Diabetes.Load(), new CrossValidationOptions { AlphaCount = 30, L1Ratios = [.. ratios] }, Tight).ThrowIfFail();
        Assert.Equal(expected.GetProperty("l1_ratio").GetDouble(), result.L1Ratio);
        Assert.Equal(expected.GetProperty("alpha").GetDouble(), result.AlphaMin, 12);
        // scikit-learn's alphas_ and mse_path_ are (ratio, α) and (ratio, α, fold): each ratio on its own grid, the same folds.
        var alphas = expected.GetProperty("alphas").Matrix();
        var mse = expected.GetProperty("mse_path").EnumerateArray().Select(r => r.Matrix()).ToArray();
        Assert.Equal(ratios.Length, result.ByL1Ratio.Length);
        for (var r = 0; r < ratios.Length; r++)
        {
            var each = result.ByL1Ratio[r];
            Assert.Equal(ratios[r], each.L1Ratio);
            for (var i = 0; i < alphas[r].Length; i++)
            {
                Assert.Equal(alphas[r][i], each.Alphas[i], alphas[r][i] * 1e-12);
                for (var k = 0; k < mse[r][i].Length; k++) Assert.True(Math.Abs(mse[r][i][k] - each.FoldErrors[i][k]) <= 1e-7 * mse[r][i][k], $"ratio {ratios[r]}, α[{i}], fold {k}");
            }
        }
        var coef = expected.GetProperty("coef").Doubles();
        var scale = coef.Max(Math.Abs);
        for (var j = 0; j < coef.Length; j++) Assert.Equal(coef[j], result.Refit.Coefficients[j], 1e-7 * scale);
        Assert.Equal(result.L1Ratio, result.Refit.L1Ratio);
    }

    [Fact]
    public void A_list_of_l1_ratios_is_refused_where_it_would_be_ignored()
    {
        var data = Diabetes.Load();
        var ratios = new CrossValidationOptions { L1Ratios = [0.5, 1.0] };
        Assert.Equal("l1_ratios = 0.5,1 is invalid: do not apply to PenaltyGen.Models.Lasso: its penalty g(w) = 1·|w| has no run-time ratio (only [ElasticNet] without L1Ratio reads one)",
            Lasso.CrossValidate(data, ratios).Match(_ => "", e => e.Message));
        Assert.Equal("l1_ratio = 0.3 is invalid: does not apply with a list of L1Ratios to cross-validate; leave it unset",
            ElasticNet.CrossValidate(data, ratios, new FitOptions { L1Ratio = 0.3 }).Match(_ => "", e => e.Message));
        Assert.Equal("l1_ratios = 0.5,1.5 is invalid: 1.5 does not lie in [0, 1]",
            ElasticNet.CrossValidate(data, new CrossValidationOptions { L1Ratios = [0.5, 1.5] }).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void One_standard_error_alpha_is_the_largest_within_one_se_of_the_minimum()
    {
        var result = Run("kfold").ThrowIfFail();
        var limit = result.MeanError[result.IndexMin] + result.StandardError[result.IndexMin];
        Assert.True(result.MeanError[result.IndexOneSe] <= limit);
        for (var i = 0; i < result.IndexOneSe; i++) Assert.True(result.MeanError[i] > limit);
        Assert.True(result.AlphaOneSe >= result.AlphaMin);
        var folds = result.FoldErrors[result.IndexMin];
        var mean = folds.Average();
        Assert.Equal(mean, result.MeanError[result.IndexMin], 12);
        Assert.Equal(Math.Sqrt(folds.Sum(e => (e - mean) * (e - mean)) / (folds.Length - 1) / folds.Length), result.StandardError[result.IndexMin], 12);
    }

    [Fact]
    public void Shuffled_folds_are_numpys_permutation_cut_into_runs()
    {
        var folds = CrossValidation.FoldsOf(10, new CrossValidationOptions { Folds = 3, Shuffle = true, Seed = 7 }).ThrowIfFail();
        var permutation = new RandomState(7).Permutation(10);
        Assert.Equal(permutation[..4], folds[0]);
        Assert.Equal(permutation[4..7], folds[1]);
        Assert.Equal(permutation[7..], folds[2]);
    }

    [Theory]
    [InlineData(1, false, null, "folds = 1 is invalid: must lie between 2 and the number of rows (442)")]
    [InlineData(443, false, null, "folds = 443 is invalid: must lie between 2 and the number of rows (442)")]
    [InlineData(5, false, 3u, "seed = 3 is invalid: applies only with Shuffle = true (KFold without shuffling uses no random numbers)")]
    public void Bad_fold_options_are_errors_that_name_them(int folds, bool shuffle, uint? seed, string message) =>
        Assert.Equal(message, Lasso.CrossValidate(Diabetes.Load(), new CrossValidationOptions { Folds = folds, Shuffle = shuffle, Seed = seed })
            .Match(_ => "", e => e.Message));

    [Fact]
    public void Bad_fold_ids_and_grid_options_are_errors_that_name_them()
    {
        var data = Diabetes.Load();
        string Message(CrossValidationOptions cv) => Lasso.CrossValidate(data, cv).Match(_ => "", e => e.Message);
        Assert.Equal("fold_ids = 3 values is invalid: need one per row (442)", Message(new() { FoldIds = [1, 2, 3] }));
        Assert.Equal("fold_ids = all 1 is invalid: name at least 2 folds", Message(new() { FoldIds = [.. Enumerable.Repeat(1, 442)] }));
        Assert.Equal("folds = 4 is invalid: does not apply with FoldIds, which name the folds themselves; leave it unset",
            Message(new() { Folds = 4, FoldIds = [.. Enumerable.Range(0, 442).Select(i => i % 4)] }));
        Assert.Equal("alpha_count = 10 is invalid: does not apply with an explicit Alphas list; leave it unset",
            Message(new() { Alphas = [1.0, 0.1], AlphaCount = 10 }));
        Assert.Equal("alphas[1] = -1 is invalid: must be a finite number ≥ 0", Message(new() { Alphas = [1.0, -1.0] }));
    }

    private static LanguageExt.Fin<CrossValidationResult> Run(string name)
    {
        var data = Diabetes.Load();
        switch (name)
        {
            case "kfold":
                return Lasso.CrossValidate(data, new CrossValidationOptions { AlphaCount = 30 }, Tight);
            case "shuffled":
                return Lasso.CrossValidate(data, new CrossValidationOptions { AlphaCount = 30, Shuffle = true, Seed = 7 }, Tight);
            case "foldid":
                return ElasticNet.CrossValidate(data, new CrossValidationOptions { AlphaCount = 30, FoldIds = [.. Fixture.GetProperty("foldid").Ints()] },
                    Tight with { L1Ratio = 0.5 });
            default:
                var x = Fixture.GetProperty("weighted_X").Matrix();
                var weighted = Dataset.FromColumnMajor(x.SelectMany(c => c).ToArray(), Fixture.GetProperty("weighted_y").Doubles(),
                    Enumerable.Range(0, x.Length).Select(j => $"x{j}").ToArray()).ThrowIfFail();
                return ElasticNet.CrossValidate(weighted, new CrossValidationOptions { Alphas = Case("weighted").GetProperty("alphas").Doubles() },
                    Tight with { L1Ratio = 0.5, SampleWeights = ImmutableArray.Create(Fixture.GetProperty("sample_weight").Doubles()) });
        }
    }
}

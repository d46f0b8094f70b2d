using System;
using System.IO;
using System.Linq;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The multinomial loss (issue 15) against glmnet 4.1's <c>family = "multinomial"</c> (ungrouped and grouped) and
/// scikit-learn 1.2.1's LogisticRegression(multi_class="multinomial") (tests/reference/multinomial.json, generate.py
/// multinomial, glmnet_multinomial.R), all at tight tolerance on both sides: paths, elastic nets, weights, predictions,
/// probabilities, accuracy, and cv.glmnet's deviance and misclassification curves.
/// </summary>
public class MultinomialTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("multinomial.json");
    private static readonly FitOptions Tight = new() { Loss = LossKind.Multinomial, Tol = 1e-12, MaxIterations = 100_000 };
    private const int Classes = 3;

    private static Dataset Data()
    {
        var columns = Fixture.GetProperty("X").Matrix();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), Fixture.GetProperty("y").Doubles(),
            Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static (double Lambda, double Mix, double[] Intercepts, double[][] Coef, double Kkt)[] Glmnet(string name) =>
        Fixture.GetProperty("glmnet").EnumerateArray().Where(e => e.GetProperty("case").GetString() == name)
            .Select(e => (e.GetProperty("lambda").GetDouble(), e.GetProperty("mix").GetDouble(), e.GetProperty("intercepts").Doubles(),
                e.GetProperty("coef").Matrix(), e.GetProperty("kkt").GetDouble())).ToArray();

    /// <summary>
    /// glmnet's multinomial fits stop at a KKT residual near 5e-8 even at thresh 1e-14 (generate.py records it): where it is
    /// at most 1e-8 a fit is held to 1e-6 of glmnet's; elsewhere to 1e-5, and its objective must not exceed glmnet's.
    /// </summary>
    private static void NearGlmnet(Dataset data, (double Lambda, double Mix, double[] Intercepts, double[][] Coef, double Kkt) g, Fit fit,
        FitOptions options, string what)
    {
        Near(g.Coef, g.Intercepts, fit, g.Kkt <= 1e-8 ? 1e-6 : 1e-5, what);
        var glmnet = fit with { Coefficients = [.. g.Coef.SelectMany(c => c)], Intercepts = [.. g.Intercepts] };
        var (ours, theirs) = (Objective(data, fit, g.Lambda, g.Mix, options), Objective(data, glmnet, g.Lambda, g.Mix, options));
        Assert.True(ours <= theirs + 1e-15, $"{what}: objective {ours:R} above glmnet's {theirs:R}");
    }

    /// <summary>(1/n)Σ s_i(−log p_y) + λ·penalty of a fit, from its predicted probabilities.</summary>
    private static double Objective(Dataset data, Fit fit, double lambda, double mix, FitOptions options)
    {
        var probabilities = fit.PredictProbabilities(data).ThrowIfFail();
        var loss = 0.0;
        for (var i = 0; i < data.Rows; i++)
            loss -= (options.SampleWeights.IsEmpty ? 1.0 : options.SampleWeights[i]) * Math.Log(probabilities[i, fit.Classes.IndexOf(data.Target[i])]);
        var penalty = 0.0;
        var p = data.Columns;
        for (var j = 0; j < p; j++)
        {
            var column = Enumerable.Range(0, Classes).Select(k => fit.Coefficients[k * p + j]).ToArray();
            var squares = column.Sum(v => v * v);
            var l1 = options.Multinomial == MultinomialType.Grouped ? Math.Sqrt(squares) : column.Sum(Math.Abs);
            penalty += mix * l1 + 0.5 * (1 - mix) * squares;
        }
        return loss / data.Rows + lambda * penalty;
    }

    private static void Near(double[][] coef, double[] intercepts, Fit fit, double tolerance, string what)
    {
        Assert.True(fit.Converged, $"{what}: {fit.Warning}");
        Assert.Equal(LossKind.Multinomial, fit.Loss);
        var mean = intercepts.Average();
        for (var k = 0; k < Classes; k++)
        {
            var row = fit.ClassCoefficients(k).ToArray();
            for (var j = 0; j < coef[k].Length; j++)
                Assert.True(Math.Abs(coef[k][j] - row[j]) <= tolerance, $"{what}: class {k} coef[{j}] {row[j]} vs {coef[k][j]}");
            Assert.True(Math.Abs(intercepts[k] - mean - fit.Intercepts[k]) <= tolerance, $"{what}: intercept {k} {fit.Intercepts[k]} vs {intercepts[k] - mean}");
        }
    }

    [Theory]
    [InlineData("ungrouped", MultinomialType.Ungrouped)]
    [InlineData("grouped", MultinomialType.Grouped)]
    public void The_lasso_paths_are_glmnets(string name, MultinomialType type)
    {
        var data = Data();
        var fits = Glmnet(name);
        var options = Tight with { Multinomial = type };
        var path = Lasso.Path(data, fits.Select(f => f.Lambda).ToArray(), options).ThrowIfFail();
        for (var k = 0; k < fits.Length; k++) NearGlmnet(data, fits[k], path[k], options, $"{name} λ {fits[k].Lambda}");
        // glmnet's λ_max is the grid's first value: the null model there, and our α_max is the same number.
        Assert.Equal(0, path[0].NonZeroCount);
        Assert.Equal(fits[0].Lambda, Lasso.AlphaGrid(data, 20, 1e-3, options).ThrowIfFail()[0], 10);
    }

    [Theory]
    [InlineData("enet", MultinomialType.Ungrouped)]
    [InlineData("genet", MultinomialType.Grouped)]
    [InlineData("weighted", MultinomialType.Ungrouped)]
    [InlineData("standardized", MultinomialType.Ungrouped)]
    public void Elastic_nets_of_both_types_weights_and_standardization_are_glmnets(string name, MultinomialType type)
    {
        var data = Data();
        var options = Tight with { Multinomial = type, Standardize = name == "standardized" };
        if (name == "weighted") options = options with { SampleWeights = [.. Fixture.GetProperty("weights").Doubles()] };
        var fits = Glmnet(name);
        foreach (var g in fits)
        {
            var fit = ElasticNet.Fit(data, g.Lambda, options with { L1Ratio = g.Mix }).ThrowIfFail();
            if (options.Standardize) Near(g.Coef, g.Intercepts, fit, g.Kkt <= 1e-8 ? 1e-6 : 1e-5, $"{name}, λ {g.Lambda}");
            else NearGlmnet(data, g, fit, options, $"{name}, λ {g.Lambda}");
        }
        // A path gives the same fits as the single fits.
        var path = ElasticNet.Path(data, fits.Select(f => f.Lambda).ToArray(), options with { L1Ratio = fits[0].Mix }).ThrowIfFail();
        for (var k = 0; k < fits.Length; k++) Near(fits[k].Coef, fits[k].Intercepts, path[k], fits[k].Kkt <= 1e-8 ? 1e-6 : 1e-5, $"{name} path, λ {fits[k].Lambda}");
    }

    [Fact]
    public void L1_elastic_net_and_l2_are_scikit_learns_with_its_predictions_probabilities_and_accuracy()
    {
        var data = Data();
        foreach (var e in Fixture.GetProperty("sklearn").EnumerateArray())
        {
            var penalty = e.GetProperty("penalty").GetString();
            var alpha = 1 / (e.GetProperty("C").GetDouble() * data.Rows);
            var fit = penalty switch
            {
                "l1" => Lasso.Fit(data, alpha, Tight),
                "l2" => ElasticNet.Fit(data, alpha, Tight with { L1Ratio = 0.0 }),
                _ => ElasticNet.Fit(data, alpha, Tight with { L1Ratio = e.GetProperty("l1_ratio").GetDouble() }),
            };
            var f = fit.ThrowIfFail();
            var intercepts = e.GetProperty("intercepts").Doubles();
            Near(e.GetProperty("coef").Matrix(), intercepts, f, 1e-6, penalty!);
            Assert.Equal(e.GetProperty("classes").Doubles(), f.Classes.ToArray());
            Assert.Equal(e.GetProperty("predict").Doubles(), f.Predict(data).ThrowIfFail());
            Assert.Equal(e.GetProperty("score").GetDouble(), f.Score(data).ThrowIfFail(), 15);
            var proba = e.GetProperty("proba").Matrix();
            var ours = f.PredictProbabilities(data).ThrowIfFail();
            for (var i = 0; i < data.Rows; i++)
                for (var k = 0; k < Classes; k++) Assert.True(Math.Abs(proba[i][k] - ours[i, k]) <= 1e-6, $"{penalty}: p[{i},{k}] {ours[i, k]} vs {proba[i][k]}");
            // One row at a time: the allocation-free predictor gives the same class.
            var row = new double[data.Columns];
            for (var j = 0; j < row.Length; j++) row[j] = data.Column(j)[7];
            Assert.Equal(e.GetProperty("predict").Doubles()[7], f.Predict(row));
        }
    }

    [Theory]
    [InlineData(HeldOutMeasure.Deviance, "deviance")]
    [InlineData(HeldOutMeasure.Misclassification, "class")]
    public void Cross_validation_is_cv_glmnets(HeldOutMeasure measure, string name)
    {
        var data = Data();
        var cv = Fixture.GetProperty("cv");
        var lambdas = cv.GetProperty("lambdas").Doubles();
        var expected = cv.GetProperty(name).Doubles();
        var folds = Enumerable.Range(0, data.Rows).Select(i => i / (data.Rows / 5) + 1).ToArray();
        var result = Lasso.CrossValidate(data, new CrossValidationOptions { FoldIds = [.. folds], Alphas = lambdas, Measure = measure }, Tight).ThrowIfFail();
        Assert.Equal(lambdas, result.Alphas.ToArray());
        for (var i = 0; i < lambdas.Length; i++)
            Assert.True(Math.Abs(expected[i] - result.MeanError[i]) <= 1e-6, $"{name} λ {lambdas[i]}: {result.MeanError[i]} vs cv.glmnet {expected[i]}");
        Assert.Equal(measure == HeldOutMeasure.Misclassification ? "misclassification" : "deviance", result.Metric);
        Assert.Equal(LossKind.Multinomial, result.Refit.Loss);
    }

    [Fact]
    public void A_model_file_keeps_every_class_bit_for_bit()
    {
        var data = Data();
        var fit = Lasso.Fit(data, 0.01, Tight with { Multinomial = MultinomialType.Grouped }).ThrowIfFail();
        var path = Path.Combine(Path.GetTempPath(), $"multinomial-{Guid.NewGuid():N}.json");
        try
        {
            fit.Save(path).ThrowIfFail();
            var loaded = Fit.Load(path).ThrowIfFail();
            Assert.Equal(fit.Coefficients.ToArray(), loaded.Coefficients.ToArray());
            Assert.Equal(fit.Intercepts.ToArray(), loaded.Intercepts.ToArray());
            Assert.Equal(fit.Classes.ToArray(), loaded.Classes.ToArray());
            Assert.Equal(LossKind.Multinomial, loaded.Loss);
            Assert.Equal(fit.Predict(data).ThrowIfFail(), loaded.Predict(data).ThrowIfFail());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_requests_name_the_problem()
    {
        var data = Data();
        var one = Dataset.FromColumnMajor(data.Features.ToArray(), Enumerable.Repeat(2.0, data.Rows).ToArray(), data.FeatureNames.ToArray()).ThrowIfFail();
        Assert.Contains("holds one class (2); the multinomial loss needs at least 2", Lasso.Fit(one, 0.1, Tight).Match(_ => "", e => e.Message));
        Assert.Contains("does not combine with the sign constraint", NonNegativeLasso.Fit(data, 0.1, Tight with { Multinomial = MultinomialType.Grouped }).Match(_ => "", e => e.Message));
        Assert.Contains("does not apply to the multinomial loss", GroupLasso.Fit(data, 0.1, Tight with { Groups = [.. Enumerable.Repeat(0, data.Columns)] }).Match(_ => "", e => e.Message));
        Assert.Contains("applies to the multinomial loss only", Lasso.Fit(data, 0.1, new FitOptions { Multinomial = MultinomialType.Grouped }).Match(_ => "", e => e.Message));
        Assert.Contains("need one per class and feature (3×8", Lasso.Fit(data, 0.1, Tight with { WarmStart = [1.0, 2.0] }).Match(_ => "", e => e.Message));
        var fit = Lasso.Fit(data, 0.1, Tight).ThrowIfFail();
        Assert.Contains("does not apply to a multinomial fit", PenaltyGen.Paths.Relaxation.Relax(data, fit, 0.5).Match(_ => "", e => e.Message));
        // A warm start of K×p coefficients (class by class) starts from them: from the solution, fewer Newton steps (the
        // intercepts start from the null model's) to the same fit.
        var warm = Lasso.Fit(data, 0.1, Tight with { WarmStart = fit.Coefficients }).ThrowIfFail();
        Assert.True(warm.Iterations < fit.Iterations, $"{warm.Iterations} Newton steps from the solution, {fit.Iterations} from zero");
        for (var m = 0; m < fit.Coefficients.Length; m++) Assert.Equal(fit.Coefficients[m], warm.Coefficients[m], 9);
    }
}

using System;
using System.Linq;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The relaxed lasso (issue 15) against glmnet 4.1's <c>relax = TRUE</c> (tests/reference/relax.json, generate.py relax,
/// glmnet_relax.R): gaussian and binomial, three lambdas, γ = 0 (the unpenalized refit on the support) and γ = 0.5.
/// </summary>
public class RelaxationTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("relax.json");

    private static Dataset Data(string target)
    {
        var columns = Fixture.GetProperty("X").Matrix();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), Fixture.GetProperty(target).Doubles(),
            Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    [Theory]
    [InlineData("gaussian", "y")]
    [InlineData("binomial", "labels")]
    public void Relaxed_fits_are_glmnets(string family, string target)
    {
        var data = Data(target);
        var options = new FitOptions { Tol = 1e-12, MaxIterations = 1_000_000, Loss = family == "binomial" ? LossKind.Logistic : LossKind.LeastSquares };
        var cases = Fixture.GetProperty("glmnet").EnumerateArray().Where(e => e.GetProperty("family").GetString() == family).ToArray();
        var lambdas = cases.Select(e => e.GetProperty("lambda").GetDouble()).Distinct().ToArray();
        var path = Lasso.Path(data, lambdas, options).ThrowIfFail();
        foreach (var e in cases)
        {
            var (lambda, gamma) = (e.GetProperty("lambda").GetDouble(), e.GetProperty("gamma").GetDouble());
            var fit = path[Array.IndexOf(lambdas, lambda)];
            var relaxed = Relaxation.Relax(data, fit, gamma, options).ThrowIfFail();
            // glmnet: within its relaxed refit's own tolerance (it stops short of the unpenalized optimum; docs/solvers.md).
            var coef = e.GetProperty("coef").Doubles();
            for (var j = 0; j < coef.Length; j++)
                Assert.True(Math.Abs(coef[j] - relaxed.Coefficients[j]) <= 5e-5, $"{family} λ {lambda} γ {gamma}: coef[{j}] {relaxed.Coefficients[j]} vs glmnet {coef[j]}");
            Assert.True(Math.Abs(e.GetProperty("intercept").GetDouble() - relaxed.Intercept) <= 5e-5, $"{family} λ {lambda} γ {gamma}: intercept");
            // The exact unpenalized refit on the support (numpy's lstsq; LogisticRegression(penalty=None, solver="newton-cg")), blended by γ.
            var exact = e.GetProperty("exact_coef").Doubles();
            for (var j = 0; j < exact.Length; j++)
            {
                var blended = gamma * fit.Coefficients[j] + (1 - gamma) * exact[j];
                Assert.True(Math.Abs(blended - relaxed.Coefficients[j]) <= 1e-7, $"{family} λ {lambda} γ {gamma}: coef[{j}] {relaxed.Coefficients[j]} vs exact {blended}");
            }
            Assert.Equal(gamma * fit.Intercept + (1 - gamma) * e.GetProperty("exact_intercept").GetDouble(), relaxed.Intercept, 1e-7);
            // The relaxed fit keeps the lasso's support: γ blends two fits on the same features.
            for (var j = 0; j < coef.Length; j++) Assert.Equal(fit.Coefficients[j] == 0, relaxed.Coefficients[j] == 0);
        }
        var whole = Relaxation.Relax(data, path, 0.0, options).ThrowIfFail();
        Assert.Equal(Relaxation.Relax(data, path[1], 0.0, options).ThrowIfFail().Coefficients.ToArray(), whole[1].Coefficients.ToArray());
    }

    [Fact]
    public void Relaxed_cross_validation_is_cv_glmnets()
    {
        // cv.glmnet(relax = TRUE, gamma = c(0, 0.5, 1)) on 5 contiguous folds of 24 rows (foldid), four lambdas.
        var data = Data("y");
        var cv = Fixture.GetProperty("cv");
        var lambdas = cv.GetProperty("lambdas").Doubles();
        var gammas = cv.GetProperty("curves").EnumerateArray().Select(e => e.GetProperty("gamma").GetDouble()).ToArray();
        var options = new CrossValidationOptions { Alphas = lambdas, FoldIds = [.. Enumerable.Range(0, data.Rows).Select(i => i / 24)], Gammas = [.. gammas] };
        var result = Lasso.CrossValidate(data, options, new FitOptions { Tol = 1e-12, MaxIterations = 1_000_000 }).ThrowIfFail();
        Assert.Equal(gammas.Length, result.ByGamma.Length);
        foreach (var (curve, k) in cv.GetProperty("curves").EnumerateArray().Select((c, k) => (c, k)))
        {
            var expected = curve.GetProperty("cvm").Doubles();
            var ours = result.ByGamma[k];
            Assert.Equal(gammas[k], ours.Gamma);
            // glmnet's relaxed refits stop short of the unpenalized optimum: its CV errors agree to that tolerance.
            for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - ours.MeanError[i]) <= 1e-5 * expected[i], $"γ {gammas[k]}, λ {lambdas[i]}: {ours.MeanError[i]} vs {expected[i]}");
        }
        Assert.Equal(cv.GetProperty("min").GetProperty("gamma").GetDouble(), result.Gamma);
        Assert.Equal(cv.GetProperty("min").GetProperty("lambda").GetDouble(), result.AlphaMin);
        // The refit is the whole-data fit at α_min, relaxed at the chosen γ.
        var refit = Relaxation.Relax(data, Lasso.Fit(data, result.AlphaMin, new FitOptions { Tol = 1e-12, MaxIterations = 1_000_000 }).ThrowIfFail(), result.Gamma!.Value,
            new FitOptions { Tol = 1e-12, MaxIterations = 1_000_000 }).ThrowIfFail();
        for (var j = 0; j < data.Columns; j++) Assert.Equal(refit.Coefficients[j], result.Refit.Coefficients[j], 1e-9);
    }

    [Fact]
    public void Gamma_outside_0_1_and_an_undetermined_refit_are_errors()
    {
        var data = Data("y");
        var fit = Lasso.Fit(data, 0.1).ThrowIfFail();
        Assert.Equal("gamma = 1.5 is invalid: must lie in [0, 1]", Relaxation.Relax(data, fit, 1.5).Match(_ => "", e => e.Message));
        var few = data.SelectRows(Enumerable.Range(0, 4).ToArray());
        var wide = Lasso.Fit(few, 1e-4).ThrowIfFail();
        Assert.StartsWith($"gamma = 0 is invalid: the relaxed refit has {wide.NonZeroCount} features and 4 rows",
            Relaxation.Relax(few, wide, 0.0).Match(_ => "", e => e.Message));
        Assert.Same(fit, Relaxation.Relax(data, fit, 1.0).ThrowIfFail());
    }
}

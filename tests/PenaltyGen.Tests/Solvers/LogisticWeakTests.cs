using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The logistic loss at weak regularization (issue 14, item 1, the l2 part) against scikit-learn 1.2.1's
/// LogisticRegression (tests/reference/logistic_weak.json, generate.py logistic_weak): make_classification's redundant
/// features make X rank-deficient, where coordinate sweeps on the Newton model crawl; the exact model solve converges in a
/// few Newton steps, which is what <see cref="Fit.Iterations"/> counts (item 8).
/// </summary>
public class LogisticWeakTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("logistic_weak.json");

    private static Dataset Data()
    {
        var columns = Fixture.GetProperty("X").Matrix();
        var names = Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), Fixture.GetProperty("y").Doubles(), names).ThrowIfFail();
    }

    /// <summary>scikit-learn's objective C·Σ ℓ(y_i, η_i) + ½‖w‖².</summary>
    private static double Objective(Dataset data, double c, double[] w, double b)
    {
        var loss = 0.0;
        for (var i = 0; i < data.Rows; i++)
        {
            var eta = b;
            for (var j = 0; j < data.Columns; j++) eta += data[i, j] * w[j];
            loss += Losses.Logistic.Value(data.Target[i], eta);
        }
        return c * loss + 0.5 * w.Sum(v => v * v);
    }

    public static TheoryData<double> Strengths => [100.0, 1000.0, 1e6];

    [Theory]
    [MemberData(nameof(Strengths))]
    public void Weak_l2_regularization_converges_in_few_newton_steps_to_scikit_learns_optimum(double c)
    {
        var data = Data();
        var cases = Fixture.GetProperty("cases").EnumerateArray().Where(e => e.GetProperty("C").GetDouble() == c).ToArray();
        var lbfgs = cases.Single(e => e.GetProperty("solver").GetString() == "lbfgs");
        var options = new FitOptions { Loss = LossKind.Logistic, L1Ratio = 0.0, Tol = 1e-10 };
        var fit = ElasticNet.Fit(data, Losses.Logistic.AlphaFromC(c, data.Rows), options).ThrowIfFail();
        Assert.True(fit.Converged, fit.Warning);
        // Newton steps, as scikit-learn counts its solvers' iterations: fewer than lbfgs's; the models are solved exactly.
        Assert.True(fit.Iterations <= lbfgs.GetProperty("n_iter").GetInt32(), $"{fit.Iterations} Newton steps");
        Assert.Equal(0, fit.Sweeps);
        // No worse than either of scikit-learn's solvers on its own objective, and as close to lbfgs as its two solvers are
        // to each other (the redundant directions are held only by the ½‖w‖² term).
        var ours = Objective(data, c, [.. fit.Coefficients], fit.Intercept);
        foreach (var e in cases)
        {
            var theirs = Objective(data, c, e.GetProperty("coef").Doubles(), e.GetProperty("intercept").GetDouble());
            Assert.True(ours <= theirs * (1 + 1e-12), $"{ours} vs {e.GetProperty("solver").GetString()} {theirs}");
        }
        var expected = lbfgs.GetProperty("coef").Doubles();
        var scale = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], fit.Coefficients[j], 2e-4 * scale);
    }

    public static TheoryData<double> L1Strengths => [100.0, 1e6];

    [Theory]
    [MemberData(nameof(L1Strengths))]
    public void Weak_l1_regularization_at_the_default_tolerance_lands_near_the_optimum(double c)
    {
        // make_classification's two redundant features make X rank-deficient: the l1 solution sits on a vertex of the null
        // space, which coordinate sweeps approach slowly and the exact model solves (with their null-direction steps) reach.
        var data = Data();
        var alpha = Losses.Logistic.AlphaFromC(c, data.Rows);
        var options = new FitOptions { Loss = LossKind.Logistic, L1Ratio = 1.0 };
        var tight = ElasticNet.Fit(data, alpha, options with { Tol = 1e-12 }).ThrowIfFail();
        var fit = ElasticNet.Fit(data, alpha, options).ThrowIfFail();
        Assert.True(tight.Converged, tight.Warning);
        Assert.True(fit.Converged, fit.Warning);
        Assert.True(tight.Iterations <= 20, $"{tight.Iterations} Newton steps to 1e-12");
        // At tol 1e-4 the coefficients are within 1% of the optimum (the KKT stop bounds the gradient, not the distance).
        var scale = tight.Coefficients.ToArray().Max(Math.Abs);
        for (var j = 0; j < data.Columns; j++) Assert.Equal(tight.Coefficients[j], fit.Coefficients[j], 1e-2 * scale);
        // The reference point is an optimum by the KKT conditions recomputed from the data (scikit-learn's l1 solvers penalize
        // the intercept or stop early; glmnet's binomial path below is the anchor for the same objective).
        Assert.True(RelativeKkt(data, tight, 1.0) <= 1e-11);
    }

    [Fact]
    public void The_binomial_path_on_glmnets_example_data_is_as_close_to_the_optimum_as_glmnets_own()
    {
        // glmnet 4.1's BinomialExample (100×30), its default λ sequence down to 2.9e-5, standardize = FALSE:
        // tests/reference/binomial.json (glmnet_binomial.R). At both tools' default tolerances every fit of our path is
        // at least as close to glmnet's thresh = 1e-14 solution as glmnet's default path is, within 2e-3 relative.
        var fixture = Reference.Load("binomial.json");
        var columns = fixture.GetProperty("X").Matrix();
        var names = Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray();
        var data = Dataset.FromColumnMajor(columns.SelectMany(v => v).ToArray(), fixture.GetProperty("y").Doubles(), names).ThrowIfFail();
        var lambda = fixture.GetProperty("lambda").Doubles();
        var glmnet = fixture.GetProperty("default").Matrix();
        var tight = fixture.GetProperty("tight").Matrix();
        var path = Lasso.Path(data, lambda, new FitOptions { Loss = LossKind.Logistic }).ThrowIfFail();
        for (var k = 0; k < lambda.Length; k++)
        {
            var fit = path[k];
            Assert.True(fit.Converged, $"λ {lambda[k]}: {fit.Warning}");
            var optimum = tight[k];
            var scale = optimum.Max(Math.Abs);
            double ours = Math.Abs(fit.Intercept - optimum[0]), theirs = Math.Abs(glmnet[k][0] - optimum[0]);
            for (var j = 0; j < data.Columns; j++)
            {
                ours = Math.Max(ours, Math.Abs(fit.Coefficients[j] - optimum[j + 1]));
                theirs = Math.Max(theirs, Math.Abs(glmnet[k][j + 1] - optimum[j + 1]));
            }
            Assert.True(ours / scale <= Math.Max(theirs / scale, 2e-3), $"λ {lambda[k]}: ours {ours / scale:G3}, glmnet {theirs / scale:G3} relative");
            // The weakest fits, where the problem is worst conditioned: a tenth of glmnet's distance or better.
            if (k == lambda.Length - 1) Assert.True(ours <= 0.1 * theirs, $"last λ: ours {ours / scale:G3}, glmnet {theirs / scale:G3} relative");
        }
    }

    [Fact]
    public void Perfectly_separated_classes_are_named_in_the_fits_warning_and_overlapping_ones_are_not()
    {
        // y = 1 exactly when x₀ + x₁/2 > 0: a separating hyperplane exists, and at C = 1e6 the fit finds one.
        var rng = new Random(3);
        var x = new double[60, 2];
        var y = new double[60];
        for (var i = 0; i < 60; i++)
        {
            (x[i, 0], x[i, 1]) = (rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
            y[i] = x[i, 0] + 0.5 * x[i, 1] > 0 ? 1 : 0;
        }
        var separated = Dataset.FromRows(x, y).ThrowIfFail();
        var options = new FitOptions { Loss = LossKind.Logistic, L1Ratio = 0.0 };
        var fit = ElasticNet.Fit(separated, Losses.Logistic.AlphaFromC(1e6, 60), options).ThrowIfFail();
        Assert.True(fit.Converged);
        Assert.StartsWith("The classes are perfectly separated on the training rows", fit.Warning);
        var overlapping = Data();
        var other = ElasticNet.Fit(overlapping, Losses.Logistic.AlphaFromC(1e6, overlapping.Rows), options).ThrowIfFail();
        Assert.Null(other.Warning);
    }

    [Fact]
    public void No_logistic_fit_reports_converged_outside_its_tolerance()
    {
        // Random non-separable problems (labels drawn from σ(xᵀβ), so classes overlap), C from 1e-3 to 1e6, l2 and l1.
        var rng = new Random(7);
        foreach (var seed in Enumerable.Range(0, 6))
        {
            int n = 60, p = 5;
            var x = new double[n, p];
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                var eta = 0.0;
                for (var j = 0; j < p; j++)
                {
                    x[i, j] = rng.NextDouble() * 2 - 1;
                    eta += x[i, j] * (j + 1 - seed % 3);
                }
                y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
            }
            var data = Dataset.FromRows(x, y).ThrowIfFail();
            foreach (var c in new[] { 1e-3, 1e-1, 10.0, 1e3, 1e6 })
            {
                foreach (var ratio in new[] { 0.0, 1.0 })
                {
                    var options = new FitOptions { Loss = LossKind.Logistic, L1Ratio = ratio, MaxIterations = 100 };
                    var fit = ElasticNet.Fit(data, Losses.Logistic.AlphaFromC(c, n), options).ThrowIfFail();
                    if (ratio == 0.0) Assert.True(fit.Converged, $"seed {seed}, C {c}: {fit.Warning}");
                    if (!fit.Converged) continue;
                    var kkt = RelativeKkt(data, fit, ratio);
                    Assert.True(kkt <= options.Tol * (1 + 1e-6), $"seed {seed}, C {c}, l1_ratio {ratio}: relative KKT {kkt}");
                }
            }
        }
    }

    /// <summary>max(|∂_b|, max_j dist(−∂_j loss, α·∂g(w_j))) over max_j |∂_j loss| at the null model, from the data alone.</summary>
    private static double RelativeKkt(Dataset data, Fit fit, double ratio)
    {
        int n = data.Rows, p = data.Columns;
        var eta = fit.DecisionFunction(data).ThrowIfFail();
        var y = data.Target.ToArray();
        var mean = y.Average();
        var d = Enumerable.Range(0, n).Select(i => Losses.Logistic.Derivative(y[i], eta[i]) / n).ToArray();
        var alpha = fit.Alpha;
        var kkt = Math.Abs(d.Sum());
        var scale = 0.0;
        for (var j = 0; j < p; j++)
        {
            double g = 0, g0 = 0;
            for (var i = 0; i < n; i++)
            {
                g += data[i, j] * d[i];
                g0 += data[i, j] * (mean - y[i]) / n;
            }
            scale = Math.Max(scale, Math.Abs(g0));
            var w = fit.Coefficients[j];
            var smooth = g + alpha * (1 - ratio) * w;
            var l1 = alpha * ratio;
            var distance = w != 0 ? Math.Abs(smooth + l1 * Math.Sign(w)) : Math.Max(Math.Abs(smooth) - l1, 0);
            kkt = Math.Max(kkt, distance);
        }
        return kkt / scale;
    }
}

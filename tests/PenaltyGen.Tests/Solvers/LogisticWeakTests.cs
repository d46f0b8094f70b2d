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

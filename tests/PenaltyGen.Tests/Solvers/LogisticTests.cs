using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>LogisticRegression (saga, tol 1e-12) with l1, l2 and elasticnet penalties; C·Σℓ + g ≡ (1/n)Σℓ + g/(Cn).</summary>
public class LogisticTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("logistic.json");

    private static readonly Dataset Data = Dataset.FromColumnMajor(
        Fixture.GetProperty("X").Matrix().SelectMany(c => c).ToArray(), Fixture.GetProperty("y").Doubles(),
        Enumerable.Range(0, 8).Select(j => $"x{j}").ToArray()).ThrowIfFail();

    public static TheoryData<int, SolverKind> Cases =>
        new() { { 0, SolverKind.CoordinateDescent }, { 1, SolverKind.CoordinateDescent }, { 2, SolverKind.CoordinateDescent },
                { 3, SolverKind.CoordinateDescent }, { 4, SolverKind.CoordinateDescent }, { 5, SolverKind.CoordinateDescent },
                { 0, SolverKind.Fista }, { 1, SolverKind.Fista }, { 2, SolverKind.Fista },
                { 3, SolverKind.Fista }, { 4, SolverKind.Fista }, { 5, SolverKind.Fista } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn_saga_to_1e_6(int index, SolverKind solver)
    {
        var c = Fixture.GetProperty("cases")[index];
        var fit = FitAndCompare(c, new FitOptions { Loss = LossKind.Logistic, Solver = solver, Tol = 1e-11, MaxIterations = 200_000 });
        Assert.Equal(c.GetProperty("accuracy").GetDouble(), fit.Score(Data).ThrowIfFail(), 12);
    }

    /// <summary>Fits the fixture's case (its penalty, C and l1_ratio) and checks coefficients and intercept to 1e-6.</summary>
    private static Fit FitAndCompare(System.Text.Json.JsonElement c, FitOptions options)
    {
        var alpha = Logistic.AlphaFromC(c.GetProperty("C").GetDouble(), Data.Rows);
        Fit fit = c.GetProperty("penalty").GetString() switch
        {
            "l1" => Lasso.Fit(Data, alpha, options).ThrowIfFail(),
            "l2" => ElasticNet.Fit(Data, alpha, options with { L1Ratio = 0 }).ThrowIfFail(),
            _ => ElasticNet.Fit(Data, alpha, options with { L1Ratio = c.GetProperty("l1_ratio").GetDouble() }).ThrowIfFail(),
        };
        Assert.True(fit.Converged, fit.Warning);
        Reference.AssertMatchesCase(c, fit);
        return fit;
    }

    /// <summary>sample_weight: saga's C·Σ s_i ℓ_i + g ≡ (1/n)Σ s_i ℓ_i + g/(Cn), the weights as given (not rescaled).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Sample_weights_match_scikit_learn_saga_to_1e_6(int index, SolverKind solver)
    {
        var c = Fixture.GetProperty("weighted")[index];
        FitAndCompare(c, new FitOptions
        {
            Loss = LossKind.Logistic, Solver = solver, Tol = 1e-11, MaxIterations = 200_000,
            FitIntercept = c.GetProperty("fit_intercept").GetBoolean(),
            SampleWeights = [.. Fixture.GetProperty("sample_weight").Doubles()],
        });
    }

    [Fact]
    public void Weights_equal_to_repeating_rows()
    {
        // Integer weights are repeated rows: weight 2 on the first 100 rows ≡ those rows twice (with C scaled so that
        // the penalty keeps its weight against the sum of the losses, α·n constant).
        var weights = Enumerable.Range(0, Data.Rows).Select(i => i < 100 ? 2.0 : 1.0).ToArray();
        var rows = Enumerable.Range(0, Data.Rows).Concat(Enumerable.Range(0, 100)).ToArray();
        var repeated = Dataset.FromColumnMajor(
            Enumerable.Range(0, Data.Columns).SelectMany(j => rows.Select(i => Data[i, j])).ToArray(),
            rows.Select(i => Data.Target[i]).ToArray(), Data.FeatureNames.AsSpan()).ThrowIfFail();
        var options = new FitOptions { Loss = LossKind.Logistic, Tol = 1e-12, MaxIterations = 200_000 };
        var weighted = Lasso.Fit(Data, 1e-3, options with { SampleWeights = [.. weights] }).ThrowIfFail();
        var copies = Lasso.Fit(repeated, 1e-3 * Data.Rows / repeated.Rows, options).ThrowIfFail();
        Assert.True(weighted.Converged && copies.Converged);
        for (var j = 0; j < Data.Columns; j++) Assert.Equal(copies.Coefficients[j], weighted.Coefficients[j], 1e-6);
        Assert.Equal(copies.Intercept, weighted.Intercept, 1e-6);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Alpha_max_is_where_the_first_coefficient_leaves_zero(bool weighted, bool intercept)
    {
        var options = new FitOptions
        {
            Loss = LossKind.Logistic, Tol = 1e-12, MaxIterations = 200_000, FitIntercept = intercept,
            SampleWeights = weighted ? [.. Fixture.GetProperty("sample_weight").Doubles()] : [],
        };
        var alphaMax = Paths.RegularizationPaths.AlphaMax<Lasso.Penalty>(Data, options);
        var at = Lasso.Fit(Data, alphaMax * (1 + 1e-9), options).ThrowIfFail();
        var below = Lasso.Fit(Data, alphaMax * 0.99, options).ThrowIfFail();
        Assert.True(at.Converged && below.Converged);
        Assert.Equal(0, at.NonZeroCount);
        Assert.Equal(1, below.NonZeroCount);
    }

    [Fact]
    public void Newton_coordinate_descent_is_the_automatic_solver_and_agrees_with_fista()
    {
        // Proximal Newton steps solved by coordinate descent, against FISTA's accelerated proximal gradient.
        var options = new FitOptions { Loss = LossKind.Logistic, Tol = 1e-10, MaxIterations = 100_000 };
        var newton = Lasso.Fit(Data, 1e-3, options).ThrowIfFail();
        var fista = Lasso.Fit(Data, 1e-3, options with { Solver = SolverKind.Fista }).ThrowIfFail();
        Assert.Equal(SolverKind.CoordinateDescent, newton.Solver);
        Assert.True(newton.Converged && fista.Converged);
        for (var j = 0; j < Data.Columns; j++) Assert.Equal(fista.Coefficients[j], newton.Coefficients[j], 1e-5);
        Assert.Equal(fista.Intercept, newton.Intercept, 1e-5);
    }

    [Fact]
    public void Paths_with_working_sets_reach_the_fits_of_full_sweeps()
    {
        // A wide logistic problem, where the strong rule leaves most features out of the Newton models.
        const int rows = 120, columns = 300;
        var random = new Random(9);
        var x = new double[rows * columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5 + (k >= rows ? 0.3 * x[k - rows] : 0);
        var y = new double[rows];
        for (var i = 0; i < rows; i++) y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-6 * (x[i] - x[7 * rows + i] + x[40 * rows + i]))) ? 1 : 0;
        var data = Dataset.FromColumnMajor(x, y, Enumerable.Range(0, columns).Select(j => $"x{j}").ToArray()).ThrowIfFail();
        var options = new FitOptions { Loss = LossKind.Logistic, Tol = 1e-10, MaxIterations = 100_000 };
        var grid = Lasso.AlphaGrid(data, 25, 1e-2, options).ThrowIfFail();
        var working = Lasso.Path(data, grid, options with { Screening = Screening.WorkingSet }).ThrowIfFail();
        var full = Lasso.Path(data, grid, options with { Screening = Screening.None }).ThrowIfFail();
        for (var i = 0; i < grid.Length; i++)
        {
            Assert.True(working[i].Converged, working[i].Warning);
            Assert.True(full[i].Converged, full[i].Warning);
            for (var j = 0; j < columns; j++) Assert.Equal(full[i].Coefficients[j], working[i].Coefficients[j], 1e-6);
            Assert.Equal(full[i].Intercept, working[i].Intercept, 1e-6);
        }
        Assert.True(working.Fits[^1].NonZeroCount > 3);
    }

    [Theory]
    [InlineData(200, 2000, 1e-8)]
    [InlineData(2000, 200, 1e-6)]
    public void Path_certificates_with_bounded_features_hold_when_recomputed_from_the_data(int rows, int columns, double tol)
    {
        // Along a path the certificates read only the features whose bound does not clear α; recompute every fit's
        // KKT residual from X, y, w, b and hold it to the tolerance the fit claims to meet.
        var random = new Random(rows + columns);
        var x = new double[rows * columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5 + (k >= rows ? 0.5 * x[k - rows] : 0);
        var y = new double[rows];
        for (var i = 0; i < rows; i++) y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-5 * (x[i] - x[7 * rows + i] + x[40 * rows + i]))) ? 1 : 0;
        var data = Dataset.FromColumnMajor(x, y, Enumerable.Range(0, columns).Select(j => $"x{j}").ToArray()).ThrowIfFail();
        var options = new FitOptions { Loss = LossKind.Logistic, Tol = tol };
        var path = RegularizationPaths.Fit<Lasso.Penalty>(data, 40, 1e-2, options).ThrowIfFail();
        double[] Gradient(Func<int, double> eta)
        {
            var d = Enumerable.Range(0, rows).Select(i => (1 / (1 + Math.Exp(-eta(i))) - y[i]) / rows).ToArray();
            var g = new double[columns + 1];
            for (var j = 0; j < columns; j++) g[j] = Enumerable.Range(0, rows).Sum(i => x[j * rows + i] * d[i]);
            g[columns] = d.Sum();
            return g;
        }
        var mean = y.Average();
        var scale = Gradient(_ => Math.Log(mean / (1 - mean)))[..columns].Max(Math.Abs);
        foreach (var fit in path.Fits)
        {
            var w = fit.Coefficients;
            var g = Gradient(i => fit.Intercept + Enumerable.Range(0, columns).Sum(j => x[j * rows + i] * w[j]));
            var kkt = Math.Abs(g[columns]);
            for (var j = 0; j < columns; j++)
                kkt = Math.Max(kkt, w[j] != 0 ? Math.Abs(g[j] + fit.Alpha * Math.Sign(w[j])) : Math.Max(Math.Abs(g[j]) - fit.Alpha, 0));
            Assert.True(fit.Converged, fit.Warning);
            Assert.True(kkt <= tol * scale * (1 + 1e-6) + 1e-14, $"α = {fit.Alpha}: KKT residual {kkt} from the data, tolerance {tol * scale}");
            Assert.Equal(kkt, fit.KktResidual, 1e-12 * scale);
        }
        Assert.True(path.Fits[^1].NonZeroCount > 5);
    }
}

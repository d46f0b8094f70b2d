using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Reliability;

/// <summary>Valid but degenerate data still fit, with finite numbers and the documented outcome (docs/inputs.md).</summary>
public class DegenerateDataTests
{
    private static Dataset Make(int n, int p, Func<int, int, double> x, Func<int, double> y)
    {
        var cm = new double[n * p];
        for (var j = 0; j < p; j++)
            for (var i = 0; i < n; i++) cm[j * n + i] = x(i, j);
        return Dataset.FromColumnMajor(cm, Enumerable.Range(0, n).Select(y).ToArray(),
            Enumerable.Range(0, p).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static double Noise(int i, int j) => Math.Sin(12.9898 * (i + 1) + 78.233 * (j + 1)) * 43758.5453 % 1;

    private static void AssertFinite(Fit fit)
    {
        Assert.All(fit.Coefficients, w => Assert.True(double.IsFinite(w)));
        Assert.True(double.IsFinite(fit.Intercept));
        Assert.True(double.IsFinite(fit.KktResidual));
    }

    public static TheoryData<SolverKind> Solvers => [SolverKind.CoordinateDescent, SolverKind.Fista];

    [Theory]
    [MemberData(nameof(Solvers))]
    public void A_constant_column_gets_a_zero_coefficient(SolverKind solver)
    {
        var data = Make(30, 3, (i, j) => j == 1 ? 5.0 : Noise(i, j), i => Noise(i, 7) * 3);
        var fit = Lasso.Fit(data, 1e-3, new FitOptions { Solver = solver }).ThrowIfFail();
        AssertFinite(fit);
        Assert.True(fit.Converged, fit.Warning);
        Assert.Equal(0.0, fit.Coefficients[1]);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void A_constant_target_gives_zero_coefficients_and_the_mean_as_intercept(SolverKind solver)
    {
        var data = Make(20, 4, Noise, _ => 3.5);
        var fit = ElasticNet.Fit(data, 0.1, new FitOptions { Solver = solver }).ThrowIfFail();
        Assert.True(fit.Converged, fit.Warning);
        Assert.All(fit.Coefficients, w => Assert.Equal(0.0, w));
        Assert.Equal(3.5, fit.Intercept);
        Assert.Equal(1.0, fit.Score(data)); // scikit-learn's r2_score convention for a perfect constant fit
    }

    [Fact]
    public void A_single_row_fits_the_intercept_only()
    {
        var data = Make(1, 3, (_, j) => j + 1.0, _ => 7.0);
        var fit = Lasso.Fit(data, 0.1).ThrowIfFail();
        Assert.True(fit.Converged, fit.Warning);
        Assert.All(fit.Coefficients, w => Assert.Equal(0.0, w));
        Assert.Equal(7.0, fit.Intercept);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Many_more_features_than_rows(SolverKind solver)
    {
        var data = Make(15, 400, Noise, i => Noise(i, 0) * 2 - Noise(i, 1));
        var fit = Lasso.Fit(data, 0.01, new FitOptions { Solver = solver, MaxIterations = 20_000 }).ThrowIfFail();
        AssertFinite(fit);
        Assert.True(fit.Converged, fit.Warning);
        Assert.True(fit.NonZeroCount <= 15, $"{fit.NonZeroCount} non-zeros: a lasso solution has at most n");
    }

    [Fact]
    public void Alpha_far_above_alpha_max_gives_zero_at_once()
    {
        var data = Make(40, 5, Noise, i => Noise(i, 3));
        var alphaMax = RegularizationPathsAlphaMax(data);
        var fit = Lasso.Fit(data, alphaMax * 1e6).ThrowIfFail();
        Assert.Equal(1, fit.Iterations);
        Assert.All(fit.Coefficients, w => Assert.Equal(0.0, w));
        var atMax = Lasso.Fit(data, alphaMax).ThrowIfFail();
        Assert.All(atMax.Coefficients, w => Assert.Equal(0.0, w));
    }

    private static double RegularizationPathsAlphaMax(Dataset data) => Paths.RegularizationPaths.AlphaMax<Lasso.Penalty>(data, FitOptions.Default);

    [Fact]
    public void Alpha_far_below_stays_finite_and_reports_how_it_ended()
    {
        var data = Make(50, 6, Noise, i => Noise(i, 2) + 0.3 * Noise(i, 4));
        var fit = Lasso.Fit(data, 1e-12).ThrowIfFail();
        AssertFinite(fit);
        Assert.True(fit.Converged || fit.Warning is not null);
    }

    [Fact]
    public void Columns_scaled_1e8_next_to_1e_minus_8()
    {
        var data = Make(60, 3, (i, j) => Noise(i, j) * (j == 0 ? 1e8 : j == 1 ? 1e-8 : 1), i => 2 * Noise(i, 0) + Noise(i, 1) + Noise(i, 2));
        // Coordinate descent scales each step by its own column norm: it converges.
        var cd = Lasso.Fit(data, 1e-4, new FitOptions { Solver = SolverKind.CoordinateDescent }).ThrowIfFail();
        AssertFinite(cd);
        Assert.True(cd.Converged, cd.Warning);
        Assert.True(cd.Score(data) > 0.5);
        // FISTA's one step size faces a condition number of 1e32: it stays finite and says it did not converge.
        var fista = Lasso.Fit(data, 1e-4, new FitOptions { Solver = SolverKind.Fista, MaxIterations = 2_000 }).ThrowIfFail();
        AssertFinite(fista);
        Assert.False(fista.Converged);
        Assert.StartsWith("Objective did not converge after 2000 iterations.", fista.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Near_duplicate_columns(SolverKind solver)
    {
        var data = Make(50, 3, (i, j) => Noise(i, 0) + (j == 1 ? 1e-10 * Noise(i, 5) : 0) + (j == 2 ? Noise(i, 2) : 0), i => Noise(i, 0) + Noise(i, 2));
        var fit = ElasticNet.Fit(data, 1e-3, new FitOptions { Solver = solver, L1Ratio = 0.5 }).ThrowIfFail();
        AssertFinite(fit);
        Assert.True(fit.Converged, fit.Warning);
        // The ridge part splits the weight of the duplicated signal evenly.
        Assert.Equal(fit.Coefficients[0], fit.Coefficients[1], 1e-3);
    }

    [Fact]
    public void Logistic_with_one_class_drives_the_intercept_out_and_stops()
    {
        var data = Make(30, 2, Noise, _ => 0.0);
        var fit = Lasso.Fit(data, 0.01, new FitOptions { Loss = LossKind.Logistic }).ThrowIfFail();
        AssertFinite(fit);
        Assert.True(fit.Intercept < -5, $"intercept {fit.Intercept}");
        Assert.Equal(1.0, fit.Score(data));
    }

    public static TheoryData<string> DegeneratePaths =>
        ["constant and zero columns", "duplicate columns", "columns scaled 1e8 and 1e-8", "a column far from 0", "constant target", "one feature"];

    /// <summary>The paths' two solvers (covariance and residual mode, with implicit centring where it applies) on degenerate data.</summary>
    [Theory]
    [MemberData(nameof(DegeneratePaths))]
    public void Paths_in_both_working_set_modes_agree_on_degenerate_data(string shape)
    {
        var data = shape switch
        {
            "constant and zero columns" => Make(80, 6, (i, j) => j == 1 ? 7.0 : j == 3 ? 0.0 : Noise(i, j), i => Noise(i, 0) - 2 * Noise(i, 4)),
            "duplicate columns" => Make(80, 5, (i, j) => j == 2 ? Noise(i, 1) : Noise(i, j), i => Noise(i, 1) + Noise(i, 3)),
            "columns scaled 1e8 and 1e-8" => Make(80, 4, (i, j) => Noise(i, j) * (j == 0 ? 1e8 : j == 1 ? 1e-8 : 1), i => 2 * Noise(i, 0) + Noise(i, 2)),
            "a column far from 0" => Make(80, 4, (i, j) => Noise(i, j) + (j == 2 ? 1e6 : 0), i => Noise(i, 2) + Noise(i, 3)),
            "constant target" => Make(80, 4, Noise, _ => 3.0),
            _ => Make(80, 1, Noise, i => 2 * Noise(i, 0) + 0.1 * Noise(i, 7)),
        };
        var options = new FitOptions { Tol = 1e-8, MaxIterations = 100_000 };
        var grid = Lasso.AlphaGrid(data, 20, 1e-3, options);
        if (shape == "constant target")
        {
            // Every correlation is 0: scikit-learn's degenerate grid (GridTests checks it against LassoCV), and any grid
            // gives zeros and the mean.
            Assert.All(grid.ThrowIfFail(), a => Assert.Equal(1e-15, a));
            var flat = Lasso.Path(data, [1.0, 0.1], options with { Precompute = Precompute.Always }).ThrowIfFail();
            Assert.All(flat.Fits, f => Assert.All(f.Coefficients, w => Assert.Equal(0.0, w)));
            Assert.All(flat.Fits, f => Assert.Equal(3.0, f.Intercept, 1e-12));
            return;
        }
        var alphas = grid.ThrowIfFail();
        var covariance = Lasso.Path(data, alphas, options with { Precompute = Precompute.Always }).ThrowIfFail();
        var residual = Lasso.Path(data, alphas, options with { Precompute = Precompute.Never }).ThrowIfFail();
        for (var i = 0; i < alphas.Length; i++)
        {
            AssertFinite(covariance[i]);
            Assert.True(covariance[i].Converged, covariance[i].Warning);
            Assert.True(residual[i].Converged, residual[i].Warning);
            // Both stop on a duality gap ≤ 1e-8·‖y_c‖², which pins the fitted values (not each coefficient of columns
            // scaled 1e8 apart) to about √gap: compare predictions.
            var a = covariance[i].Predict(data).ThrowIfFail();
            var b = residual[i].Predict(data).ThrowIfFail();
            var spread = data.Target.ToArray().Max() - data.Target.ToArray().Min();
            for (var r = 0; r < data.Rows; r++) Assert.True(Math.Abs(a[r] - b[r]) <= 1e-3 * spread, $"α[{i}] row {r}: {a[r]} vs {b[r]}");
        }
        if (shape == "constant and zero columns")
            Assert.All(covariance.Fits.Concat(residual.Fits), f => Assert.True(f.Coefficients[1] == 0 && f.Coefficients[3] == 0));
    }
}

using System;
using System.Linq;
using CsCheck;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Reliability;

/// <summary>
/// The working-set solvers certify features they never read with bounds (cached inner products, the path's
/// tangents, Cauchy–Schwarz on the rest). On random tall and wide problems, every fit of a path is checked here
/// with the duality gap recomputed from the data alone — a bound that let a violating feature through would
/// show up as a gap above the tolerance — in covariance mode (lazy cache or completed) and in residual mode.
/// </summary>
public class PathCertificateProperties
{
    public sealed record Problem(int Seed, int N, int P, double Correlation, int Truth, Precompute Mode)
    {
        public override string ToString() => $"n={N} p={P} ρ={Correlation:F2} truth={Truth} {Mode} seed={Seed}";
    }

    private static readonly Gen<Problem> Problems =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[8, 120], Gen.Int[3, 160], Gen.Double[0, 0.9], Gen.Int[1, 12], Gen.Int[0, 1])
            .Select((seed, n, p, rho, truth, mode) => new Problem(seed, n, p, rho, truth, mode == 0 ? Precompute.Always : Precompute.Never));

    private static Dataset Data(Problem pr)
    {
        var random = new Random(pr.Seed);
        var x = new double[pr.N * pr.P];
        for (var j = 0; j < pr.P; j++)
        {
            for (var i = 0; i < pr.N; i++) x[j * pr.N + i] = (j == 0 ? 0 : pr.Correlation * x[(j - 1) * pr.N + i]) + random.NextDouble() - 0.5;
        }
        var y = new double[pr.N];
        for (var t = 0; t < pr.Truth; t++)
        {
            var j = random.Next(pr.P);
            var b = random.NextDouble() * 4 - 2;
            for (var i = 0; i < pr.N; i++) y[i] += b * x[j * pr.N + i];
        }
        for (var i = 0; i < pr.N; i++) y[i] += 0.3 * (random.NextDouble() - 0.5);
        return Dataset.FromColumnMajor(x, y, Enumerable.Range(0, pr.P).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    /// <summary>scikit-learn's duality gap of a lasso fit on the centred data, from scratch (unscaled units).</summary>
    private static double Gap(Dataset data, double alpha, Fit fit, out double yNorm2)
    {
        int n = data.Rows, p = data.Columns;
        var y = data.Target.ToArray();
        var yMean = y.Average();
        var r = y.Select(v => v - yMean).ToArray();
        yNorm2 = r.Sum(v => v * v);
        var means = Enumerable.Range(0, p).Select(j => Enumerable.Range(0, n).Average(i => data[i, j])).ToArray();
        for (var j = 0; j < p; j++)
        {
            var w = fit.Coefficients[j];
            if (w == 0) continue;
            for (var i = 0; i < n; i++) r[i] -= w * (data[i, j] - means[j]);
        }
        var dualNorm = 0.0;
        for (var j = 0; j < p; j++)
        {
            var g = 0.0;
            for (var i = 0; i < n; i++) g += (data[i, j] - means[j]) * r[i];
            dualNorm = Math.Max(dualNorm, Math.Abs(g));
        }
        var l1 = fit.Coefficients.Sum(Math.Abs);
        var rNorm2 = r.Sum(v => v * v);
        var ry = r.Zip(y, (a, b) => a * (b - yMean)).Sum();
        var bound = n * alpha;
        var c = dualNorm > bound ? bound / dualNorm : 1.0;
        return 0.5 * rNorm2 * (1 + c * c) + bound * l1 - c * ry;
    }

    [Theory]
    [InlineData(Precompute.Never)]
    [InlineData(Precompute.Always)]
    public void A_fit_stopped_by_its_budget_reports_the_gap_of_the_coefficients_it_returns(Precompute mode)
    {
        // Its last certificate may predate the last sweeps: the reported one is taken at the returned point (here every
        // bound that stands in for an unread product is below the largest product, so the two gaps agree to rounding).
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var data = Data(new Problem(seed, 60, 90, 0.6, 8, mode));
            var alpha = Lasso.AlphaGrid(data, 10, 1e-2, FitOptions.Default).ThrowIfFail()[6];
            foreach (var budget in new[] { 1, 2, 3, 5, 8 })
            {
                var options = new FitOptions { Tol = 1e-12, MaxIterations = budget, Screening = Screening.WorkingSet, Precompute = mode };
                var fit = Lasso.Fit(data, alpha, options).ThrowIfFail();
                var gap = Gap(data, alpha, fit, out _) / data.Rows;
                Assert.False(fit.Converged);
                Assert.Equal(gap, fit.DualityGap, gap * 1e-9);
            }
        }
    }

    [Fact]
    public void Every_fit_of_a_path_has_its_gap_when_recomputed_from_the_data() =>
        Problems.Sample(pr =>
        {
            var data = Data(pr);
            var options = new FitOptions { Tol = 1e-8, MaxIterations = 100_000, Screening = Screening.WorkingSet, Precompute = pr.Mode };
            var grid = Lasso.AlphaGrid(data, 15, 1e-3, options);
            if (grid.IsFail) return; // y constant after centring: no path to fit
            var alphas = grid.ThrowIfFail();
            var path = Lasso.Path(data, alphas, options).ThrowIfFail();
            for (var i = 0; i < alphas.Length; i++)
            {
                if (!path[i].Converged)
                {
                    // Near interpolation (p > n, α → 0, correlated columns) coordinate descent can need more than the
                    // budget. The working set must then converge from the same warm start with four times the budget
                    // (its sweeps are cheaper, and measured to need up to ~2× plain sweeps there), or plain sweeps
                    // (scikit-learn's algorithm) must not converge within the budget either.
                    var start = i > 0 ? path[i - 1].Coefficients : [];
                    var longer = Lasso.Fit(data, alphas[i], options with { MaxIterations = 4 * options.MaxIterations, WarmStart = start }).ThrowIfFail();
                    var plain = Lasso.Fit(data, alphas[i], options with { Screening = Screening.None, Precompute = Precompute.Auto, WarmStart = start }).ThrowIfFail();
                    Assert.True(longer.Converged || !plain.Converged, $"α[{i}]: plain sweeps converge where the working set does not, even with 4× the budget ({longer.Warning})");
                    return;
                }
                var gap = Gap(data, alphas[i], path[i], out var yNorm2);
                Assert.True(gap <= 1e-8 * yNorm2 * (1 + 1e-6) + 1e-12, $"α[{i}]: recomputed gap {gap:E3} > tol·‖y‖² = {1e-8 * yNorm2:E3}");
            }
        }, iter: 150);
}

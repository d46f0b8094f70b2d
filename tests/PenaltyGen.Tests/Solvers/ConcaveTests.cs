using System;
using System.IO;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// MCP and SCAD (issue 15) where their solutions are known exactly: on an orthonormal design (columns orthogonal to each
/// other and to the intercept, each with ‖x_j‖²/n = 1) the least-squares fit is the univariate thresholding of z_j = x_jᵀy/n —
/// firm thresholding for MCP, SCAD thresholding for SCAD, written here from Breheny &amp; Huang (2011) and Fan &amp; Li (2001),
/// not from the library — and as γ grows MCP's fit tends to the lasso's. Every fit also satisfies the local KKT conditions
/// of the nonconvex problem, checked here from its residual.
/// </summary>
public class ConcaveTests
{
    private static readonly FitOptions Tight = new() { Tol = 1e-12, MaxIterations = 100_000 };

    /// <summary>n = 60 rows, 6 orthonormal columns (orthogonal to 1, ‖x‖²/n = 1) from a QR of seeded normals, and y with effects of every size.</summary>
    private static Dataset Orthonormal()
    {
        const int n = 60, p = 6;
        var random = new Random(7);
        var a = new double[n, p + 1];
        for (var i = 0; i < n; i++)
        {
            a[i, 0] = 1;
            for (var j = 1; j <= p; j++) a[i, j] = random.NextDouble() - 0.5;
        }
        // Gram–Schmidt against the ones column and the earlier columns.
        var q = new double[p + 1][];
        for (var j = 0; j <= p; j++)
        {
            var v = Enumerable.Range(0, n).Select(i => a[i, j]).ToArray();
            for (var k = 0; k < j; k++)
            {
                var dot = v.Zip(q[k]).Sum(t => t.Item1 * t.Item2);
                for (var i = 0; i < n; i++) v[i] -= dot * q[k][i];
            }
            var norm = Math.Sqrt(v.Sum(t => t * t));
            q[j] = v.Select(t => t / norm).ToArray();
        }
        var columns = Enumerable.Range(1, p).Select(j => q[j].Select(t => t * Math.Sqrt(n)).ToArray()).ToArray();
        double[] effects = [3.0, -1.6, 0.9, 0.45, -0.2, 0.05];
        var y = Enumerable.Range(0, n).Select(i => 2.0 + effects.Select((b, j) => b * columns[j][i]).Sum() + 0.1 * (random.NextDouble() - 0.5)).ToArray();
        return Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), y, Enumerable.Range(0, p).Select(j => $"x{j}").ToArray()).ThrowIfFail();
    }

    private static double[] Z(Dataset data)
    {
        var y = data.Target.ToArray();
        var mean = y.Average();
        return Enumerable.Range(0, data.Columns).Select(j => data.Column(j).ToArray().Zip(y).Sum(t => t.Item1 * (t.Item2 - mean)) / data.Rows).ToArray();
    }

    private static double Soft(double z, double l) => Math.Sign(z) * Math.Max(Math.Abs(z) - l, 0);

    /// <summary>Firm thresholding (MCP, unit curvature): S(z, λ)/(1 − 1/γ) for |z| ≤ γλ, z beyond.</summary>
    private static double Firm(double z, double l, double gamma) => Math.Abs(z) <= gamma * l ? Soft(z, l) / (1 - 1 / gamma) : z;

    /// <summary>SCAD thresholding (unit curvature): S(z, λ) for |z| ≤ 2λ, ((a − 1)z − sign(z)aλ)/(a − 2) for |z| ≤ aλ, z beyond.</summary>
    private static double ScadThreshold(double z, double l, double a) =>
        Math.Abs(z) <= 2 * l ? Soft(z, l) : Math.Abs(z) <= a * l ? ((a - 1) * z - Math.Sign(z) * a * l) / (a - 2) : z;

    [Theory]
    [InlineData(0.1, 3.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.3, 1.5)]
    [InlineData(1.0, 10.0)]
    public void Mcp_on_an_orthonormal_design_is_firm_thresholding(double alpha, double gamma)
    {
        var data = Orthonormal();
        var z = Z(data);
        var fit = Mcp.Fit(data, alpha, Tight with { Concavity = gamma }).ThrowIfFail();
        Assert.True(fit.Converged, fit.Warning);
        for (var j = 0; j < z.Length; j++) Assert.Equal(Firm(z[j], alpha, gamma), fit.Coefficients[j], 10);
        Assert.Equal(data.Target.ToArray().Average(), fit.Intercept, 10);
        Assert.Equal(gamma, fit.Concavity);
    }

    [Theory]
    [InlineData(0.1, 3.7)]
    [InlineData(0.5, 3.7)]
    [InlineData(0.3, 2.5)]
    public void Scad_on_an_orthonormal_design_is_scad_thresholding(double alpha, double a)
    {
        var data = Orthonormal();
        var z = Z(data);
        var fit = Scad.Fit(data, alpha, Tight with { Concavity = a }).ThrowIfFail();
        Assert.True(fit.Converged, fit.Warning);
        for (var j = 0; j < z.Length; j++) Assert.Equal(ScadThreshold(z[j], alpha, a), fit.Coefficients[j], 10);
    }

    [Fact]
    public void As_gamma_grows_mcp_tends_to_the_lasso()
    {
        var data = Diabetes.Load();
        var options = Tight with { Standardize = true };
        var lasso = Lasso.Fit(data, 0.5, options).ThrowIfFail();
        double? previous = null;
        foreach (var gamma in new[] { 10.0, 1e3, 1e6 })
        {
            var fit = Mcp.Fit(data, 0.5, options with { Concavity = gamma }).ThrowIfFail();
            var distance = fit.Coefficients.Zip(lasso.Coefficients).Max(t => Math.Abs(t.Item1 - t.Item2));
            if (previous is { } d) Assert.True(distance < d, $"γ = {gamma}: {distance} not below {d}");
            previous = distance;
        }
        Assert.True(previous < 1e-3, $"γ = 1e6 leaves MCP {previous} from the lasso");
    }

    [Fact]
    public void A_path_starts_at_the_lassos_alpha_max_and_every_fit_meets_the_local_kkt_conditions()
    {
        var data = Diabetes.Load();
        var options = Tight with { Standardize = true };
        var grid = Mcp.AlphaGrid(data, 20, 1e-2, options).ThrowIfFail();
        Assert.Equal(Lasso.AlphaGrid(data, 20, 1e-2, options).ThrowIfFail().ToArray(), grid.ToArray());
        var path = Mcp.Path(data, grid, options).ThrowIfFail();
        // At α_max zero is optimal: the first fit is zero up to the rounding of the threshold test (z_j = λ exactly for one feature).
        Assert.All(path[0].Coefficients, w => Assert.True(Math.Abs(w) <= 1e-12, $"{w}"));
        // On the standardized columns (what the penalty sees): r = y − Xw − b, g_j = −x̃_jᵀr/n; MCP's slope off zero.
        var means = Enumerable.Range(0, data.Columns).Select(j => data.Column(j).ToArray().Average()).ToArray();
        var scales = Enumerable.Range(0, data.Columns).Select(j => Math.Sqrt(data.Column(j).ToArray().Average(v => (v - means[j]) * (v - means[j])))).ToArray();
        foreach (var fit in path.Fits)
        {
            Assert.True(fit.Converged, fit.Warning);
            var r = Enumerable.Range(0, data.Rows).Select(i => data.Target[i] - fit.Intercept - Enumerable.Range(0, data.Columns).Sum(j => fit.Coefficients[j] * data.Column(j)[i])).ToArray();
            for (var j = 0; j < data.Columns; j++)
            {
                var g = -Enumerable.Range(0, data.Rows).Sum(i => (data.Column(j)[i] - means[j]) / scales[j] * r[i]) / data.Rows;
                var w = fit.Coefficients[j] * scales[j];
                var (l, gamma) = (fit.Alpha, 3.0);
                var residual = w == 0 ? Math.Max(Math.Abs(g) - l, 0) : Math.Abs(g + Math.Sign(w) * Math.Max(l - Math.Abs(w) / gamma, 0));
                Assert.True(residual <= 1e-8, $"α {fit.Alpha}: feature {j} KKT residual {residual}");
            }
        }
    }

    [Fact]
    public void Unscaled_features_too_flat_for_the_concavity_are_an_error_that_names_the_feature()
    {
        var data = Diabetes.Load();
        // scikit-learn's diabetes columns have ‖x − x̄‖²/n = 1/442, far below MCP's 1/γ.
        var error = Mcp.Fit(data, 0.1).Match(_ => "", e => e.Message);
        Assert.Contains("gamma = 3 is invalid", error);
        Assert.Contains("along feature 'age'", error);
        Assert.Contains("standardize the features", error);
        Assert.True(Mcp.Fit(data, 0.1, new FitOptions { Standardize = true }).IsSucc);
        Assert.Contains("gamma = 1 is invalid: must be a finite number > 1", Mcp.Fit(data, 0.1, new FitOptions { Concavity = 1 }).Match(_ => "", e => e.Message));
        Assert.Contains("a = 2 is invalid: must be a finite number > 2", Scad.Fit(data, 0.1, new FitOptions { Concavity = 2 }).Match(_ => "", e => e.Message));
        Assert.Contains("reads no γ or a at run time", Lasso.Fit(data, 0.1, new FitOptions { Concavity = 3 }).Match(_ => "", e => e.Message));
        Assert.Contains("is nonconvex, and it is fitted with least squares only",
            Mcp.Fit(data, 0.1, new FitOptions { Loss = LossKind.Poisson, Standardize = true }).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void A_model_file_keeps_gamma()
    {
        var data = Orthonormal();
        var fit = Scad.Fit(data, 0.2, Tight with { Concavity = 3.0 }).ThrowIfFail();
        var path = Path.Combine(Path.GetTempPath(), $"scad-{Guid.NewGuid():N}.json");
        try
        {
            fit.Save(path).ThrowIfFail();
            var loaded = Fit.Load(path).ThrowIfFail();
            Assert.Equal(3.0, loaded.Concavity);
            Assert.Equal(fit.Coefficients.ToArray(), loaded.Coefficients.ToArray());
            Assert.Equal("SCAD(w; a)", loaded.Formula);
        }
        finally
        {
            File.Delete(path);
        }
    }
}


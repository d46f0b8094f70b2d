using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// Proximal Newton's model sweeps with the rows split between two cores (from <see cref="ProximalNewton.PairedRows"/>
/// rows): l1 logistic regression on 5000 rows against scikit-learn's saga (tol 1e-12), and the same coefficients, bit
/// for bit, whether the halves run on two threads or one after the other on one.
/// </summary>
public class PairedSweepTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("logistic_tall.json");

    private static readonly Lazy<Dataset> Data = new(() =>
    {
        var tall = CovarianceTests.TallData(Fixture.GetProperty("rows").GetInt32(), Fixture.GetProperty("columns").GetInt32());
        var labels = tall.Target.ToArray().Select(y => y > 0 ? 1.0 : 0.0).ToArray();
        return Dataset.FromColumnMajor(tall.Features, labels, tall.FeatureNames.AsSpan()).ThrowIfFail();
    });

    [Fact]
    public void The_data_are_the_fixtures_and_take_the_paired_sweeps()
    {
        Assert.True(Data.Value.Rows >= ProximalNewton.PairedRows);
        Assert.Equal(Fixture.GetProperty("positives").GetInt32(), (int)Data.Value.Target.ToArray().Sum());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Matches_scikit_learn_saga_to_1e_6(int index)
    {
        var c = Fixture.GetProperty("cases")[index];
        var data = Data.Value;
        var fit = Lasso.Fit(data, Logistic.AlphaFromC(c.GetProperty("C").GetDouble(), data.Rows),
            new FitOptions { Loss = LossKind.Logistic, Tol = 1e-11, MaxIterations = 200_000 }).ThrowIfFail();
        Assert.True(fit.Converged, fit.Warning);
        Reference.AssertMatchesCase(c, fit);
    }

    [Fact]
    public void A_path_is_the_same_on_two_cores_and_on_one()
    {
        var data = Data.Value;
        var alphas = Enumerable.Range(0, 20).Select(k => 0.05 * Math.Pow(10, -2.0 * k / 19)).ToArray();
        var options = new FitOptions { Loss = LossKind.Logistic, Tol = 1e-8 };
        var paired = Lasso.Path(data, alphas, options).ThrowIfFail();
        RegularizationPath alone;
        using (ForkJoin.Alone()) alone = Lasso.Path(data, alphas, options).ThrowIfFail();
        for (var k = 0; k < alphas.Length; k++)
        {
            Assert.True(paired[k].Coefficients.AsSpan().SequenceEqual(alone[k].Coefficients.AsSpan()), $"fit {k}");
            Assert.Equal(alone[k].Intercept, paired[k].Intercept);
        }
        Assert.True(paired[alphas.Length - 1].Coefficients.Count(w => w != 0) > 20);
    }
}

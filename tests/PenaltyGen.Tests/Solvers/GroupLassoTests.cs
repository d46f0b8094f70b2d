using System;
using System.Collections.Immutable;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>The group lasso, fitted by FISTA with the generated block prox.</summary>
public class GroupLassoTests
{
    private static readonly ImmutableArray<int> Groups = [0, 0, 1, 1, 1, 2, 2, 2, 2, 3];

    [Fact]
    public void Singleton_groups_are_the_lasso_of_scikit_learn()
    {
        var expected = ParityFixtures.Cases.Single(c => c.Data == "diabetes" && c.Model == "lasso" && c.Alpha == 0.1 && c.Tight);
        var fit = GroupLasso.Fit(Diabetes.Load(), 0.1, new FitOptions { Groups = [.. Enumerable.Range(0, 10)], Tol = 1e-12, MaxIterations = 1_000_000 }).ThrowIfFail();
        Assert.Equal(SolverKind.Fista, fit.Solver);
        Assert.True(fit.Converged, fit.Warning);
        var scale = expected.Coef.Max(Math.Abs);
        for (var j = 0; j < 10; j++) Assert.True(Math.Abs(expected.Coef[j] - fit.Coefficients[j]) <= 1e-6 * scale, $"coef[{j}]");
        Assert.Equal(expected.Intercept, fit.Intercept, 1e-6 * expected.Intercept);
    }

    [Fact]
    public void Whole_groups_enter_and_leave_together_and_the_fit_is_certified()
    {
        var data = Diabetes.Load();
        var options = new FitOptions { Groups = Groups, Tol = 1e-10, MaxIterations = 100_000 };
        var alphaMax = RegularizationPathsAlphaMax(data, options);
        foreach (var fraction in new[] { 0.05, 0.3, 0.7 })
        {
            var fit = GroupLasso.Fit(data, fraction * alphaMax, options).ThrowIfFail();
            Assert.True(fit.Converged, fit.Warning);
            Assert.True(double.IsNaN(fit.DualityGap));
            for (var start = 0; start < 10;)
            {
                var end = start + 1;
                while (end < 10 && Groups[end] == Groups[start]) end++;
                var zeros = Enumerable.Range(start, end - start).Count(j => fit.Coefficients[j] == 0);
                Assert.True(zeros == 0 || zeros == end - start, $"group {Groups[start]} is partly zero at {fraction}·α_max");
                start = end;
            }
        }
        var atMax = GroupLasso.Fit(data, alphaMax, options).ThrowIfFail();
        Assert.All(atMax.Coefficients, w => Assert.Equal(0.0, w));
        var below = GroupLasso.Fit(data, 0.95 * alphaMax, options).ThrowIfFail();
        Assert.True(below.NonZeroCount > 0);
    }

    private static double RegularizationPathsAlphaMax(Dataset data, FitOptions options) =>
        Paths.RegularizationPaths.AlphaMax<GroupLasso.Penalty>(data, options);

    [Fact]
    public void A_group_lasso_path_starts_at_its_alpha_max()
    {
        var options = new FitOptions { Groups = Groups };
        var path = GroupLasso.Path(Diabetes.Load(), options: options).ThrowIfFail();
        Assert.Equal(100, path.Fits.Length);
        Assert.All(path[0].Coefficients, w => Assert.Equal(0.0, w));
        Assert.True(path.Fits.All(f => f.Converged));
        Assert.Equal(10, path.Fits[^1].NonZeroCount);
    }

    [Fact]
    public void Bad_groups_and_coordinate_descent_are_errors()
    {
        var data = Diabetes.Load();
        string Error(FitOptions o) => GroupLasso.Fit(data, 0.1, o).Match(_ => "", e => e.Message);
        Assert.Equal("groups = (missing) is invalid: a penalty with [GroupL2] needs FitOptions.Groups, one group id per feature", Error(new FitOptions()));
        Assert.Equal("groups = 3 values is invalid: need one per feature (10)", Error(new FitOptions { Groups = [0, 0, 1] }));
        Assert.Equal("groups[4] (s1) = 0 is invalid: group 0 already ended at feature 0: the features of a group must be adjacent",
            Error(new FitOptions { Groups = [0, 0, 1, 1, 0, 2, 2, 2, 2, 3] }));
        Assert.Equal("solver = coordinate descent is invalid: needs a separable penalty; g(w) = 1·√|G|·‖w_G‖ couples the coefficients of a group (use FISTA, the default)",
            Error(new FitOptions { Groups = Groups, Solver = SolverKind.CoordinateDescent }));
    }

    [Fact]
    public void The_group_penalty_is_a_block_penalty_with_no_scalar_members()
    {
        Assert.True(typeof(IBlockPenalty).IsAssignableFrom(typeof(GroupLasso.Penalty)));
        Assert.False(typeof(ISeparablePenalty).IsAssignableFrom(typeof(GroupLasso.Penalty)));
    }

    [Fact]
    public void The_vector_prox_is_the_block_prox_of_each_group()
    {
        var p = new PenaltyParameters(0.7) { Groups = [0, 0, 1, 1, 1, 2] };
        double[] v = [0.3, -0.2, 2.0, -1.0, 0.5, 4.0];
        var whole = v.ToArray();
        Prox<GroupLasso.Penalty>(whole, 1.0, p);
        var blocks = v.ToArray();
        BlockProx<GroupLasso.Penalty>(blocks.AsSpan(0, 2), 1.0, p);
        BlockProx<GroupLasso.Penalty>(blocks.AsSpan(2, 3), 1.0, p);
        BlockProx<GroupLasso.Penalty>(blocks.AsSpan(5, 1), 1.0, p);
        Assert.Equal(blocks, whole);
        // The first group's norm 0.36 is below its threshold 0.7·√2: it is zero; the others shrink towards 0.
        Assert.Equal([0.0, 0.0], whole[..2]);
        Assert.Equal(4.0 - 0.7, whole[5], 14);
    }

    private static void Prox<TPenalty>(Span<double> w, double t, in PenaltyParameters p) where TPenalty : struct, IBlockPenalty =>
        TPenalty.Prox(w, t, p, []);

    private static void BlockProx<TPenalty>(Span<double> w, double t, in PenaltyParameters p) where TPenalty : struct, IBlockPenalty =>
        TPenalty.BlockProx(w, t, p, []);
}

using System;
using System.Linq;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>Lasso, ElasticNet and Ridge against scikit-learn 1.2.1 (tests/reference/parity.json).</summary>
public class ParityTests
{
    public static TheoryData<ParityCase> Tight => [.. ParityFixtures.Cases.Where(c => c.Tight && c.Model != "ridge")];

    public static TheoryData<ParityCase> DefaultTolerance => [.. ParityFixtures.Cases.Where(c => !c.Tight && c.Iterations < 1000)];

    public static TheoryData<ParityCase> Ridges => [.. ParityFixtures.Cases.Where(c => c.Model == "ridge")];

    private static readonly FitOptions TightOptions = new() { Tol = 1e-12, MaxIterations = 1_000_000 };

    private static void AssertClose(double[] expected, double[] actual, double relative, string what)
    {
        var scale = Math.Max(expected.Max(Math.Abs), 1e-300);
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - actual[j]) <= relative * scale,
                $"{what}[{j}]: {actual[j]:R} vs scikit-learn {expected[j]:R} (scale {scale:E3})");
    }

    [Theory]
    [MemberData(nameof(Tight))]
    public void Coordinate_descent_solved_tight_matches_to_1e_6(ParityCase c)
    {
        var fit = ParityFixtures.Fit(c, TightOptions with { Solver = SolverKind.CoordinateDescent });
        Assert.True(fit.Converged, fit.Warning);
        AssertClose(c.Coef, fit.Coefficients.ToArray(), 1e-6, "coef");
        Assert.Equal(c.Intercept, fit.Intercept, Math.Max(1, Math.Abs(c.Intercept)) * 1e-6);
    }

    [Theory]
    [MemberData(nameof(Tight))]
    public void Fista_solved_tight_agrees_with_scikit_learn_and_coordinate_descent(ParityCase c)
    {
        var fit = ParityFixtures.Fit(c, TightOptions with { Solver = SolverKind.Fista });
        Assert.True(fit.Converged, fit.Warning);
        AssertClose(c.Coef, fit.Coefficients.ToArray(), 1e-6, "coef");
        Assert.Equal(c.Intercept, fit.Intercept, Math.Max(1, Math.Abs(c.Intercept)) * 1e-6);
    }

    [Theory]
    [MemberData(nameof(DefaultTolerance))]
    public void At_the_default_tolerance_the_same_stopping_rule_lands_in_the_same_ball(ParityCase c)
    {
        var fit = ParityFixtures.Fit(c, FitOptions.Default);
        Assert.True(fit.Converged, fit.Warning);
        var tolerance = 1e-4 * ParityFixtures.YVariance(c);
        Assert.True(fit.DualityGap < tolerance, $"gap {fit.DualityGap:E3} ≥ {tolerance:E3}");
        var ours = ParityFixtures.Objective(c, fit.Coefficients.ToArray(), fit.Intercept);
        var theirs = ParityFixtures.Objective(c, c.Coef, c.Intercept);
        Assert.True(Math.Abs(ours - theirs) <= tolerance, $"objective {ours:R} vs scikit-learn {theirs:R}");
        Assert.Equal(c.Iterations, fit.Iterations);
        // The gap is a difference of objectives of size Var(y): below a few ulps of that (1e-11·tolerance is 1e-15·Var(y))
        // it is rounding, and scikit-learn's own 0.0 here is such a cancellation.
        Assert.Equal(c.DualGap, fit.DualityGap, Math.Max(Math.Abs(c.DualGap) * 1e-3, 1e-11 * tolerance));
    }

    [Theory]
    [MemberData(nameof(Ridges))]
    public void Ridge_matches_scikit_learn_to_1e_9(ParityCase c)
    {
        var fit = ParityFixtures.Fit(c, FitOptions.Default);
        Assert.Equal(SolverKind.Direct, fit.Solver);
        AssertClose(c.Coef, fit.Coefficients.ToArray(), 1e-9, "coef");
        Assert.Equal(c.Intercept, fit.Intercept, Math.Max(1, Math.Abs(c.Intercept)) * 1e-9);
        var cd = ParityFixtures.Fit(c, TightOptions with { Solver = SolverKind.CoordinateDescent });
        AssertClose(c.Coef, cd.Coefficients.ToArray(), 1e-6, "coordinate descent coef");
    }
}

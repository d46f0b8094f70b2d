using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Fits;
using PenaltyGen.Losses;
using PenaltyGen.Models;
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
        var penalty = c.GetProperty("penalty").GetString();
        var alpha = Logistic.AlphaFromC(c.GetProperty("C").GetDouble(), Data.Rows);
        var options = new FitOptions { Loss = LossKind.Logistic, Solver = solver, Tol = 1e-11, MaxIterations = 200_000 };
        Fit fit = penalty switch
        {
            "l1" => Lasso.Fit(Data, alpha, options).ThrowIfFail(),
            "l2" => ElasticNet.Fit(Data, alpha, options with { L1Ratio = 0 }).ThrowIfFail(),
            _ => ElasticNet.Fit(Data, alpha, options with { L1Ratio = c.GetProperty("l1_ratio").GetDouble() }).ThrowIfFail(),
        };
        Assert.True(fit.Converged, fit.Warning);
        var expected = c.GetProperty("coef").Doubles();
        var scale = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - fit.Coefficients[j]) <= 1e-6 * scale, $"coef[{j}]: {fit.Coefficients[j]:R} vs {expected[j]:R}");
        Assert.Equal(c.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-6 * Math.Max(1, Math.Abs(fit.Intercept)));
        Assert.Equal(c.GetProperty("accuracy").GetDouble(), fit.Score(Data), 12);
    }
}

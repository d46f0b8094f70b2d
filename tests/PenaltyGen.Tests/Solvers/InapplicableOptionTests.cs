using PenaltyGen.Data;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>An option the model or solver would ignore is an error that names it, never silence.</summary>
public class InapplicableOptionTests
{
    public static TheoryData<string, FitOptions, string> Cases => new()
    {
        { "lasso", new FitOptions { L1Ratio = 0.9 }, "l1_ratio = 0.9 is invalid: does not apply to PenaltyGen.Models.Lasso: its penalty g(w) = 1·|w| has no run-time ratio (only [ElasticNet] without L1Ratio reads one); leave it unset" },
        { "lasso", new FitOptions { Groups = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4] }, "groups = 10 values is invalid: do not apply to PenaltyGen.Models.Lasso: its penalty g(w) = 1·|w| has no [GroupL2] term; leave them unset" },
        { "lasso", new FitOptions { Seed = 3 }, "seed = 3 is invalid: applies only to Selection = Random (the cyclic order uses no random numbers); leave it unset or choose the random order" },
        { "lasso", new FitOptions { Solver = SolverKind.Fista, Selection = CoordinateSelection.Random }, "selection = Random is invalid: applies to coordinate descent only, not to the Fista solver" },
        { "lasso", new FitOptions { Solver = SolverKind.Fista, Screening = Screening.WorkingSet }, "screening = WorkingSet is invalid: applies to coordinate descent only, not to the Fista solver" },
        { "lasso", new FitOptions { Precompute = Precompute.Always }, "precompute = Always is invalid: applies to the working-set solver of least squares only (paths, or Screening = WorkingSet)" },
        { "ridge", new FitOptions { Solver = SolverKind.Direct, WarmStart = [.. new double[10]] }, "warm_start = 10 values is invalid: does not apply to the direct solve, which starts from nothing" },
        { "group", new FitOptions { Groups = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4], Selection = CoordinateSelection.Random }, "selection = Random is invalid: applies to coordinate descent only, not to the Fista solver" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Options_that_do_not_apply_are_errors(string model, FitOptions options, string message)
    {
        var data = Diabetes.Load();
        var result = model switch
        {
            "ridge" => Ridge.Fit(data, 1.0, options),
            "group" => GroupLasso.Fit(data, 0.1, options),
            _ => Lasso.Fit(data, 0.1, options),
        };
        Assert.Equal(message, result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void The_same_options_apply_where_they_mean_something()
    {
        var data = Diabetes.Load();
        Assert.True(ElasticNet.Fit(data, 0.1, new FitOptions { L1Ratio = 0.9 }).IsSucc);
        Assert.True(Lasso.Fit(data, 0.1, new FitOptions { Selection = CoordinateSelection.Random, Seed = 3 }).IsSucc);
        Assert.True(Lasso.Fit(data, 0.1, new FitOptions { Screening = Screening.WorkingSet, Precompute = Precompute.Always }).IsSucc);
        Assert.True(Lasso.Path(data, [1.0, 0.1], new FitOptions { Precompute = Precompute.Never }).IsSucc);
        Assert.True(GroupLasso.Fit(data, 0.1, new FitOptions { Groups = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4] }).IsSucc);
    }
}

using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

public class ProblemTests
{
    [Fact]
    public void A_problem_is_a_value_varied_with_with_and_solved_purely()
    {
        var problem = new Problem<Lasso.Penalty>(Diabetes.Load(), 0.1);
        var first = problem.Solve().ThrowIfFail();
        Assert.Equal(first.Coefficients.AsSpan().ToArray(), problem.Solve().ThrowIfFail().Coefficients.AsSpan().ToArray());
        Assert.Equal(Lasso.Fit(Diabetes.Load(), 0.1).ThrowIfFail().Coefficients.AsSpan().ToArray(), first.Coefficients.AsSpan().ToArray());

        var stronger = problem with { Alpha = 1.0 };
        Assert.Equal(0.1, problem.Alpha);
        Assert.True(stronger.Solve().ThrowIfFail().NonZeroCount < first.NonZeroCount);

        var warm = (problem with { Alpha = 0.09 }).WarmStartedFrom(first).Solve().ThrowIfFail();
        var cold = (problem with { Alpha = 0.09 }).Solve().ThrowIfFail();
        Assert.True(warm.Iterations < cold.Iterations, $"warm {warm.Iterations} vs cold {cold.Iterations} sweeps");
    }
}

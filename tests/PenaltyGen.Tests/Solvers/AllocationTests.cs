using System;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// A regression guard for "no allocation per iteration": a fit held to 30 iterations allocates exactly
/// as much as one held to 10 (the numbers in docs/benchmarks.md come from BenchmarkDotNet's memory diagnoser).
/// </summary>
[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    private static readonly Dataset Data = Diabetes.Load();

    private static readonly Dataset Labels = Dataset.FromColumnMajor(Data.Features,
        Array.ConvertAll(Data.Target.ToArray(), y => y > 140 ? 1.0 : 0.0), Data.FeatureNames.AsSpan()).ThrowIfFail();

    public static TheoryData<string, LossKind, SolverKind> Combinations()
    {
        var data = new TheoryData<string, LossKind, SolverKind>();
        foreach (var penalty in new[] { "lasso", "elasticnet", "nonnegative" })
            foreach (var loss in new[] { LossKind.LeastSquares, LossKind.Logistic })
                foreach (var solver in new[] { SolverKind.CoordinateDescent, SolverKind.Fista })
                    data.Add(penalty, loss, solver);
        data.Add("group", LossKind.LeastSquares, SolverKind.Fista);
        data.Add("group", LossKind.Logistic, SolverKind.Fista);
        return data;
    }

    /// <summary>
    /// The bytes one call of <paramref name="few"/> and one of <paramref name="many"/> allocate on this thread: the least
    /// of <see cref="Rounds"/> measurements each, taken alternately after a warm-up of both. A one-off allocation (the
    /// warning's text formatted through the shared ArrayPool&lt;char&gt;, which now and then rents a fresh array when the
    /// thread has moved to another core's partition; a tier-up of the JIT landing in one measurement, more likely on
    /// a loaded machine — once seen as 128 bytes more for 10 iterations than for 30) spoils one round, not all of them;
    /// an allocation per iteration shows in every round.
    /// </summary>
    private static (long Few, long Many) Allocated(Func<Fit> few, Func<Fit> many)
    {
        few();
        many();
        var (leastFew, leastMany) = (long.MaxValue, long.MaxValue);
        for (var k = 0; k < Rounds; k++)
        {
            leastFew = Math.Min(leastFew, Measure(few));
            leastMany = Math.Min(leastMany, Measure(many));
        }
        return (leastFew, leastMany);
    }

    private const int Rounds = 15;

    private static long Measure(Func<Fit> fit)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = fit();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        // Both fits must stop on the budget: a converged fit carries no warning text and would allocate less.
        Assert.False(result.Converged);
        return bytes;
    }

    private static Fit Fit(string penalty, Dataset data, FitOptions o) => penalty switch
    {
        "lasso" => Lasso.Fit(data, 1e-4, o).ThrowIfFail(),
        "elasticnet" => ElasticNet.Fit(data, 1e-4, o).ThrowIfFail(),
        "group" => GroupLasso.Fit(data, 1e-4, o with { Groups = [0, 0, 1, 1, 1, 2, 2, 2, 2, 3] }).ThrowIfFail(),
        _ => NonNegativeLasso.Fit(data, 1e-4, o).ThrowIfFail(),
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void More_iterations_allocate_nothing_more(string penalty, LossKind loss, SolverKind solver)
    {
        var options = new FitOptions { Loss = loss, Solver = solver, Tol = 1e-300 };
        var data = loss == LossKind.Logistic ? Labels : Data;
        // 10 and 30: the non-negative lasso reaches a zero gap (exactly) after about 40 sweeps. Logistic: 30 and 60, past the
        // Newton step where the exact model solve makes its buffers (once per workspace, on first use).
        Fit Held(int iterations)
        {
            var fit = Fit(penalty, data, options with { MaxIterations = iterations });
            Assert.Equal(iterations, fit.Iterations);
            return fit;
        }
        var (few, many) = loss == LossKind.Logistic ? Allocated(() => Held(30), () => Held(60)) : Allocated(() => Held(10), () => Held(30));
        AssertNothingMore(few, many);
    }

    [Theory]
    [InlineData(Precompute.Always)]
    [InlineData(Precompute.Never)]
    public void Working_set_sweeps_allocate_nothing_more(Precompute mode)
    {
        // The paths' solvers (covariance mode on its Gram cache, residual mode on the working set) held to a
        // budget: the sweeps themselves allocate nothing.
        var data = CovarianceTests.TallData();
        Fit Held(int iterations)
        {
            var o = new FitOptions { Tol = 1e-300, MaxIterations = iterations, Screening = Screening.WorkingSet, Precompute = mode };
            var fit = Lasso.Fit(data, 0.01, o).ThrowIfFail();
            Assert.Equal(iterations, fit.Iterations);
            return fit;
        }
        var (few, many) = Allocated(() => Held(10), () => Held(30));
        AssertNothingMore(few, many);
    }

    /// <summary>
    /// The property itself: the longer fit allocates no byte more than the shorter one. (Under a full test run the shorter
    /// fit was seen to allocate 96 B more in every round — a pool's array rented afresh on this thread, not an iteration's
    /// allocation — so equality would test the runtime's pools, not the solver.)
    /// </summary>
    private static void AssertNothingMore(long few, long many) =>
        Assert.True(many <= few, $"the longer fit allocated {many - few} B more than the shorter ({many} B against {few} B)");
}

/// <summary>
/// The allocation tests run alone: other test classes running beside them share the runtime's pools (a warning's
/// text can rent a fresh array from ArrayPool&lt;char&gt; when another thread emptied its cache), which is noise,
/// not an allocation of the solver.
/// </summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection;

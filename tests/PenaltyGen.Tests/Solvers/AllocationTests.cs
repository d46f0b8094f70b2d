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

    private static long Allocated(string penalty, FitOptions o)
    {
        var data = o.Loss == LossKind.Logistic ? Labels : Data;
        Fit(penalty, data, o);
        // The least of three: the warning's text is formatted through the shared ArrayPool<char> when it outgrows the
        // stack buffer, so with other tests running in parallel a fit now and then rents a fresh array; an allocation
        // per iteration would show in every measurement.
        var least = long.MaxValue;
        for (var k = 0; k < 3; k++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var fit = Fit(penalty, data, o);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(o.MaxIterations, fit.Iterations);
            // Both fits must stop on the budget: a converged fit carries no warning text and would allocate less.
            Assert.False(fit.Converged);
        }
        return least;
    }

    private static Fits.Fit Fit(string penalty, Dataset data, FitOptions o) => penalty switch
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
        // 10 and 30: the non-negative lasso reaches a zero gap (exactly) after about 40 sweeps.
        var few = Allocated(penalty, options with { MaxIterations = 10 });
        var many = Allocated(penalty, options with { MaxIterations = 30 });
        Assert.Equal(few, many);
    }

    [Theory]
    [InlineData(Precompute.Always)]
    [InlineData(Precompute.Never)]
    public void Working_set_sweeps_allocate_nothing_more(Precompute mode)
    {
        // The paths' solvers (covariance mode on its Gram cache, residual mode on the working set) held to a
        // budget: the sweeps themselves allocate nothing.
        var data = CovarianceTests.TallData();
        long Bytes(int iterations)
        {
            var o = new FitOptions { Tol = 1e-300, MaxIterations = iterations, Screening = Screening.WorkingSet, Precompute = mode };
            Lasso.Fit(data, 0.01, o).ThrowIfFail();
            // The least of three, as above.
            var least = long.MaxValue;
            for (var k = 0; k < 3; k++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var fit = Lasso.Fit(data, 0.01, o).ThrowIfFail();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
                Assert.Equal(iterations, fit.Iterations);
                Assert.False(fit.Converged);
            }
            return least;
        }
        Assert.Equal(Bytes(10), Bytes(30));
    }
}

/// <summary>
/// The allocation tests run alone: other test classes running beside them share the runtime's pools (a warning's
/// text can rent a fresh array from ArrayPool&lt;char&gt; when another thread emptied its cache), which is noise,
/// not an allocation of the solver.
/// </summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection;

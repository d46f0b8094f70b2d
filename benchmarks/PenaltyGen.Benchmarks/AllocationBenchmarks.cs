using System;
using BenchmarkDotNet.Attributes;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// Every penalty × loss × solver, held to a fixed number of iterations (tol 1e-300 never stops early).
/// With the memory diagnoser: if "Allocated" is the same at 10 and 100 iterations, an iteration allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    private Dataset regression = null!;
    private Dataset classification = null!;

    [Params("lasso", "elasticnet", "nonnegative-lasso", "ridge")]
    public string Penalty { get; set; } = "lasso";

    [Params(LossKind.LeastSquares, LossKind.Logistic)]
    public LossKind Loss { get; set; }

    [Params(SolverKind.CoordinateDescent, SolverKind.Fista)]
    public SolverKind Solver { get; set; }

    [Params(10, 100)]
    public int Iterations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        regression = Diabetes.Load();
        classification = Dataset.FromColumnMajor(regression.Features,
            Array.ConvertAll(regression.Target.ToArray(), y => y > 140 ? 1.0 : 0.0), regression.FeatureNames.AsSpan()).ThrowIfFail();
    }

    [Benchmark]
    public Fit Fit()
    {
        var options = new FitOptions { Loss = Loss, Solver = Solver, Tol = 1e-300, MaxIterations = Iterations };
        var data = Loss == LossKind.Logistic ? classification : regression;
        return Penalty switch
        {
            "lasso" => Lasso.Fit(data, 1e-5, options).ThrowIfFail(),
            "elasticnet" => ElasticNet.Fit(data, 1e-5, options).ThrowIfFail(),
            "ridge" => Ridge.Fit(data, 1e-3, options).ThrowIfFail(),
            _ => NonNegativeLasso.Fit(data, 1e-5, options).ThrowIfFail(),
        };
    }
}

/// <summary>The group lasso (not separable: FISTA only), held to 10 or 100 iterations.</summary>
[MemoryDiagnoser]
public class GroupAllocationBenchmarks
{
    private Dataset regression = null!;
    private Dataset classification = null!;

    [Params(LossKind.LeastSquares, LossKind.Logistic)]
    public LossKind Loss { get; set; }

    [Params(10, 100)]
    public int Iterations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        regression = Diabetes.Load();
        classification = Dataset.FromColumnMajor(regression.Features,
            Array.ConvertAll(regression.Target.ToArray(), y => y > 140 ? 1.0 : 0.0), regression.FeatureNames.AsSpan()).ThrowIfFail();
    }

    [Benchmark]
    public Fit Fit() => GroupLasso.Fit(Loss == LossKind.Logistic ? classification : regression, 1e-5,
        new FitOptions { Loss = Loss, Tol = 1e-300, MaxIterations = Iterations, Groups = [0, 0, 1, 1, 1, 2, 2, 2, 2, 3] }).ThrowIfFail();
}

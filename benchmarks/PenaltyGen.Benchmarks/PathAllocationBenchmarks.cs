using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// What a 100-alpha path allocates (memory diagnoser): one workspace and the results (100 fits of p
/// coefficients), nothing per iteration. Residual mode's workspace holds the centred copy of X (n·p·8 bytes);
/// covariance mode's holds the Gram cache instead (at most p²·8 bytes) and centres implicitly.
/// </summary>
[MemoryDiagnoser]
public class PathAllocationBenchmarks
{
    private Dataset data = null!;
    private ImmutableArray<double> grid;

    [Params(2000)]
    public int Rows { get; set; }

    [Params(1000)]
    public int Columns { get; set; }

    [Params(Precompute.Never, Precompute.Auto)]
    public Precompute Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var x = new double[Rows * Columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5;
        var y = new double[Rows];
        for (var i = 0; i < Rows; i++) y[i] = 3 * x[i] - 2 * x[7 * Rows + i] + random.NextDouble();
        data = Dataset.FromColumnMajor(x, y, Enumerable.Range(0, Columns).Select(j => $"x{j}").ToArray()).ThrowIfFail();
        grid = Lasso.AlphaGrid(data, 100, 1e-3).ThrowIfFail();
    }

    [Benchmark(Description = "100-alpha lasso path, working sets")]
    public int Path() => Lasso.Path(data, grid, new FitOptions { Precompute = Mode }).ThrowIfFail().Fits.Length;
}

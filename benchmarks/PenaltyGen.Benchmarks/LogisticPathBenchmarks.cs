using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// A 20-α logistic lasso path (eps 1e-2, default tolerance) on uniform features with three true ones: coordinate
/// descent (proximal Newton; with working sets along the path, or every feature in every model) against FISTA.
/// </summary>
public class LogisticPathBenchmarks
{
    private Dataset data = null!;
    private ImmutableArray<double> grid;

    [Params("5000x200", "500x2000", "1000x10000")]
    public string Shape { get; set; } = "";

    [Params("CD, working sets", "CD, every feature", "FISTA")]
    public string Solver { get; set; } = "";

    private FitOptions Options => new()
    {
        Loss = LossKind.Logistic,
        Solver = Solver == "FISTA" ? SolverKind.Fista : SolverKind.CoordinateDescent,
        Screening = Solver == "CD, every feature" ? Screening.None : Screening.Auto,
    };

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x');
        int rows = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), columns = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(3);
        var x = new double[rows * columns];
        for (var k = 0; k < x.Length; k++) x[k] = random.NextDouble() - 0.5;
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var eta = 3 * x[i] - 2 * x[5 * rows + i] + x[17 * rows + i];
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-4 * eta)) ? 1 : 0;
        }
        data = Dataset.FromColumnMajor(x, y, Enumerable.Range(0, columns).Select(j => $"x{j}").ToArray()).ThrowIfFail();
        grid = Lasso.AlphaGrid(data, 20, 1e-2, Options).ThrowIfFail();
    }

    [Benchmark(Description = "20-alpha logistic lasso path")]
    public int Path() => Lasso.Path(data, grid, Options).ThrowIfFail().Fits.Sum(f => f.Iterations);
}

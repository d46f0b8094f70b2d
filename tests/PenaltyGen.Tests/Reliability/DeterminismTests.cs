using System;
using System.Linq;
using System.Threading.Tasks;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Reliability;

/// <summary>The same input gives bitwise-identical fits, sequentially and from many threads at once.</summary>
public class DeterminismTests
{
    private static readonly double[] Alphas = [1e-4, 1e-3, 0.01, 0.1, 1.0];

    private static Fit[] FitAll(Dataset data) =>
    [
        .. Alphas.Select(a => Lasso.Fit(data, a).ThrowIfFail()),
        .. Alphas.Select(a => ElasticNet.Fit(data, a, new FitOptions { Solver = SolverKind.Fista }).ThrowIfFail()),
        .. Alphas.Select(a => Lasso.Fit(data, a, new FitOptions { Selection = CoordinateSelection.Random, Seed = 7 }).ThrowIfFail()),
    ];

    private static long[] Bits(Fit[] fits) =>
        [.. fits.SelectMany(f => f.Coefficients.Append(f.Intercept).Append(f.DualityGap)).Select(BitConverter.DoubleToInt64Bits)];

    [Fact]
    public void Repeated_fits_are_bitwise_identical()
    {
        var data = Diabetes.Load();
        Assert.Equal(Bits(FitAll(data)), Bits(FitAll(data)));
    }

    [Fact]
    public void Concurrent_fits_equal_sequential_ones()
    {
        var data = Diabetes.Load();
        var sequential = Bits(FitAll(data));
        var parallel = new long[16][];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k => parallel[k] = Bits(FitAll(data)));
        Assert.All(parallel, bits => Assert.Equal(sequential, bits));
    }

    [Fact]
    public void Random_selection_with_another_seed_still_reaches_the_same_optimum()
    {
        var data = Diabetes.Load();
        var tight = new FitOptions { Tol = 1e-12, MaxIterations = 100_000 };
        var cyclic = Lasso.Fit(data, 0.05, tight).ThrowIfFail();
        foreach (var seed in new uint[] { 1, 2, 3 })
        {
            var random = Lasso.Fit(data, 0.05, tight with { Selection = CoordinateSelection.Random, Seed = seed }).ThrowIfFail();
            for (var j = 0; j < 10; j++) Assert.Equal(cyclic.Coefficients[j], random.Coefficients[j], 1e-6);
        }
    }

    private static long[] PathBits(Dataset data, Precompute mode)
    {
        var options = new FitOptions { Precompute = mode };
        var grid = Lasso.AlphaGrid(data, 20, 1e-2, options).ThrowIfFail();
        return Bits([.. Lasso.Path(data, grid, options).ThrowIfFail().Fits]);
    }

    [Theory]
    [InlineData(Precompute.Always)]
    [InlineData(Precompute.Never)]
    public void Paths_are_bitwise_identical_repeated_and_from_many_threads(Precompute mode)
    {
        // Covariance mode builds its Gram blocks on both cores: every entry is still summed by one thread in one order.
        var data = Solvers.CovarianceTests.TallData();
        var sequential = PathBits(data, mode);
        Assert.Equal(sequential, PathBits(data, mode));
        var parallel = new long[8][];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => parallel[k] = PathBits(data, mode));
        Assert.All(parallel, bits => Assert.Equal(sequential, bits));
    }
}

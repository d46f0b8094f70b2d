using BenchmarkDotNet.Attributes;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Paths;

namespace PenaltyGen.Benchmarks;

/// <summary>The seed article's sweep: 30 alphas of Lasso, Ridge and ElasticNet(0.5) on the Diabetes training split.</summary>
[MemoryDiagnoser]
public class SweepBenchmarks
{
    private Dataset train = null!;
    private double[] alphas = null!;

    [GlobalSetup]
    public void Setup()
    {
        train = Diabetes.Load().TrainTestSplit(0.2, 42).ThrowIfFail().Train;
        alphas = Grid.Logspace(-4, 0, 30);
    }

    [Benchmark(Description = "30 independent fits x 3 models (the article)")]
    public double IndependentFits()
    {
        var sum = 0.0;
        foreach (var a in alphas)
        {
            sum += Lasso.Fit(train, a).ThrowIfFail().Intercept;
            sum += Ridge.Fit(train, a).ThrowIfFail().Intercept;
            sum += ElasticNet.Fit(train, a).ThrowIfFail().Intercept;
        }
        return sum;
    }

    [Benchmark(Description = "30-alpha warm-started Lasso path")]
    public int LassoPath() => Lasso.Path(train, alphas).ThrowIfFail().Fits.Length;
}

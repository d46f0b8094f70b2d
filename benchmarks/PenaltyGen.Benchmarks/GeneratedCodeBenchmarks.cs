using System;
using BenchmarkDotNet.Attributes;
using PenaltyGen.Models;
using PenaltyGen.Penalties;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// What generating the penalty buys: the generated elastic-net prox over a vector against (a) a hand-written
/// scalar loop of the same formula, (b) the same formula behind an interface (virtual call per element),
/// and the generated per-coordinate prox called in a loop (what coordinate descent does).
/// </summary>
public class GeneratedCodeBenchmarks
{
    private const double T = 0.01;
    private static readonly PenaltyParameters P = new(1.0, 0.5);
    private double[] source = null!;
    private double[] work = null!;
    private IScalarPenalty boxed = null!;

    [Params(1_000, 100_000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        source = new double[Length];
        for (var i = 0; i < Length; i++) source[i] = random.NextDouble() * 2 - 1;
        work = new double[Length];
        boxed = new ElasticNetBehindInterface(0.5);
    }

    [Benchmark(Baseline = true, Description = "generated vector prox (SIMD)")]
    public double GeneratedVector()
    {
        source.CopyTo(work, 0);
        Prox<ElasticNet.Penalty>(work, T, P);
        return work[0];
    }

    [Benchmark(Description = "generated scalar prox in a loop")]
    public double GeneratedScalarLoop()
    {
        for (var i = 0; i < work.Length; i++) work[i] = Separable.Prox<ElasticNet.Penalty>(source[i], T, P, 1.0);
        return work[0];
    }

    [Benchmark(Description = "hand-written scalar loop")]
    public double HandWritten()
    {
        var tau = T * P.Alpha;
        var threshold = tau * 0.5;
        var divisor = 1 + tau * 0.5;
        for (var i = 0; i < work.Length; i++)
        {
            var v = source[i];
            work[i] = (Math.Max(v - threshold, 0) + Math.Min(v + threshold, 0)) / divisor;
        }
        return work[0];
    }

    [Benchmark(Description = "same formula behind an interface")]
    public double Interface()
    {
        for (var i = 0; i < work.Length; i++) work[i] = boxed.Prox(source[i], T);
        return work[0];
    }

    /// <summary>The vector prox of a generated penalty, called as the solvers call it (through the type parameter).</summary>
    private static void Prox<TPenalty>(Span<double> w, double t, in PenaltyParameters p) where TPenalty : struct, IPenalty =>
        TPenalty.Prox(w, t, p, ReadOnlySpan<double>.Empty);

    public interface IScalarPenalty
    {
        double Prox(double v, double t);
    }

    private sealed class ElasticNetBehindInterface(double ratio) : IScalarPenalty
    {
        public double Prox(double v, double t)
        {
            var threshold = t * ratio;
            return (Math.Max(v - threshold, 0) + Math.Min(v + threshold, 0)) / (1 + t * (1 - ratio));
        }
    }
}

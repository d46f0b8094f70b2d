using System;
using System.Collections.Generic;
using System.Linq;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The scan of all features' bounds (<see cref="Bounds.Over"/>, four features a step) against the scalar bound
/// (<see cref="Bounds.Product"/>) one feature at a time: the same bits, the same features listed in the same order.
/// </summary>
public class BoundScanTests
{
    private const int P = 203; // not a multiple of four: the scalar tail runs too

    private static (double[] Cached, double[] Along, double[] Norms, double[] Factors, bool[] Skip) Features(int seed)
    {
        var random = new Random(seed);
        double[] cached = new double[P], along = new double[P], norms = new double[P], factors = new double[P];
        var skip = new bool[P];
        for (var j = 0; j < P; j++)
        {
            cached[j] = random.NextDouble() * 4 - 2;
            along[j] = random.NextDouble() - 0.5;
            norms[j] = j % 17 == 0 ? 0.0 : random.NextDouble() * 3;
            factors[j] = j % 23 == 0 ? 0.0 : 0.5 + random.NextDouble();
            skip[j] = j % 11 == 0;
        }
        // A bound exactly at its threshold (ρ = 0 below: |c − a| + slack·(|c| + |a|) with c = 1, a = 0 is 1 + 1e-12).
        (cached[6], along[6], norms[6], factors[6]) = (1.0, 0.0, 1.0, 1.0);
        return (cached, along, norms, factors, skip);
    }

    /// <summary>The scan, one feature at a time, with Bounds.Product.</summary>
    private static (double[] Bounds, List<int> Over) Scalar(double[] cached, double[] along, double[] norms, double[] factors, bool[] marked,
        double rho, double threshold, bool reaching, bool listMarked)
    {
        var bounds = new double[P];
        var over = new List<int>();
        for (var j = 0; j < P; j++)
        {
            bounds[j] = norms[j] == 0 ? 0.0 : Bounds.Product(cached[j], along[j], norms[j], rho);
            var limit = threshold * (factors.Length == 0 ? 1.0 : factors[j]);
            var below = reaching ? bounds[j] < limit : bounds[j] <= limit;
            if (norms[j] != 0 && (marked[j] ? listMarked : !below)) over.Add(j);
        }
        return (bounds, over);
    }

    [Theory]
    [InlineData(0.0, false, true, true)]
    [InlineData(0.0, true, true, false)]
    [InlineData(0.3, false, true, false)]
    [InlineData(0.3, true, false, true)]
    public void Every_bound_and_every_listed_feature_is_the_scalar_scans(double rho, bool reaching, bool withFactors, bool listMarked)
    {
        var (cached, along, norms, factors, marked) = Features(7);
        if (!withFactors) factors = [];
        var threshold = rho == 0 ? 1.0 + 1e-12 : 1.1;
        var (expectedBounds, expectedOver) = Scalar(cached, along, norms, factors, marked, rho, threshold, reaching, listMarked);
        var bounds = new double[P];
        var over = new int[P];
        var count = Bounds.Over(cached, along, norms, factors, rho, threshold, marked, bounds, over, P, reaching, listMarked);
        Assert.Equal(expectedOver, over.Take(count));
        Assert.Equal(expectedBounds.Select(BitConverter.DoubleToInt64Bits), bounds.Select(BitConverter.DoubleToInt64Bits));
        Assert.InRange(count, 10, P - 60);
        // The tie at feature 6: listed only when reaching (its bound equals its threshold when ρ = 0).
        if (rho == 0) Assert.Equal(reaching, over.Take(count).Contains(6));
    }

    [Fact]
    public void A_nan_bound_is_listed_and_more_than_the_limit_of_unmarked_features_stops_the_scan()
    {
        var (cached, along, norms, factors, marked) = Features(11);
        cached[41] = double.NaN;
        marked[41] = false;
        norms[41] = 1.0;
        var over = new int[P];
        var count = Bounds.Over(cached, along, norms, factors, 0.3, 1.1, marked, new double[P], over, P);
        Assert.Contains(41, over.Take(count));
        Assert.Equal(-1, Bounds.Over(cached, along, norms, factors, 0.3, 1.1, marked, new double[P], new int[P], count - 1));
        Assert.Equal(count, Bounds.Over(cached, along, norms, factors, 0.3, 1.1, marked, new double[P], new int[P], count));
        // Listed marked features do not count toward the limit.
        var withMarked = Bounds.Over(cached, along, norms, factors, 0.3, 1.1, marked, new double[P], new int[P], count, listMarked: true);
        Assert.Equal(count + Enumerable.Range(0, P).Count(j => marked[j] && norms[j] != 0), withMarked);
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// The elastic-net gap's fast forms (the norms over the non-zero coefficients only, the dual norm four features a step
/// when there are no penalty factors) against its general loop, which factors of exactly 1 take: the same bits.
/// </summary>
public class GapTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.7, 0.3)]
    public void Without_factors_the_gap_is_bitwise_the_one_with_factors_of_one(double l1, double l2)
    {
        const int p = 1003;
        var random = new Random(5);
        var w = new double[p];
        var xtr = new double[p];
        for (var j = 0; j < p; j++)
        {
            w[j] = j % 9 == 0 ? random.NextDouble() - 0.5 : j % 31 == 0 ? -0.0 : 0.0;
            xtr[j] = 40 * (random.NextDouble() - 0.5);
        }
        var shape = new ElasticNetShape(l1, l2, false);
        var without = new SolverSettings(new PenaltyParameters(0.02), 1e-4, 100, true, CoordinateSelection.Cyclic, 0, []);
        var ones = without with { Factors = Enumerable.Repeat(1.0, p).ToImmutableArray() };
        foreach (var (rNorm2, ry) in new[] { (500.0, 700.0), (5.0, 9.0) })
        {
            var fast = Certificates.ElasticNetGap(w, xtr, 300, without, shape, rNorm2, ry);
            var general = Certificates.ElasticNetGap(w, xtr, 300, ones, shape, rNorm2, ry);
            Assert.Equal(BitConverter.DoubleToInt64Bits(general), BitConverter.DoubleToInt64Bits(fast));
            Assert.True(fast > 0);
        }
    }
}

using PenaltyGen.Penalties;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>g(x) = a₁|x| + ½a₂x² for one coordinate (what the extrapolation compares), +∞ below zero under w ≥ 0.</summary>
public class ElasticNetShapeTests
{
    [Theory]
    [InlineData(1.0, 0.0, false, -2.0, 2.0)]
    [InlineData(0.5, 0.5, false, -2.0, 2.0)]
    [InlineData(0.5, 0.5, true, 2.0, 2.0)]
    [InlineData(0.0, 1.0, false, 3.0, 4.5)]
    public void Value_is_the_elastic_net_term(double l1, double l2, bool positive, double x, double expected) =>
        Assert.Equal(expected, new ElasticNetShape(l1, l2, positive).Value(x));

    [Fact]
    public void A_negative_coefficient_under_a_sign_constraint_is_infinitely_penalized() =>
        Assert.Equal(double.PositiveInfinity, new ElasticNetShape(0.5, 0.5, true).Value(-1e-300));
}

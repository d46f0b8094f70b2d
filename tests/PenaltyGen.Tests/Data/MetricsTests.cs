using System.Linq;
using PenaltyGen.Metrics;
using PenaltyGen.Paths;
using Xunit;

namespace PenaltyGen.Tests.Data;

public class MetricsTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("metrics.json");

    [Fact]
    public void R2_and_mse_equal_scikit_learns_including_constant_targets()
    {
        var cases = Fixture.GetProperty("cases").EnumerateArray().ToArray();
        Assert.Equal(6, cases.Length);
        foreach (var c in cases)
        {
            var y = c.GetProperty("y_true").Doubles();
            var p = c.GetProperty("y_pred").Doubles();
            Assert.Equal(c.GetProperty("r2").GetDouble(), Regression.R2(y, p), 1e-14);
            Assert.Equal(c.GetProperty("mse").GetDouble(), Regression.MeanSquaredError(y, p), 1e-12);
        }
    }

    [Fact]
    public void Constant_target_follows_scikit_learns_convention()
    {
        Assert.Equal(1.0, Regression.R2([2.0, 2.0], [2.0, 2.0]));
        Assert.Equal(0.0, Regression.R2([2.0, 2.0], [2.0, 3.0]));
    }

    [Fact]
    public void Logspace_equals_numpy_bit_for_bit_or_within_one_ulp()
    {
        foreach (var g in Fixture.GetProperty("logspace").EnumerateArray())
        {
            var expected = g.GetProperty("values").Doubles();
            var actual = Grid.Logspace(g.GetProperty("start").GetDouble(), g.GetProperty("stop").GetDouble(), g.GetProperty("num").GetInt32());
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
                Assert.True(System.Math.Abs(expected[i] - actual[i]) <= System.Math.Abs(expected[i]) * 2.3e-16,
                    $"logspace value {i}: {actual[i]:R} vs numpy {expected[i]:R}");
        }
    }

    [Fact]
    public void Mismatched_lengths_name_both_lengths()
    {
        var e = Assert.Throws<System.ArgumentException>(() => Regression.R2([1.0, 2.0], [1.0]));
        Assert.StartsWith("y_true has 2 values but y_pred has 1", e.Message, System.StringComparison.Ordinal);
    }
}

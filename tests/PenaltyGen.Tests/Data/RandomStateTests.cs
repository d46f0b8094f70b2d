using System.Linq;
using PenaltyGen.Data;
using Xunit;

namespace PenaltyGen.Tests.Data;

public class RandomStateTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("random.json");

    [Theory]
    [InlineData(0u)]
    [InlineData(42u)]
    public void Raw_draws_equal_numpys_mt19937(uint seed)
    {
        var expected = Fixture.GetProperty("uint32_draws").GetProperty(seed.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .EnumerateArray().Select(e => e.GetUInt32()).ToArray();
        var rng = new RandomState(seed);
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => rng.NextUInt32()).ToArray());
    }

    [Fact]
    public void Permutations_equal_numpys_for_every_seed_and_size()
    {
        var cases = Fixture.GetProperty("permutations").EnumerateArray().ToArray();
        Assert.True(cases.Length >= 40);
        foreach (var c in cases)
        {
            var seed = c.GetProperty("seed").GetUInt32();
            var n = c.GetProperty("n").GetInt32();
            Assert.Equal(c.GetProperty("permutation").Ints(), new RandomState(seed).Permutation(n));
        }
    }

    [Fact]
    public void Train_test_split_equals_scikit_learns_for_every_case()
    {
        var cases = Fixture.GetProperty("splits").EnumerateArray().ToArray();
        Assert.True(cases.Length >= 60);
        foreach (var c in cases)
        {
            var split = Splits.TrainTestIndices(c.GetProperty("n").GetInt32(), c.GetProperty("test_size").GetDouble(),
                c.GetProperty("seed").GetUInt32()).ThrowIfFail();
            Assert.Equal(c.GetProperty("test").Ints(), split.Test);
            Assert.Equal(c.GetProperty("train").Ints(), split.Train);
        }
    }

    [Fact]
    public void The_seed_split_of_diabetes_starts_like_the_article()
    {
        var split = Diabetes.Load().TrainTestSplit(0.2, 42).ThrowIfFail();
        Assert.Equal(89, split.Test.Rows);
        Assert.Equal(353, split.Train.Rows);
        Assert.Equal(new[] { 287, 211, 72, 321, 73 }, split.Indices.Test[..5]);
        Assert.Equal(Diabetes.Load()[287, 2], split.Test[0, 2]);
        Assert.Equal(Diabetes.Load().Target[287], split.Test.Target[0]);
    }

    [Theory]
    [InlineData(0.0, "test_size = 0 is invalid: must lie strictly between 0 and 1")]
    [InlineData(1.0, "test_size = 1 is invalid: must lie strictly between 0 and 1")]
    [InlineData(double.NaN, "test_size = NaN is invalid: must lie strictly between 0 and 1")]
    [InlineData(0.99, "test_size = 0.99 is invalid: leaves no training rows out of 10")]
    public void Bad_test_sizes_are_errors_that_name_the_parameter(double testSize, string message)
    {
        var result = Splits.TrainTestIndices(10, testSize, 0);
        Assert.True(result.IsFail);
        Assert.Equal(message, result.Match(_ => "", e => e.Message));
    }
}

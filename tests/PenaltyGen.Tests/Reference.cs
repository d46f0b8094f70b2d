using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace PenaltyGen.Tests;

/// <summary>Reads the scikit-learn fixtures written by tests/reference/generate.py.</summary>
internal static class Reference
{
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static double[][] Matrix(this JsonElement e) => e.EnumerateArray().Select(Doubles).ToArray();

    /// <summary>
    /// A fit against a fixture case's "coef" and "intercept": coefficients within 1e-6 of the largest reference
    /// coefficient, the intercept within 1e-6 (relative above 1).
    /// </summary>
    public static void AssertMatchesCase(JsonElement c, Fit fit)
    {
        var expected = c.GetProperty("coef").Doubles();
        var scale = expected.Max(Math.Abs);
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - fit.Coefficients[j]) <= 1e-6 * scale, $"coef[{j}]: {fit.Coefficients[j]:R} vs {expected[j]:R}");
        Assert.Equal(c.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-6 * Math.Max(1, Math.Abs(fit.Intercept)));
    }
}

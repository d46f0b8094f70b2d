using System.Globalization;

namespace PenaltyGen.Generators.Model;

/// <summary>
/// The generator's one way to write a double: as text for people (diagnostics, formulas) and as a C# literal for the
/// emitted code. Both are round-trip ("R") forms, so what a message or formula shows is the value the code uses.
/// </summary>
internal static class Numbers
{
    /// <summary>For people: 0.5, 1E-05, +∞, -∞, NaN.</summary>
    public static string Text(double v) =>
        double.IsPositiveInfinity(v) ? "+∞" : double.IsNegativeInfinity(v) ? "-∞" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# double literal that round-trips: 0.5, 1E-05, 2.0, double.PositiveInfinity.</summary>
    public static string CSharp(double v)
    {
        if (double.IsPositiveInfinity(v)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(v)) return "double.NegativeInfinity";
        var text = v.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }

    /// <summary>Whether <paramref name="v"/> is finite and ≥ 0 (strengths and weights).</summary>
    public static bool IsFiniteNonNegative(double v) => !double.IsNaN(v) && !double.IsInfinity(v) && v >= 0;
}

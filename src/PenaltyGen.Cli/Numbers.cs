using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace PenaltyGen.Cli;

/// <summary>
/// Every number on the command line is read in the invariant format, whatever the user's locale: digits, an optional
/// sign, a '.' decimal point and an exponent. A ',' is never part of a number (a decimal comma would be read as a
/// thousands separator in one locale and as a decimal point in another), so <c>--alpha 0,001</c> is an error naming
/// the option, as are the non-finite values (NaN, Infinity) and anything else that is not a number.
/// </summary>
internal static class Numbers
{
    /// <summary>An option holding one number, <paramref name="fallback"/> when absent.</summary>
    public static Option<T> With<T>(string name, string description, T fallback) where T : struct, INumberBase<T> =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback, CustomParser = r => Parse<T>(r, name) ?? fallback };

    /// <summary>An option holding one number, null when absent.</summary>
    public static Option<T?> Optional<T>(string name, string description) where T : struct, INumberBase<T> =>
        new(name) { Description = description, CustomParser = r => Parse<T>(r, name) };

    /// <summary>
    /// <paramref name="text"/> as a <typeparamref name="T"/> in the invariant format, or the reason it is not one
    /// (a message naming <paramref name="option"/>).
    /// </summary>
    public static (T? Value, string? Problem) Read<T>(string text, string option) where T : struct, INumberBase<T>
    {
        var integral = typeof(T) != typeof(double);
        var styles = integral ? NumberStyles.Integer : NumberStyles.Float;
        if (text.Contains(',', StringComparison.Ordinal))
            return (null, $"{option} '{text}': a ',' is not part of a number here (no decimal commas or thousands separators); write {(integral ? "digits only" : "a '.' decimal point")}, e.g. {Example(text, integral)}");
        if (!T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
            return (null, $"{option} '{text}' is not {(integral ? "a whole number in range" : "a number")} (write it as {(integral ? "digits, e.g. 100" : "1e-3 or 0.001: a '.' decimal point, no separators")})");
        if (value is double d && !double.IsFinite(d)) return (null, $"{option} '{text}' must be a finite number");
        return (value, null);
    }

    private static T? Parse<T>(ArgumentResult result, string option) where T : struct, INumberBase<T>
    {
        if (result.Tokens.Count != 1)
        {
            result.AddError($"{option} takes one value");
            return null;
        }
        var (value, problem) = Read<T>(result.Tokens[0].Value, option);
        if (problem is not null) result.AddError(problem);
        return value;
    }

    /// <summary>The user's number rewritten without separators: a lone comma as the decimal point, otherwise the commas dropped.</summary>
    private static string Example(string text, bool integral)
    {
        var commas = text.Split(',').Length - 1;
        return !integral && commas == 1 && !text.Contains('.', StringComparison.Ordinal) ? text.Replace(',', '.') : text.Replace(",", "", StringComparison.Ordinal);
    }
}

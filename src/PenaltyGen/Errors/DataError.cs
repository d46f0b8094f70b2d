using System.Linq;
using LanguageExt;
using LanguageExt.Common;

namespace PenaltyGen.Errors;

/// <summary>
/// An expected failure in the data a user handed over: it names the source, and where it can, the
/// row (1-based line of the file, header = line 1) and the column. Returned as a value, never thrown.
/// </summary>
public sealed record DataError(string Source, int? Line, string? Column, string Problem)
    : Expected(ErrorText.Printable(Format(Source, Line, Column, Problem)), ErrorCodes.Data, Option<Error>.None)
{
    private static string Format(string source, int? line, string? column, string problem)
    {
        var where = source;
        if (line is { } l) where += $": line {l}";
        if (column is { } c) where += $", column '{c}'";
        return $"{where}: {problem}";
    }
}

/// <summary>A parameter outside its allowed range: names the parameter, the value and the range.</summary>
public sealed record ParameterError(string Parameter, string Value, string Allowed)
    : Expected(ErrorText.Printable($"{Parameter} = {Value} is invalid: {Allowed}"), ErrorCodes.Parameter, Option<Error>.None);

/// <summary>What an error message may echo of a user's bytes.</summary>
public static class ErrorText
{
    /// <summary>
    /// <paramref name="text"/> with every control character (U+0000–U+001F, U+007F–U+009F) written as \xNN, \t, \r or
    /// \n: an echoed cell or name cannot move the cursor, ring the bell, recolour the terminal or split the one error line.
    /// </summary>
    public static string Printable(string text)
    {
        System.ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl)) return text;
        var b = new System.Text.StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            b.Append(ch switch
            {
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                _ when char.IsControl(ch) => $@"\x{(int)ch:X2}",
                _ => ch.ToString(),
            });
        }
        return b.ToString();
    }
}

/// <summary>
/// A failure of the machine rather than of the input: a file that cannot be written (a full disk, no permission, a folder
/// that vanished). Names the file and what the system said.
/// </summary>
public sealed record EnvironmentError(string Path, string Problem)
    : Expected($"{Path}: {Problem}", ErrorCodes.Environment, Option<Error>.None);

/// <summary>Error codes PenaltyGen uses for its expected errors.</summary>
public static class ErrorCodes
{
    /// <summary>The code of <see cref="DataError"/>.</summary>
    public const int Data = 1001;
    /// <summary>The code of <see cref="ParameterError"/>.</summary>
    public const int Parameter = 1002;
    /// <summary>The code of <see cref="EnvironmentError"/> (and of the run tracker's environment failures).</summary>
    public const int Environment = 1003;
}

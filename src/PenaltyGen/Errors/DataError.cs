using LanguageExt;
using LanguageExt.Common;

namespace PenaltyGen.Errors;

/// <summary>
/// An expected failure in the data a user handed over: it names the source, and where it can, the
/// row (1-based line of the file, header = line 1) and the column. Returned as a value, never thrown.
/// </summary>
public sealed record DataError(string Source, int? Line, string? Column, string Problem)
    : Expected(Format(Source, Line, Column, Problem), ErrorCodes.Data, Option<Error>.None)
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
    : Expected($"{Parameter} = {Value} is invalid: {Allowed}", ErrorCodes.Parameter, Option<Error>.None);

/// <summary>Error codes PenaltyGen uses for its expected errors.</summary>
public static class ErrorCodes
{
    /// <summary>The code of <see cref="DataError"/>.</summary>
    public const int Data = 1001;
    /// <summary>The code of <see cref="ParameterError"/>.</summary>
    public const int Parameter = 1002;
}

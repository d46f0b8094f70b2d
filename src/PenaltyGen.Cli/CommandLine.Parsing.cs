using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Solvers;

namespace PenaltyGen.Cli;

/// <summary>The command line's option parsing: each option's value checked and turned into the library's terms, an error naming the option.</summary>
public static partial class CommandLine
{
    /// <summary>
    /// The strength of <c>fit</c>: --alpha, or for a classifier (logistic, multinomial) α = 1/(C·n). Each model reads one of the two options; the
    /// other is an error, never silently ignored.
    /// </summary>
    private static Fin<double> Strength(ParseResult r, string model, ModelChoice choice, int rows)
    {
        if (!choice.IsClassifier)
        {
            return r.GetValue(C) is { } given
                ? new ParameterError("--C", given.ToString("R", CultureInfo.InvariantCulture), $"applies to --model logistic and multinomial only; --model {model} takes --alpha")
                : r.GetValue(Alpha) ?? 1.0;
        }
        if (r.GetValue(Alpha) is { } alpha)
            return new ParameterError("--alpha", alpha.ToString("R", CultureInfo.InvariantCulture), $"does not apply to --model {model}, whose strength is --C (α = 1/(C·n))");
        var c = r.GetValue(C) ?? 1.0;
        if (!(c > 0) || double.IsInfinity(c))
            return new ParameterError("--C", c.ToString("R", CultureInfo.InvariantCulture), "must be a finite number > 0");
        var strength = Losses.Logistic.AlphaFromC(c, rows);
        if (double.IsInfinity(strength))
            return new ParameterError("--C", c.ToString("R", CultureInfo.InvariantCulture),
                $"is so small that α = 1/(C·n) overflows for n = {rows}; give C ≥ {(1.0 / rows / double.MaxValue).ToString("G3", CultureInfo.InvariantCulture)}");
        return strength;
    }

    /// <summary>--measure: cv.glmnet's type.measure for the multinomial loss (deviance or class); other models score by their loss.</summary>
    private static Fin<HeldOutMeasure> ParseMeasure(string? text, ModelChoice choice)
    {
        if (text is null) return HeldOutMeasure.Default;
        if (choice.Options.Loss != LossKind.Multinomial)
            return new ParameterError("--measure", text, $"applies to --model multinomial only; --model {choice.Name} is scored by its own loss");
        return text switch
        {
            "deviance" => HeldOutMeasure.Deviance,
            "class" => HeldOutMeasure.Misclassification,
            _ => new ParameterError("--measure", text, "must be deviance or class"),
        };
    }

    /// <summary>--groups for the group lasso: present, integers, one per feature (the library checks the rest).</summary>
    private static Fin<System.Collections.Immutable.ImmutableArray<int>> ParseGroups(string? text, string model, int features)
    {
        if (string.IsNullOrEmpty(text))
        {
            return model == "grouplasso"
                ? new ParameterError("--groups", "(missing)", $"--model grouplasso needs one group id per feature ({features}), like 0,0,1,1,1")
                : System.Collections.Immutable.ImmutableArray<int>.Empty;
        }
        var ids = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                return new ParameterError("--groups", text, $"'{part.Trim()}' is not a group id; give one integer per feature, like 0,0,1,1");
            ids.Add(id);
        }
        if (ids.Count != features)
            return new ParameterError("--groups", text, $"{ids.Count} group ids for {features} features; give one per feature, in column order");
        return System.Collections.Immutable.ImmutableArray.CreateRange(ids);
    }

    /// <summary>
    /// --penalty-factors: a list a,b,c, or a file holding one (comma- or line-separated), one invariant-culture number per
    /// feature in column order (the library checks their range and meaning).
    /// </summary>
    private static Fin<System.Collections.Immutable.ImmutableArray<double>> ParseFactors(string? text, int features)
    {
        if (string.IsNullOrEmpty(text)) return System.Collections.Immutable.ImmutableArray<double>.Empty;
        string list;
        try
        {
            list = File.Exists(text) ? File.ReadAllText(text) : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DataError(text, null, null, $"cannot be read: {e.Message}");
        }
        var values = new List<double>();
        foreach (var part in list.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                return new ParameterError("--penalty-factors", text, $"'{part}' is not a number; give one factor per feature, like 1,1,0.5");
            values.Add(v);
        }
        if (values.Count != features)
            return new ParameterError("--penalty-factors", text, $"{values.Count} factors for {features} features; give one per feature, in column order");
        return System.Collections.Immutable.ImmutableArray.CreateRange(values);
    }

    private static Fin<FactorScaling> ParseScaling(string text) => text switch
    {
        "as-given" => FactorScaling.AsGiven,
        "glmnet" => FactorScaling.SumToFeatures,
        _ => new ParameterError("--penalty-factor-scaling", text, "must be as-given or glmnet"),
    };

    /// <summary>--selection and --selection-seed (a seed with the cyclic order would be ignored: an error).</summary>
    private static Fin<(CoordinateSelection Selection, uint Seed)> ParseSelection(string text, uint? seed) => text switch
    {
        "cyclic" when seed is { } given => new ParameterError("--selection-seed", given.ToString(CultureInfo.InvariantCulture), "applies to --selection random only (the cyclic order uses no random numbers)"),
        "cyclic" => (CoordinateSelection.Cyclic, 0u),
        "random" => (CoordinateSelection.Random, seed ?? 0u),
        _ => new ParameterError("--selection", text, "must be cyclic or random"),
    };

    /// <summary>
    /// --warm-start MODEL.json: the saved fit's coefficients in the data's column order, matched by name; the two must have
    /// the same features (a missing or extra one is an error naming it).
    /// </summary>
    private static Fin<System.Collections.Immutable.ImmutableArray<double>> ReadWarmStart(FileInfo? file, Dataset data)
    {
        if (file is null) return System.Collections.Immutable.ImmutableArray<double>.Empty;
        return PenaltyGen.Fit.Load(file.FullName).Bind(saved =>
        {
            // A multinomial model holds one row of coefficients per class: each row is matched to the columns alike.
            var (rows, width) = (Math.Max(saved.Intercepts.Length, 1), saved.FeatureNames.Length);
            var start = new double[rows * data.Columns];
            for (var j = 0; j < data.Columns; j++)
            {
                var k = saved.FeatureNames.IndexOf(data.FeatureNames[j]);
                if (k < 0)
                    return Fin<System.Collections.Immutable.ImmutableArray<double>>.Fail(new ParameterError("--warm-start", file.Name, $"the model has no feature '{data.FeatureNames[j]}'; a warm start needs the data's features"));
                for (var c = 0; c < rows; c++) start[c * data.Columns + j] = saved.Coefficients[c * width + k];
            }
            if (saved.FeatureNames.Length != data.Columns)
            {
                var extra = saved.FeatureNames.First(name => !data.FeatureNames.Contains(name));
                return new ParameterError("--warm-start", file.Name, $"the model has a feature '{extra}' the data lacks; a warm start needs the data's features");
            }
            return System.Collections.Immutable.ImmutableArray.Create(start);
        });
    }

    /// <summary>With --sample-weight, the weight column is taken out of the features.</summary>
    private static Fin<(Dataset Data, System.Collections.Immutable.ImmutableArray<double> Weights)> Weighted(Dataset data, string? column)
    {
        if (string.IsNullOrEmpty(column)) return (data, System.Collections.Immutable.ImmutableArray<double>.Empty);
        return data.TakeColumn(column).Map(t => (t.Remaining, System.Collections.Immutable.ImmutableArray.Create(t.Values)));
    }

    private static Fin<string> CheckFormat(string format) =>
        format is "json" or "table" ? format : new ParameterError("--format", format, "must be json or table");

    private static Fin<string> RequireOut(ParseResult r) =>
        r.GetValue(Out) is { Length: > 0 } folder ? folder : new ParameterError("--out", "(missing)", "path needs a run folder to create");

    /// <summary>runs/PREFIX-DATE-TIME-HEX: six random hex digits keep runs started in the same second apart.</summary>
    internal static string DefaultOut(string prefix) =>
        Path.Combine("runs", $"{prefix}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Random.Shared.Next(1 << 24):x6}");

    /// <summary>The most values a grid may have (--alphas N or a list): each fit keeps its p coefficients.</summary>
    internal const int MaxAlphas = 10_000;

    /// <summary>--alphas N: scikit-learn's grid on <paramref name="data"/>; --alphas a,b,c: those values.</summary>
    private static Fin<IReadOnlyList<double>> Grid(ParseResult r, ModelChoice choice, Dataset data) =>
        AlphaList(r.GetValue(Alphas)!).Bind(g => g.List is { } list ? Fin<IReadOnlyList<double>>.Succ(list)
            : choice.Grid(data, g.Count, r.GetValue(Eps), choice.Options).Map(grid => (IReadOnlyList<double>)grid));

    /// <summary>
    /// --alphas read in the invariant format: a count N (1 ≤ N ≤ <see cref="MaxAlphas"/>; List null) or a list of
    /// finite values ≥ 0 separated by ','.
    /// </summary>
    private static Fin<(IReadOnlyList<double>? List, int Count)> AlphaList(string text)
    {
        var bound = $"at most {MaxAlphas.ToString(CultureInfo.InvariantCulture)} values";
        if (!text.Contains(',', StringComparison.Ordinal) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            if (count < 1) return new ParameterError("--alphas", text, "a grid needs at least 1 value");
            if (count > MaxAlphas) return new ParameterError("--alphas", text, $"a grid has {bound} (each fit keeps its coefficients)");
            return ((IReadOnlyList<double>?)null, (int)count);
        }
        var parts = text.Split(',');
        if (parts.Length > MaxAlphas) return new ParameterError("--alphas", $"{parts.Length} values", $"a grid has {bound}");
        var values = new List<double>(parts.Length);
        foreach (var part in parts)
        {
            if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0) || double.IsInfinity(v))
                return new ParameterError("--alphas", text, $"'{part.Trim()}' is not a finite number ≥ 0; give N or a list like 0.1,0.01");
            values.Add(v);
        }
        return (values, values.Count);
    }

    /// <summary>Exit 0, or one <c>error:</c> line and 2 (the input) or 3 (the machine: <see cref="ErrorCodes.Environment"/>).</summary>
    private static int Report(TextWriter stderr, Fin<Unit> result) => result.Match(
        _ => 0,
        (Error e) =>
        {
            stderr.WriteLine($"error: {ErrorText.Printable(e.Message)}");
            return e.Code == ErrorCodes.Environment ? EnvironmentExit : 2;
        });
}

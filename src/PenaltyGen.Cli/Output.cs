using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PenaltyGen;

namespace PenaltyGen.Cli;

/// <summary>How results are printed: one JSON object, or an aligned table for people.</summary>
internal static class Output
{
    /// <summary>One JSON object on one line, written by <paramref name="body"/> (keys and escaping by Utf8JsonWriter).</summary>
    public static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string FitJson(string model, Fit fit, int samples, double? c, double? relaxGamma = null) =>
        Json(json =>
        {
            json.WriteString("model", model);
            json.WriteStartArray("features");
            foreach (var f in fit.FeatureNames) json.WriteStringValue(f);
            json.WriteEndArray();
            if (fit.Loss == LossKind.Multinomial)
            {
                // scikit-learn's shapes: coef_ is classes × features, intercept_ one per class.
                json.WriteStartArray("coef");
                for (var k = 0; k < fit.Intercepts.Length; k++)
                {
                    json.WriteStartArray();
                    foreach (var w in fit.ClassCoefficients(k)) NumberValue(json, w);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteStartArray("intercept");
                foreach (var b in fit.Intercepts) NumberValue(json, b);
                json.WriteEndArray();
            }
            else
            {
                json.WriteStartArray("coef");
                foreach (var w in fit.Coefficients) NumberValue(json, w);
                json.WriteEndArray();
                Number(json, "intercept", fit.Intercept);
            }
            if (!fit.ClassLabels.IsDefaultOrEmpty)
            {
                json.WriteStartArray("classes");
                foreach (var label in fit.ClassLabels) json.WriteStringValue(label);
                json.WriteEndArray();
            }
            else if (!fit.Classes.IsDefaultOrEmpty)
            {
                json.WriteStartArray("classes");
                foreach (var c in fit.Classes) json.WriteNumberValue(c);
                json.WriteEndArray();
            }
            json.WriteNumber("n_iter", fit.Iterations);
            json.WriteNumber("n_sweeps", fit.Sweeps);
            Number(json, "dual_gap", fit.DualityGap);
            Number(json, "kkt_residual", fit.KktResidual);
            json.WriteBoolean("converged", fit.Converged);
            json.WriteNumber("alpha", fit.Alpha);
            if (fit.L1Ratio is { } l1Ratio) json.WriteNumber("l1_ratio", l1Ratio);
            if (c is { } cValue) json.WriteNumber("C", cValue);
            if (relaxGamma is { } gamma) json.WriteNumber("relax_gamma", gamma);
            json.WriteString("solver", fit.Solver.ToString());
            json.WriteNumber("n_samples", samples);
            json.WriteNumber("n_nonzero", fit.NonZeroCount);
        });

    /// <summary>The fit for people: a header line (α, n_samples — so a cut-off file shows its row count —, non-zeros, iterations, convergence), then the coefficients.</summary>
    public static string FitTable(string model, Fit fit, int samples)
    {
        var text = new StringBuilder();
        var width = Math.Max(9, fit.FeatureNames.Max(n => n.Length));
        text.Append(CultureInfo.InvariantCulture, $"{model}: alpha = {fit.Alpha:G6}, n_samples = {samples}, {fit.NonZeroCount}/{fit.Coefficients.Length} non-zero, {fit.Iterations} iterations ({fit.Solver}), ")
            .Append(fit.Converged ? "converged" : "NOT converged").Append('\n');
        if (fit.Loss == LossKind.Multinomial)
        {
            // One column per class, headed by its label.
            var classes = fit.Intercepts.Length;
            text.Append("feature".PadRight(width));
            for (var k = 0; k < classes; k++) text.Append("  ").Append(fit.ClassName(k).PadLeft(14));
            text.Append('\n');
            for (var j = 0; j < fit.FeatureNames.Length; j++)
            {
                text.Append(fit.FeatureNames[j].PadRight(width));
                for (var k = 0; k < classes; k++) text.Append(CultureInfo.InvariantCulture, $"  {fit.ClassCoefficients(k)[j],14:G8}");
                text.Append('\n');
            }
            text.Append("intercept".PadRight(width));
            foreach (var b in fit.Intercepts) text.Append(CultureInfo.InvariantCulture, $"  {b,14:G8}");
            text.Append('\n');
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{"feature".PadRight(width)}  {"coef",14}\n");
            for (var j = 0; j < fit.Coefficients.Length; j++)
                text.Append(CultureInfo.InvariantCulture, $"{fit.FeatureNames[j].PadRight(width)}  {fit.Coefficients[j],14:G8}\n");
            text.Append(CultureInfo.InvariantCulture, $"{"intercept".PadRight(width)}  {fit.Intercept,14:G8}\n");
        }
        if (!double.IsNaN(fit.DualityGap)) text.Append(CultureInfo.InvariantCulture, $"duality gap {fit.DualityGap:E3}\n");
        else text.Append(CultureInfo.InvariantCulture, $"KKT residual {fit.KktResidual:E3}\n");
        return text.ToString();
    }

    /// <summary>A number, or null where JSON has none (NaN, ±∞): the writer would throw on them.</summary>
    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static void NumberValue(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteNullValue();
    }
}

using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;

namespace PenaltyGen.Statistics;

/// <summary>
/// <see cref="GramStatistics"/> as a JSON file (format in docs/statistics.md): plain sums a Spark job can write too (with
/// zero shifts). Numbers in shortest round-trip form, so a file reads back bit for bit; written to a sibling and moved
/// into place. Reading checks every field and every length, naming the file and the field.
/// </summary>
public static class StatisticsFile
{
    /// <summary>The <c>format</c> field of every statistics file.</summary>
    public const string Format = "penaltygen-statistics";

    /// <summary>The only format version this library reads and writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="stats"/> to <paramref name="path"/>, whole or not at all.</summary>
    public static Fin<Unit> Save(GramStatistics stats, string path)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return AtomicFile.WriteAllText(path, ToJson(stats));
    }

    /// <summary>Reads a statistics file.</summary>
    /// <returns>The statistics, or an error naming the file and the field.</returns>
    public static Fin<GramStatistics> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return new DataError(path, null, null, "file not found");
        try
        {
            return FromJson(File.ReadAllText(path), path);
        }
        catch (IOException e)
        {
            return new DataError(path, null, null, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>The JSON text <see cref="Save"/> writes.</summary>
    public static string ToJson(GramStatistics stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("format_version", FormatVersion);
            Strings(json, "features", stats.FeatureNames);
            json.WriteString("target", stats.TargetName);
            json.WriteNumber("rows", stats.Rows);
            json.WriteNumber("weight_sum", stats.WeightSum);
            Numbers(json, "shift", stats.Shift);
            json.WriteNumber("target_shift", stats.TargetShift);
            Numbers(json, "feature_sums", stats.FeatureSums);
            json.WriteNumber("target_sum", stats.TargetSum);
            json.WriteNumber("target_squares", stats.TargetSquares);
            Numbers(json, "products", stats.Products);
            Numbers(json, "gram_upper", stats.Gram);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads the JSON text of a statistics file; <paramref name="source"/> names it in errors.</summary>
    public static Fin<GramStatistics> FromJson(string text, string source = "statistics")
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            return Read(document.RootElement, source);
        }
        catch (JsonException e)
        {
            return new DataError(source, e.LineNumber is { } l ? (int)l + 1 : null, null, $"is not a complete JSON document: {e.Message}");
        }
        catch (FormatException e)
        {
            return new DataError(source, null, null, e.Message);
        }
    }

    private static Fin<GramStatistics> Read(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
            return new DataError(source, null, null, $"is not a PenaltyGen statistics file: its 'format' field is not \"{Format}\"");
        if (Field(root, "format_version").GetInt32() != FormatVersion)
            return new DataError(source, null, null, $"has format_version {Field(root, "format_version")}; this library reads version {FormatVersion}");
        var features = Field(root, "features").EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("field 'features' must hold strings")).ToImmutableArray();
        var p = features.Length;
        var stats = new GramStatistics
        {
            FeatureNames = features,
            TargetName = Field(root, "target").GetString() ?? throw new FormatException("field 'target' must be a string"),
            Rows = Field(root, "rows").GetInt64(),
            WeightSum = Number(root, "weight_sum"),
            Shift = Array(root, "shift", p),
            TargetShift = Number(root, "target_shift"),
            FeatureSums = Array(root, "feature_sums", p),
            TargetSum = Number(root, "target_sum"),
            TargetSquares = Number(root, "target_squares"),
            Products = Array(root, "products", p),
            Gram = Array(root, "gram_upper", p * (p + 1) / 2),
        };
        if (stats.Rows < 0 || !(stats.WeightSum >= 0))
            return new DataError(source, null, null, $"has rows = {stats.Rows} and weight_sum = {stats.WeightSum.ToString("R", CultureInfo.InvariantCulture)}; both must be ≥ 0");
        return stats;
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new FormatException($"field '{name}' is missing");

    private static double Number(JsonElement root, string name)
    {
        var value = Field(root, name);
        return value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) ? value.GetDouble() : throw new FormatException($"field '{name}' must be a finite number");
    }

    private static ImmutableArray<double> Array(JsonElement root, string name, int length)
    {
        var value = Field(root, name);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != length)
            throw new FormatException($"field '{name}' must be an array of {length} numbers (the features' count fixes it)");
        return [.. value.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Number && double.IsFinite(e.GetDouble()) ? e.GetDouble() : throw new FormatException($"field '{name}[{i}]' must be a finite number"))];
    }

    private static void Numbers(Utf8JsonWriter json, string name, ImmutableArray<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, ImmutableArray<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}

using System.Linq;
using System.Text.Json;

namespace PenaltyGen;

/// <summary>The typed readers of a model file's fields: each names the field it could not read.</summary>
public static partial class ModelFile
{
    private static void NumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <summary>The property named by the last segment of <paramref name="field"/> ("fitted.solver" → "solver").</summary>
    private static JsonElement Property(JsonElement parent, string field)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        return parent.TryGetProperty(name, out var value) ? value : throw new InvalidModelFile($"field '{field}' is missing");
    }

    private static JsonElement Object(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        return value.ValueKind == JsonValueKind.Object ? value : throw new InvalidModelFile($"field '{field}' must be an object");
    }

    private static string Text(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidModelFile($"field '{field}' must be a string");
    }

    private static string? TextOrNull(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        return value.ValueKind == JsonValueKind.Null ? null : Text(parent, field);
    }

    private static bool Boolean(JsonElement parent, string field) => Property(parent, field).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new InvalidModelFile($"field '{field}' must be true or false"),
    };

    private static int Integer(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : throw new InvalidModelFile($"field '{field}' must be an integer");
    }

    private static double Finite(JsonElement parent, string field) => FiniteValue(Property(parent, field), field);

    private static double NumberOrNaN(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        return value.ValueKind == JsonValueKind.Null ? double.NaN : FiniteValue(value, field);
    }

    private static double FiniteValue(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new InvalidModelFile($"field '{field}' must be a finite number");

    private static string[] Strings(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        if (value.ValueKind != JsonValueKind.Array) throw new InvalidModelFile($"field '{field}' must be an array of strings");
        return value.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidModelFile($"field '{field}': item {i} must be a string")).ToArray();
    }

    private static double[] Numbers(JsonElement parent, string field)
    {
        var value = Property(parent, field);
        if (value.ValueKind != JsonValueKind.Array) throw new InvalidModelFile($"field '{field}' must be an array of numbers");
        return value.EnumerateArray().Select((e, i) => FiniteValue(e, $"{field}[{i}]")).ToArray();
    }
}

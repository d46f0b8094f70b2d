using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace PenaltyGen.Tracking;

/// <summary>
/// A run's values (config, summary, history lines, meta) as JSON, written by a type switch rather than by reflection, so
/// that the tracker works in a trimmed or Native AOT build. A value is null, a string, a boolean, a number, a date, an
/// enum (by name), a list of values or a map with string keys; a non-finite number is written as the string "NaN",
/// "Infinity" or "-Infinity" (never a throw: a score with one test row is NaN).
/// </summary>
internal static class JsonValues
{
    /// <summary>The kinds a tracked value may have, for the error that names a value of another kind.</summary>
    public const string Kinds = "a number, string, boolean, date, enum, list or string-keyed map of them";

    /// <summary>One JSON object of <paramref name="values"/>, in their order.</summary>
    public static string Object<T>(IEnumerable<KeyValuePair<string, T>> values, bool indented) => Text(json =>
    {
        json.WriteStartObject();
        foreach (var (key, value) in values)
        {
            json.WritePropertyName(key);
            Write(json, value);
        }
        json.WriteEndObject();
    }, indented);

    /// <summary>What <paramref name="body"/> writes, as a string.</summary>
    public static string Text(Action<Utf8JsonWriter> body, bool indented)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            body(json);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes one value (see the class summary for the kinds).</summary>
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d: Number(json, d); break;
            case float f: Number(json, f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case int or long or short or sbyte: json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case uint or ulong or ushort or byte: json.WriteNumberValue(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case char c: json.WriteStringValue(c.ToString()); break;
            case DateTimeOffset t: json.WriteStringValue(t); break;
            case DateTime t: json.WriteStringValue(t); break;
            case Enum e: json.WriteStringValue(e.ToString()); break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName((string)entry.Key);
                    Write(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items) Write(json, item);
                json.WriteEndArray();
                break;
            default: throw new ArgumentException($"a value of type {value.GetType().Name} cannot be tracked; a tracked value is {Kinds}");
        }
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be tracked (null when it can): names the first part of it of another kind, or a
    /// map whose keys are not strings.
    /// </summary>
    public static string? Problem(object? value) => value switch
    {
        null or string or bool or double or float or decimal or int or long or short or sbyte or uint or ulong or ushort or byte
            or char or DateTimeOffset or DateTime or Enum => null,
        IDictionary map => MapProblem(map),
        IEnumerable items => ListProblem(items),
        _ => $"has type {value.GetType().Name}; a tracked value is {Kinds}",
    };

    private static string? MapProblem(IDictionary map)
    {
        foreach (DictionaryEntry entry in map)
        {
            if (entry.Key is not string key) return $"is a map with a key of type {entry.Key.GetType().Name}; a map's keys must be strings";
            if (Problem(entry.Value) is { } inner) return $"[\"{key}\"] {inner}";
        }
        return null;
    }

    private static string? ListProblem(IEnumerable items)
    {
        var index = 0;
        foreach (var item in items)
        {
            if (Problem(item) is { } inner) return $"[{index}] {inner}";
            index++;
        }
        return null;
    }

    private static void Number(Utf8JsonWriter json, double d)
    {
        if (double.IsFinite(d)) json.WriteNumberValue(d);
        else json.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }

    private static void Number(Utf8JsonWriter json, float f)
    {
        if (float.IsFinite(f)) json.WriteNumberValue(f);
        else json.WriteStringValue(float.IsNaN(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
    }
}

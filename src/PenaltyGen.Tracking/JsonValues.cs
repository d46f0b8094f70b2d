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

    /// <summary>Writes one value (see the class summary for the kinds); a value of another kind is an ArgumentException.</summary>
    public static void Write(Utf8JsonWriter json, object? value)
    {
        if (Walk(json, value) is { } problem) throw new ArgumentException($"a value that {problem}");
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be tracked (null when it can): names the first part of it of another kind, or a
    /// map whose keys are not strings.
    /// </summary>
    public static string? Problem(object? value) => Walk(null, value);

    /// <summary>The one list of kinds: writes <paramref name="value"/> when <paramref name="json"/> is given, and returns the problem with it, if any.</summary>
    private static string? Walk(Utf8JsonWriter? json, object? value)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        switch (value)
        {
            case null: json?.WriteNullValue(); return null;
            case string s: json?.WriteStringValue(s); return null;
            case bool b: json?.WriteBooleanValue(b); return null;
            case double d when double.IsFinite(d): json?.WriteNumberValue(d); return null;
            case float f when float.IsFinite(f): json?.WriteNumberValue(f); return null;
            case double or float: json?.WriteStringValue(Convert.ToDouble(value, invariant) is var x && double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity"); return null;
            case decimal m: json?.WriteNumberValue(m); return null;
            case int or long or short or sbyte: json?.WriteNumberValue(Convert.ToInt64(value, invariant)); return null;
            case uint or ulong or ushort or byte: json?.WriteNumberValue(Convert.ToUInt64(value, invariant)); return null;
            case char c: json?.WriteStringValue(c.ToString()); return null;
            case DateTimeOffset t: json?.WriteStringValue(t); return null;
            case DateTime t: json?.WriteStringValue(t); return null;
            case Enum e: json?.WriteStringValue(e.ToString()); return null;
            case IDictionary map:
                json?.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Key is not string key) return $"is a map with a key of type {entry.Key.GetType().Name}; a map's keys must be strings";
                    json?.WritePropertyName(key);
                    if (Walk(json, entry.Value) is { } inner) return $"[\"{key}\"] {inner}";
                }
                json?.WriteEndObject();
                return null;
            case IEnumerable items:
                json?.WriteStartArray();
                var index = 0;
                foreach (var item in items)
                {
                    if (Walk(json, item) is { } inner) return $"[{index}] {inner}";
                    index++;
                }
                json?.WriteEndArray();
                return null;
            default: return $"has type {value.GetType().Name}; a tracked value is {Kinds}";
        }
    }
}

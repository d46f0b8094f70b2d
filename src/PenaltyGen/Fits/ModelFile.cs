using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Penalties;

namespace PenaltyGen;

/// <summary>
/// Saved models: a <see cref="Fit"/> as one JSON object (the format is in docs/model-files.md). Doubles are written in
/// their shortest round-trip form, so a load gives back the same bits. A SHA-256 checksum over every value (doubles by
/// their bits) makes an altered file an error rather than a different model; so are another format version, a
/// truncated file and arrays of different lengths.
/// </summary>
public static partial class ModelFile
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "penaltygen-model";

    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>This library's version, as written into every file (<c>penaltygen_version</c>).</summary>
    public static string LibraryVersion { get; } = ReadLibraryVersion();

    /// <summary>Writes <paramref name="fit"/> to <paramref name="path"/>: to a temporary file beside it, then moved into place.</summary>
    /// <returns>Unit, or an error naming the file when it cannot be written.</returns>
    public static Fin<Unit> Save(Fit fit, string path)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(path);
        if (fit.Loss == LossKind.Custom)
            return new ParameterError("fit", fit.Model, "was fitted with a user-written loss; a model file records the built-in losses only (least_squares, logistic), so it could not be loaded back faithfully");
        return AtomicFile.WriteAllText(path, ToJson(fit));
    }

    /// <summary>Reads a model file written by <see cref="Save"/>.</summary>
    /// <returns>The fit, or an error naming the file and the problem.</returns>
    public static Fin<Fit> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return new DataError(path, null, null, "file not found");
        try
        {
            return FromJson(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DataError(path, null, null, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>Reads a model file and checks that it holds a fit of the model that declares <typeparamref name="TPenalty"/>, with the same penalty.</summary>
    /// <returns>The fit, or an error naming the file and the problem (another model, another penalty, a bad file).</returns>
    public static Fin<Fit> Load<TPenalty>(string path) where TPenalty : struct, IPenalty =>
        Load(path).Bind(fit =>
        {
            if (fit.Model != TPenalty.ModelName)
                return Fin<Fit>.Fail(new DataError(path, null, null, $"holds a fit of '{fit.Model}', not of '{TPenalty.ModelName}'; load it with Fit.Load or {fit.Model}.Load"));
            if (fit.Formula != TPenalty.Formula)
                return Fin<Fit>.Fail(new DataError(path, null, null, $"was saved with g(w) = {fit.Formula}, but '{TPenalty.ModelName}' now declares g(w) = {TPenalty.Formula}; fit it again"));
            return fit;
        });

    /// <summary>The JSON text <see cref="Save"/> writes.</summary>
    public static string ToJson(Fit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("format_version", FormatVersion);
            json.WriteString("penaltygen_version", LibraryVersion);
            json.WriteString("model", fit.Model);
            json.WriteString("formula", fit.Formula);
            json.WriteString("loss", LossName(fit.Loss));
            json.WriteNumber("alpha", fit.Alpha);
            if (fit.L1Ratio is { } ratio) json.WriteNumber("l1_ratio", ratio);
            else json.WriteNull("l1_ratio");
            // γ or a of an [MCP] or [SCAD] read at run time (absent for every other model).
            if (fit.Concavity is { } concavity) json.WriteNumber("concavity", concavity);
            json.WriteString("target", fit.TargetName);
            json.WriteStartArray("features");
            foreach (var name in fit.FeatureNames) json.WriteStringValue(name);
            json.WriteEndArray();
            WriteCoefficients(json, fit);
            if (HasOwnClasses(fit))
            {
                // A classifier's labels other than scikit-learn's 0/1 coding: [negative, positive].
                json.WriteStartArray("classes");
                foreach (var c in fit.Classes) json.WriteNumberValue(c);
                json.WriteEndArray();
            }
            if (!fit.ClassLabels.IsDefaultOrEmpty)
            {
                // A text target's labels, [negative, positive]: predictions are given in them.
                json.WriteStartArray("class_labels");
                foreach (var label in fit.ClassLabels) json.WriteStringValue(label);
                json.WriteEndArray();
            }
            json.WriteStartObject("fitted");
            json.WriteString("solver", SolverName(fit.Solver));
            json.WriteNumber("iterations", fit.Iterations);
            NumberOrNull(json, "duality_gap", fit.DualityGap);
            NumberOrNull(json, "kkt_residual", fit.KktResidual);
            json.WriteBoolean("converged", fit.Converged);
            if (fit.Warning is { } warning) json.WriteString("warning", warning);
            else json.WriteNull("warning");
            json.WriteEndObject();
            json.WriteString("checksum", Checksum(fit));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads the JSON text of a model file; <paramref name="source"/> names it in errors.</summary>
    /// <returns>The fit, or an error naming <paramref name="source"/> and the problem.</returns>
    public static Fin<Fit> FromJson(string json, string source = "model")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, source);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            return new DataError(source, line, null, $"is not a complete JSON document (truncated or damaged?): {e.Message}");
        }
        catch (InvalidModelFile e)
        {
            return new DataError(source, null, null, e.Message);
        }
    }

    private static Fin<Fit> Read(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidModelFile("is not a PenaltyGen model file: expected one JSON object");
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            throw new InvalidModelFile($"is not a PenaltyGen model file: its 'format' field is not \"{Format}\"");
        var version = Integer(root, "format_version");
        if (version != FormatVersion)
            throw new InvalidModelFile($"has format_version {version}; PenaltyGen {LibraryVersion} reads format version {FormatVersion} (the file says it was written by PenaltyGen {Text(root, "penaltygen_version")})");

        var features = Strings(root, "features");
        if (features.Length == 0) throw new InvalidModelFile("field 'features' is empty; a model has at least one feature");
        for (var j = 0; j < features.Length; j++)
        {
            if (string.IsNullOrWhiteSpace(features[j])) throw new InvalidModelFile($"field 'features': name {j} is empty");
            var first = Array.IndexOf(features, features[j]);
            if (first < j) throw new InvalidModelFile($"field 'features': '{features[j]}' appears twice (positions {first} and {j})");
        }
        var loss = ParseLoss(Text(root, "loss"));
        var (coefficients, intercepts) = loss == LossKind.Multinomial ? ClassCoefficients(root, features.Length) : (Numbers(root, "coefficients"), []);
        if (coefficients.Length != features.Length * Math.Max(intercepts.Length, 1))
            throw new InvalidModelFile($"field 'coefficients' has {coefficients.Length} values but 'features' names {features.Length}; the file was altered or written by something else");
        var alpha = Finite(root, "alpha");
        if (alpha < 0) throw new InvalidModelFile($"field 'alpha' is {Show(alpha)}; a strength is ≥ 0");
        double? ratio = root.TryGetProperty("l1_ratio", out var r) && r.ValueKind != JsonValueKind.Null ? Finite(root, "l1_ratio") : null;
        if (ratio is { } rho && !(rho >= 0 && rho <= 1)) throw new InvalidModelFile($"field 'l1_ratio' is {Show(rho)}; it lies in [0, 1]");
        var fitted = Object(root, "fitted");
        var iterations = Integer(fitted, "fitted.iterations");
        if (iterations < 0) throw new InvalidModelFile($"field 'fitted.iterations' is {iterations}; it is ≥ 0");

        var fit = new Fit(
            alpha,
            ImmutableArray.Create(coefficients),
            loss == LossKind.Multinomial ? 0.0 : Finite(root, "intercept"),
            iterations,
            NumberOrNaN(fitted, "fitted.duality_gap"),
            NumberOrNaN(fitted, "fitted.kkt_residual"),
            Boolean(fitted, "fitted.converged"),
            TextOrNull(fitted, "fitted.warning"),
            ParseSolver(Text(fitted, "fitted.solver")),
            loss,
            ImmutableArray.Create(features))
        {
            Model = Text(root, "model"),
            Formula = Text(root, "formula"),
            L1Ratio = ratio,
            Concavity = root.TryGetProperty("concavity", out _) ? Finite(root, "concavity") : null,
            TargetName = Text(root, "target"),
            Classes = ReadClasses(root, Math.Max(intercepts.Length, 2)),
            ClassLabels = ReadClassLabels(root, Math.Max(intercepts.Length, 2)),
            Intercepts = [.. intercepts],
            // Sweeps are a diagnostic of the run, not stored: a loaded fit reports its iterations.
            Sweeps = iterations,
        };
        var checksum = Text(root, "checksum");
        if (checksum != Checksum(fit))
            throw new InvalidModelFile("does not match its checksum: a value was changed after the model was saved; save the model again from its fit");
        return fit;
    }

    /// <summary>
    /// SHA-256 over every value of the fit in a fixed order: strings length-prefixed, doubles by their 64 bits, so the
    /// checksum does not depend on how a writer formats numbers, and any change of a value changes it.
    /// </summary>
    private static string Checksum(Fit fit)
    {
        var text = new StringBuilder();
        void Add(string? s) => text.Append(s is null ? "-1:" : $"{s.Length.ToString(CultureInfo.InvariantCulture)}:{s}");
        void Bits(double v) => text.Append(BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture));
        Add(fit.Model);
        Add(fit.Formula);
        Add(LossName(fit.Loss));
        Bits(fit.Alpha);
        Add(fit.L1Ratio is null ? null : "l1_ratio");
        if (fit.L1Ratio is { } ratio) Bits(ratio);
        if (fit.Concavity is { } concavity)
        {
            Add("concavity");
            Bits(concavity);
        }
        Add(fit.TargetName);
        Add(fit.FeatureNames.Length.ToString(CultureInfo.InvariantCulture));
        foreach (var name in fit.FeatureNames) Add(name);
        foreach (var w in fit.Coefficients) Bits(w);
        Bits(fit.Intercept);
        foreach (var b in fit.Intercepts) Bits(b);
        Add(SolverName(fit.Solver));
        Add(fit.Iterations.ToString(CultureInfo.InvariantCulture));
        // The certificates are written as null when NaN; hash what a reader gets back.
        Bits(double.IsFinite(fit.DualityGap) ? fit.DualityGap : double.NaN);
        Bits(double.IsFinite(fit.KktResidual) ? fit.KktResidual : double.NaN);
        Add(fit.Converged ? "converged" : "not converged");
        Add(fit.Warning);
        if (HasOwnClasses(fit))
        {
            Add("classes");
            foreach (var c in fit.Classes) Bits(c);
        }
        if (!fit.ClassLabels.IsDefaultOrEmpty)
        {
            Add("class_labels");
            foreach (var label in fit.ClassLabels) Add(label);
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Whether the fit names classes other than 0 and 1 (files without them read as 0/1).</summary>
    private static bool HasOwnClasses(Fit fit) =>
        fit.Classes is { IsDefaultOrEmpty: false } c && (fit.Loss == LossKind.Multinomial || !(c[0] == 0.0 && c[1] == 1.0));

    /// <summary>
    /// A multinomial fit's coefficients as one array per class (scikit-learn's <c>coef_</c> rows) and its intercepts;
    /// every other fit's as one array and its intercept.
    /// </summary>
    private static void WriteCoefficients(Utf8JsonWriter json, Fit fit)
    {
        json.WriteStartArray("coefficients");
        if (fit.Loss == LossKind.Multinomial)
        {
            for (var k = 0; k < fit.Intercepts.Length; k++)
            {
                json.WriteStartArray();
                foreach (var w in fit.ClassCoefficients(k)) json.WriteNumberValue(w);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("intercepts");
            foreach (var b in fit.Intercepts) json.WriteNumberValue(b);
            json.WriteEndArray();
            return;
        }
        foreach (var w in fit.Coefficients) json.WriteNumberValue(w);
        json.WriteEndArray();
        json.WriteNumber("intercept", fit.Intercept);
    }

    /// <summary>A multinomial file's K coefficient arrays (each one value per feature), flattened class by class, and its K intercepts.</summary>
    private static (double[] Coefficients, double[] Intercepts) ClassCoefficients(JsonElement root, int features)
    {
        var intercepts = Numbers(root, "intercepts");
        if (intercepts.Length < 2) throw new InvalidModelFile($"field 'intercepts' has {intercepts.Length} values; a multinomial model has one per class (≥ 2)");
        var rows = Property(root, "coefficients");
        if (rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() != intercepts.Length)
            throw new InvalidModelFile($"field 'coefficients' must hold one array per class ({intercepts.Length})");
        var flat = new List<double>();
        var k = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != features)
                throw new InvalidModelFile($"field 'coefficients[{k}]' must hold one number per feature ({features})");
            flat.AddRange(row.EnumerateArray().Select((e, j) => FiniteValue(e, $"coefficients[{k}][{j}]")));
            k++;
        }
        return ([.. flat], intercepts);
    }

    /// <summary>The optional <c>classes</c> field: the <paramref name="count"/> finite labels (a binary classifier's [negative, positive]).</summary>
    private static ImmutableArray<double> ReadClasses(JsonElement root, int count)
    {
        if (!root.TryGetProperty("classes", out var field)) return ImmutableArray<double>.Empty;
        if (field.ValueKind != JsonValueKind.Array || field.GetArrayLength() != count)
            throw new InvalidModelFile($"field 'classes' must be an array of the {count} class labels");
        var labels = field.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
        if (!labels.All(double.IsFinite)) throw new InvalidModelFile($"field 'classes' must hold {count} finite numbers");
        return ImmutableArray.Create(labels);
    }

    /// <summary>The optional <c>class_labels</c> field: the text labels of a text target, in the order of 'classes'.</summary>
    private static ImmutableArray<string> ReadClassLabels(JsonElement root, int count)
    {
        if (!root.TryGetProperty("class_labels", out var field)) return ImmutableArray<string>.Empty;
        if (field.ValueKind != JsonValueKind.Array || field.GetArrayLength() != count)
            throw new InvalidModelFile($"field 'class_labels' must be an array of the {count} class labels");
        var labels = field.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "").ToArray();
        if (labels.Any(string.IsNullOrEmpty)) throw new InvalidModelFile($"field 'class_labels' must hold {count} non-empty strings");
        return ImmutableArray.Create(labels);
    }

    private static string LossName(LossKind loss) => loss switch
    {
        LossKind.Logistic => "logistic",
        LossKind.Poisson => "poisson",
        LossKind.Multinomial => "multinomial",
        _ => "least_squares",
    };

    private static LossKind ParseLoss(string name) => name switch
    {
        "least_squares" => LossKind.LeastSquares,
        "logistic" => LossKind.Logistic,
        "poisson" => LossKind.Poisson,
        "multinomial" => LossKind.Multinomial,
        _ => throw new InvalidModelFile($"field 'loss' is \"{name}\"; expected \"least_squares\", \"logistic\", \"poisson\" or \"multinomial\""),
    };

    private static readonly Dictionary<SolverKind, string> SolverNames = new()
    {
        [SolverKind.Auto] = "auto",
        [SolverKind.CoordinateDescent] = "coordinate_descent",
        [SolverKind.Fista] = "fista",
        [SolverKind.Direct] = "direct",
    };

    private static string SolverName(SolverKind solver) => SolverNames[solver];

    private static SolverKind ParseSolver(string name) =>
        SolverNames.FirstOrDefault(pair => pair.Value == name) is { Value: not null } found
            ? found.Key
            : throw new InvalidModelFile($"field 'fitted.solver' is \"{name}\"; expected one of {string.Join(", ", SolverNames.Values.Select(v => $"\"{v}\""))}");

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string ReadLibraryVersion()
    {
        var version = typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>A problem inside a model file; caught at the boundary and returned as a <see cref="DataError"/>.</summary>
    private sealed class InvalidModelFile(string message) : Exception(message);
}

using System;
using System.IO;

namespace PenaltyGen.Data;

/// <summary>
/// The Diabetes data (Efron et al., 2004): 442 patients, 10 baseline variables, and a measure of
/// disease progression one year later. Shipped with the library, as scikit-learn ships it.
/// </summary>
public static class Diabetes
{
    /// <summary>The manifest name of the embedded CSV (raw table and target).</summary>
    public const string ResourceName = "PenaltyGen.Data.diabetes.csv";

    private static readonly Lazy<Dataset> RawTable = new(LoadEmbedded);
    private static readonly Lazy<Dataset> ScaledTable = new(() => ScaleLikeScikitLearn(RawTable.Value));

    /// <summary>The 442×10 table as scikit-learn ships it (<c>load_diabetes(scaled=False)</c>).</summary>
    public static Dataset Raw() => RawTable.Value;

    /// <summary>
    /// The form <c>load_diabetes()</c> returns: each column centred and scaled to unit L2 norm,
    /// x' = (x − mean) / (std · √n) with the population standard deviation; the target is untouched.
    /// </summary>
    public static Dataset Load() => ScaledTable.Value;

    private static Dataset LoadEmbedded()
    {
        using var stream = typeof(Diabetes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from the assembly");
        using var reader = new StreamReader(stream);
        // The resource is part of the build: a failure here is a packaging bug, not user input.
        return CsvDataset.Read(reader, "target", ResourceName)
            .Match(d => d, e => throw new InvalidOperationException(e.Message));
    }

    /// <summary>
    /// scikit-learn computes <c>scale(data)</c> (centre, divide by the population std), then divides by √n.
    /// The same operations in the same order give the same doubles.
    /// </summary>
    private static Dataset ScaleLikeScikitLearn(Dataset raw)
    {
        var n = raw.Rows;
        var sqrtN = Math.Sqrt(n);
        return raw.MapColumns((_, x, into) =>
        {
            var mean = Mean(x);
            var ss = 0.0;
            for (var i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
            var std = Math.Sqrt(ss / n);
            for (var i = 0; i < n; i++) into[i] = (x[i] - mean) / std / sqrtN;
        });
    }

    private static double Mean(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        foreach (var v in x) s += v;
        return s / x.Length;
    }
}

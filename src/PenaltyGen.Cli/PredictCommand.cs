using System.Globalization;
using System.IO;
using System.Text;
using LanguageExt;

namespace PenaltyGen.Cli;

/// <summary>
/// <c>penaltygen predict</c>: reads a model file and the model's feature columns of a CSV (by name, in any order; other
/// columns, the target among them, are not read), and writes <c>prediction</c> (and <c>probability</c> for a logistic
/// model) per row, doubles in round-trip form. To a file, the CSV appears whole or not at all.
/// </summary>
internal static class PredictCommand
{
    public static Fin<Unit> Run(string modelPath, string dataPath, string? outPath, TextWriter stdout) =>
        from fit in Fit.Load(modelPath)
        from data in CsvDataset.LoadFeatures(dataPath, fit.FeatureNames)
        from predictions in fit.Loss == LossKind.Logistic ? fit.PredictLabels(data) : fit.Predict(data).Map(Numbers)
        from probabilities in fit.Loss == LossKind.Logistic ? fit.PredictProbability(data) : Fin<double[]>.Succ([])
        from written in Write(Csv(predictions, probabilities), outPath, stdout)
        select written;

    private static string[] Numbers(double[] values) => System.Array.ConvertAll(values, v => v.ToString("R", CultureInfo.InvariantCulture));

    private static Fin<Unit> Write(string csv, string? outPath, TextWriter stdout)
    {
        if (outPath is not null) return Data.AtomicFile.WriteAllText(outPath, csv);
        stdout.Write(csv);
        return Prelude.unit;
    }

    /// <summary>One row per prediction, with its probability when <paramref name="probabilities"/> is not empty (logistic).</summary>
    private static string Csv(string[] predictions, double[] probabilities)
    {
        var text = new StringBuilder(probabilities.Length == 0 ? "prediction\n" : "prediction,probability\n");
        for (var i = 0; i < predictions.Length; i++)
        {
            text.Append(Field(predictions[i]));
            if (probabilities.Length > 0) text.Append(',').Append(probabilities[i].ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A label as a CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}

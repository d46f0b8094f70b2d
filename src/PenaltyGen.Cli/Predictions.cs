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
internal static class Predictions
{
    public static Fin<Unit> Run(string modelPath, string dataPath, string? outPath, TextWriter stdout) =>
        Fit.Load(modelPath).Bind(fit =>
            CsvDataset.LoadFeatures(dataPath, fit.FeatureNames).Bind(data =>
                fit.Predict(data).Bind(predictions =>
                {
                    var probabilities = fit.Loss == LossKind.Logistic ? fit.PredictProbability(data).ThrowIfFail() : null;
                    var csv = Csv(predictions, probabilities);
                    if (outPath is null)
                    {
                        stdout.Write(csv);
                        return Fin<Unit>.Succ(Prelude.unit);
                    }
                    return Data.AtomicFile.WriteAllText(outPath, csv);
                })));

    private static string Csv(double[] predictions, double[]? probabilities)
    {
        var text = new StringBuilder(probabilities is null ? "prediction\n" : "prediction,probability\n");
        for (var i = 0; i < predictions.Length; i++)
        {
            text.Append(predictions[i].ToString("R", CultureInfo.InvariantCulture));
            if (probabilities is not null) text.Append(',').Append(probabilities[i].ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }
}

using System.Globalization;
using System.Linq;
using System.IO;
using System.Text;
using LanguageExt;
using PenaltyGen.Data;

namespace PenaltyGen.Cli;

/// <summary>
/// <c>penaltygen predict</c>: reads a model file and the model's feature columns of a CSV (by name, in any order; other
/// columns, the target among them, are not read), and writes <c>prediction</c> (and <c>probability</c> for a logistic
/// model, <c>probability_&lt;class&gt;</c> per class for a multinomial one) per row, doubles in round-trip form. To a file, the CSV appears whole or not at all.
/// </summary>
internal static class PredictCommand
{
    public static Fin<Unit> Run(string modelPath, string dataPath, string? outPath, TextWriter stdout) =>
        from csv in DuckDbSource.IsParquet(dataPath)
            ? Fin<Unit>.Fail(new Errors.ParameterError("--data", dataPath, "is a Parquet file; predict reads the rows of a CSV (export them with DuckDB: COPY (SELECT …) TO 'rows.csv')"))
            : Prelude.unit
        from fit in Fit.Load(modelPath)
        from data in DataFiles.LoadFeatures(dataPath, fit)
        from predictions in fit.IsClassifier ? fit.PredictLabels(data) : fit.Predict(data).Map(Numbers)
        from probabilities in fit.IsClassifier ? Probabilities(fit, data) : Fin<double[,]>.Succ(new double[0, 0])
        from written in Write(Csv(predictions, probabilities, Headers(fit)), outPath, stdout)
        select written;

    /// <summary>The probability columns: a logistic model's positive class, a multinomial model's every class.</summary>
    private static Fin<double[,]> Probabilities(Fit fit, Dataset data)
    {
        if (fit.Loss == LossKind.Multinomial) return fit.PredictProbabilities(data);
        return fit.PredictProbability(data).Map(p =>
        {
            var column = new double[p.Length, 1];
            for (var i = 0; i < p.Length; i++) column[i, 0] = p[i];
            return column;
        });
    }

    /// <summary>"prediction", then "probability" (logistic) or "probability_&lt;class&gt;" per class (multinomial).</summary>
    private static string[] Headers(Fit fit)
    {
        if (fit.Loss == LossKind.Multinomial)
            return ["prediction", .. System.Linq.Enumerable.Range(0, fit.Intercepts.Length).Select(k => Field($"probability_{fit.ClassName(k)}"))];
        return fit.IsClassifier ? ["prediction", "probability"] : ["prediction"];
    }

    private static string[] Numbers(double[] values) => System.Array.ConvertAll(values, v => v.ToString("R", CultureInfo.InvariantCulture));

    private static Fin<Unit> Write(string csv, string? outPath, TextWriter stdout)
    {
        if (outPath is not null) return Data.AtomicFile.WriteAllText(outPath, csv);
        stdout.Write(csv);
        return Prelude.unit;
    }

    /// <summary>One row per prediction, followed by its probability columns (none for a regression).</summary>
    private static string Csv(string[] predictions, double[,] probabilities, string[] headers)
    {
        var text = new StringBuilder(string.Join(',', headers)).Append('\n');
        for (var i = 0; i < predictions.Length; i++)
        {
            text.Append(Field(predictions[i]));
            for (var k = 0; k < probabilities.GetLength(1); k++) text.Append(',').Append(probabilities[i, k].ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A label as a CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}

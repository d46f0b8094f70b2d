using System.Globalization;
using PenaltyGen;

// train DATA.csv MODEL.json NEW.csv: fit, save, print the in-memory fit's predictions for NEW.csv.
// predict MODEL.json NEW.csv:        load (in another process), print the loaded model's predictions for NEW.csv.
// Predictions print as round-trip strings under a "prediction" header, exactly as `penaltygen predict` writes them.
if (args is not ["train", _, _, _] and not ["predict", _, _])
{
    Console.Error.WriteLine("usage: App train DATA.csv MODEL.json NEW.csv | App predict MODEL.json NEW.csv");
    return 2;
}
var fit = args[0] == "train"
    ? CsvDataset.Load(args[1], targetColumn: "target")
        .Bind(data => Progression.Fit(data, alpha: 0.1))
        .Bind(f => f.Save(args[2]).Map(_ => f))
    : Fit.Load(args[1]);
var newRows = args[^1];
var predictions = fit.Bind(f => CsvDataset.LoadFeatures(newRows, f.FeatureNames).Bind(f.Predict));
return predictions.Match(
    values =>
    {
        Console.WriteLine("prediction");
        foreach (var v in values) Console.WriteLine(v.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    },
    error =>
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 2;
    });

/// <summary>scikit-learn's ElasticNet(l1_ratio=0.5) on the disease-progression target.</summary>
[ElasticNet(L1Ratio = 0.5)]
public partial class Progression;

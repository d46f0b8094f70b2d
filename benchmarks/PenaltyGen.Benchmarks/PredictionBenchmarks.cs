using System.Linq;
using BenchmarkDotNet.Attributes;
using PenaltyGen.Data;
using PenaltyGen.Models;

namespace PenaltyGen.Benchmarks;

/// <summary>
/// Prediction and saved models on the Diabetes fit of Lasso(0.1): one row in training order (should allocate nothing),
/// all 442 rows with the training column order and with the columns reversed (matched by name), and a save/load round
/// trip through the JSON text.
/// </summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private Fit fit = null!;
    private Dataset data = null!;
    private Dataset reversed = null!;
    private double[] row = null!;
    private string json = null!;

    [GlobalSetup]
    public void Setup()
    {
        data = Diabetes.Load();
        fit = Lasso.Fit(data, 0.1).ThrowIfFail();
        var columns = Enumerable.Range(0, data.Columns).Reverse().SelectMany(j => data.Column(j).ToArray()).ToArray();
        reversed = Dataset.FromFeatures(columns, data.Rows, data.FeatureNames.Reverse().ToArray()).ThrowIfFail();
        row = Enumerable.Range(0, data.Columns).Select(j => data[0, j]).ToArray();
        json = ModelFile.ToJson(fit);
    }

    [Benchmark(Description = "one row, training order")]
    public double OneRow() => fit.Predict(row);

    [Benchmark(Description = "442 rows, training order")]
    public double[] Rows() => fit.Predict(data).ThrowIfFail();

    [Benchmark(Description = "442 rows, columns reversed")]
    public double[] RowsReversed() => fit.Predict(reversed).ThrowIfFail();

    [Benchmark(Description = "save + load (JSON text)")]
    public Fit RoundTrip() => ModelFile.FromJson(ModelFile.ToJson(fit)).ThrowIfFail();

    [Benchmark(Description = "load (JSON text)")]
    public Fit Load() => ModelFile.FromJson(json).ThrowIfFail();
}

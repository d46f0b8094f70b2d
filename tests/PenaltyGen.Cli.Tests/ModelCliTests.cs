using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PenaltyGen.Cli;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>The models of issue 15 on the command line: multinomial (vs scikit-learn and cv.glmnet) and MCP/SCAD (vs the library).</summary>
public sealed class ModelCliTests : IDisposable
{
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-models-" + Guid.NewGuid().ToString("N"));

    public ModelCliTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void Multinomial_fits_predicts_and_cross_validates_with_scikit_learns_and_cv_glmnets_numbers()
    {
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliTests.Reference, "multinomial.json"))).RootElement;
        var x = fixture.GetProperty("X").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var y = fixture.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        string[] names = ["", "setosa", "versicolor", "virginica"];
        var csv = Path.Combine(temp, "species.csv");
        File.WriteAllLines(csv, [string.Join(",", Enumerable.Range(0, x.Length).Select(j => $"x{j}")) + ",species",
            .. y.Select((v, i) => string.Join(",", x.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture))) + "," + names[(int)v])]);
        var expected = fixture.GetProperty("sklearn")[0];
        var model = Path.Combine(temp, "species.model.json");
        var (code, stdout, stderr) = CliTests.Run("fit", "--data", csv, "--target", "species", "--model", "multinomial", "--penalty", "l1", "--C", "0.5",
            "--tol", "1e-12", "--max-iter", "100000", "--save", model);
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["setosa", "versicolor", "virginica"], json.GetProperty("classes").EnumerateArray().Select(v => v.GetString()!));
        var coef = json.GetProperty("coef").EnumerateArray().ToArray();
        var mean = expected.GetProperty("intercepts").EnumerateArray().Average(v => v.GetDouble());
        for (var k = 0; k < 3; k++)
        {
            var want = expected.GetProperty("coef")[k].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var got = coef[k].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (var j = 0; j < want.Length; j++) Assert.True(Math.Abs(want[j] - got[j]) <= 1e-6, $"class {k} coef {j}: {got[j]} vs {want[j]}");
            Assert.Equal(expected.GetProperty("intercepts")[k].GetDouble() - mean, json.GetProperty("intercept")[k].GetDouble(), 6);
        }
        var predicted = CliTests.Run("predict", "--model", model, "--data", csv);
        Assert.True(predicted.Code == 0, predicted.Err);
        var lines = predicted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("prediction,probability_setosa,probability_versicolor,probability_virginica", lines[0]);
        Assert.Equal(expected.GetProperty("predict").EnumerateArray().Select(v => names[(int)v.GetDouble()]), lines[1..].Select(l => l.Split(',')[0]));
        var proba = expected.GetProperty("proba")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var first = lines[1].Split(',')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        for (var k = 0; k < 3; k++) Assert.True(Math.Abs(proba[k] - first[k]) <= 1e-6, $"p[0,{k}] {first[k]} vs {proba[k]}");
        // cv.glmnet's misclassification curve on its five contiguous folds.
        File.WriteAllLines(Path.Combine(temp, "folds.csv"), ["fold", .. Enumerable.Range(0, y.Length).Select(i => (i / (y.Length / 5) + 1).ToString(CultureInfo.InvariantCulture))]);
        var withFolds = Path.Combine(temp, "species-folds.csv");
        File.WriteAllLines(withFolds, File.ReadAllLines(csv).Zip(File.ReadAllLines(Path.Combine(temp, "folds.csv")), (a, b) => a + "," + b));
        var lambdas = string.Join(",", fixture.GetProperty("cv").GetProperty("lambdas").EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture)));
        var cv = CliTests.Run("cv", "--data", withFolds, "--target", "species", "--model", "multinomial", "--penalty", "l1", "--fold-ids", "fold",
            "--alphas", lambdas, "--measure", "class", "--tol", "1e-12", "--out", Path.Combine(temp, "cv-species"));
        Assert.True(cv.Code == 0, cv.Err);
        var best = fixture.GetProperty("cv").GetProperty("class").EnumerateArray().Min(v => v.GetDouble());
        var result = JsonDocument.Parse(cv.Out).RootElement;
        Assert.Equal("misclassification", result.GetProperty("metric").GetString());
        Assert.Equal(best, result.GetProperty("cv_misclassification_min").GetDouble(), 12);
        var wrong = CliTests.Run("fit", "--data", csv, "--target", "species", "--model", "lasso", "--grouped");
        Assert.Equal("error: --grouped = true is invalid: applies to --model multinomial only (glmnet's type.multinomial = \"grouped\"), not to lasso", wrong.Err.Trim());
        var relax = CliTests.Run("fit", "--data", csv, "--target", "species", "--model", "multinomial", "--relax", "0.5");
        Assert.Equal("error: --relax = 0.5 is invalid: does not apply to --model multinomial (the relaxed refit is built for one linear predictor per row)", relax.Err.Trim());
        // --warm-start from a saved multinomial model: its K rows matched to the columns by name, the same fit.
        var warm = CliTests.Run("fit", "--data", csv, "--target", "species", "--model", "multinomial", "--penalty", "l1", "--C", "0.5",
            "--tol", "1e-12", "--max-iter", "100000", "--warm-start", model);
        Assert.True(warm.Code == 0, warm.Err);
        var warmCoef = JsonDocument.Parse(warm.Out).RootElement.GetProperty("coef");
        for (var k = 0; k < 3; k++)
            Assert.Equal(coef[k].EnumerateArray().Select(v => v.GetDouble()), warmCoef[k].EnumerateArray().Select(v => v.GetDouble()), (a, b) => Math.Abs(a - b) <= 1e-9);
        var measure = CliTests.Run("cv", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "lasso", "--measure", "class");
        Assert.Equal("error: --measure = class is invalid: applies to --model multinomial only; --model lasso is scored by its own loss", measure.Err.Trim());
    }


    [Fact]
    public void Mcp_and_scad_give_the_librarys_fits_and_name_a_feature_too_flat_for_them()
    {
        var data = CsvDataset.Load(CliTests.DiabetesCsv, "target").ThrowIfFail();
        foreach (var (penalty, gamma) in new[] { ("mcp", 2.5), ("scad", 3.7) })
        {
            var (code, stdout, stderr) = CliTests.Run("fit", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "linear", "--penalty", penalty,
                "--gamma", gamma.ToString(CultureInfo.InvariantCulture), "--alpha", "2", "--standardize", "--tol", "1e-10");
            Assert.True(code == 0, stderr);
            var options = new FitOptions { Standardize = true, Tol = 1e-10, Concavity = gamma };
            var fit = (penalty == "mcp" ? Models.Mcp.Fit(data, 2.0, options) : Models.Scad.Fit(data, 2.0, options)).ThrowIfFail();
            var json = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(fit.Coefficients.ToArray(), json.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        }
        var flat = CliTests.Run("fit", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "linear", "--penalty", "mcp");
        Assert.Equal(2, flat.Code);
        Assert.StartsWith("error: gamma = 3 is invalid: makes PenaltyGen.Models.Mcp's g(w) = MCP(w; γ) more concave", flat.Err, StringComparison.Ordinal);
        Assert.Contains("along feature 'sex' (‖x_j − x̄_j‖²/n = 0.248997)", flat.Err, StringComparison.Ordinal);
        var stray = CliTests.Run("fit", "--data", CliTests.DiabetesCsv, "--target", "target", "--model", "linear", "--penalty", "l1", "--gamma", "3");
        Assert.Equal("error: --gamma = 3 is invalid: applies to --penalty mcp and scad only (MCP's γ, SCAD's a)", stray.Err.Trim());
    }
}

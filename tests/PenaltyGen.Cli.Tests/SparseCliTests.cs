using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>Sparse rows on the command line: LibSVM and Matrix Market --data for fit, cv and predict, vs scikit-learn on scipy.sparse.</summary>
public sealed class SparseCliTests : IDisposable
{
    private static readonly string Svm = Path.Combine(CliTests.Reference, "sparse.svm");
    private static readonly string Mtx = Path.Combine(CliTests.Reference, "sparse_X.mtx");
    private static readonly string MtxY = Path.Combine(CliTests.Reference, "sparse_y.mtx");
    private static readonly JsonElement Lasso = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliTests.Reference, "sparse.json"))).RootElement
        .GetProperty("sklearn").EnumerateArray().First(e => e.GetProperty("case").GetString() == "lasso");

    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-sparse-" + Guid.NewGuid().ToString("N"));

    public SparseCliTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void Fit_on_LibSVM_and_Matrix_Market_rows_is_scikit_learns_lasso_and_predict_reads_LibSVM_rows()
    {
        var model = Path.Combine(temp, "m.json");
        var svm = CliTests.Run("fit", "--data", Svm, "--model", "lasso", "--alpha", "0.05", "--tol", "1e-14", "--max-iter", "1000000", "--save", model);
        Assert.True(svm.Code == 0, svm.Err);
        var mtx = CliTests.Run("fit", "--data", Mtx, "--target", MtxY, "--model", "lasso", "--alpha", "0.05", "--tol", "1e-14", "--max-iter", "1000000");
        Assert.True(mtx.Code == 0, mtx.Err);
        var want = Numbers(Lasso.GetProperty("coef"));
        foreach (var output in new[] { svm.Out, mtx.Out })
        {
            var json = JsonDocument.Parse(output).RootElement;
            var got = Numbers(json.GetProperty("coef"));
            for (var j = 0; j < want.Length; j++) Assert.True(Math.Abs(want[j] - got[j]) <= 1e-8 * want.Max(Math.Abs), $"coef[{j}] {got[j]} vs {want[j]}");
            Assert.Equal(Lasso.GetProperty("intercept").GetDouble(), json.GetProperty("intercept").GetDouble(), 1e-8);
        }
        // Predictions of the saved model on the LibSVM rows: x_iᵀw + b with scikit-learn's w and b.
        var predicted = CliTests.Run("predict", "--model", model, "--data", Svm);
        Assert.True(predicted.Code == 0, predicted.Err);
        var rows = File.ReadAllLines(Svm);
        var lines = predicted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(rows.Length, lines.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var eta = Lasso.GetProperty("intercept").GetDouble() + rows[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(t => t.Split(':'))
                .Sum(t => want[int.Parse(t[0], CultureInfo.InvariantCulture) - 1] * double.Parse(t[1], CultureInfo.InvariantCulture));
            Assert.Equal(eta, double.Parse(lines[i], CultureInfo.InvariantCulture), 1e-7);
        }
    }

    [Fact]
    public void Cross_validation_runs_on_LibSVM_rows_as_the_library_does()
    {
        var run = CliTests.Run("cv", "--data", Svm, "--model", "lasso", "--folds", "5", "--alphas", "20", "--out", Path.Combine(temp, "cv"));
        Assert.True(run.Code == 0, run.Err);
        var data = LibSvm.Load(Svm).ThrowIfFail();
        var library = Validation.CrossValidation.Run<Models.Lasso.Penalty>(data, new CrossValidationOptions { Folds = 5, AlphaCount = 20 }).ThrowIfFail();
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp, "cv", "summary.json"))).RootElement;
        Assert.Equal(library.AlphaMin, summary.GetProperty("alpha_min").GetDouble(), 1e-12);
    }

    [Theory]
    [InlineData("svm-target", "error: --target = y is invalid: does not apply to a LibSVM file, whose labels are the target; leave it unset")]
    [InlineData("mtx-no-target", "error: --target = (missing) is invalid: names the target's Matrix Market file (n×1); it is required with a Matrix Market --data")]
    [InlineData("bad-line", "error: {0}: line 2: 'abc' is not index:value")]
    public void Sparse_inputs_fail_with_one_line_naming_the_problem(string kind, string message)
    {
        var bad = Path.Combine(temp, "bad.svm");
        File.WriteAllText(bad, "1 1:2\n2 abc\n");
        var args = kind switch
        {
            "svm-target" => new[] { "fit", "--data", Svm, "--target", "y", "--model", "lasso", "--alpha", "0.1" },
            "mtx-no-target" => ["fit", "--data", Mtx, "--model", "lasso", "--alpha", "0.1"],
            _ => ["fit", "--data", bad, "--model", "lasso", "--alpha", "0.1"],
        };
        var (code, _, err) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, message, bad), err.Trim());
    }
}

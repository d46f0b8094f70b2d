using System;
using System.IO;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Validation;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// Logistic fits on any two classes, as scikit-learn's LogisticRegression (tests/reference/labels.json, generate.py labels):
/// the classes sorted, the larger the positive one; predictions and probabilities in the user's labels; saved and loaded.
/// </summary>
public class LabelTests
{
    private static readonly System.Text.Json.JsonElement Fixture = Reference.Load("labels.json");
    private static readonly System.Text.Json.JsonElement Logistic = Reference.Load("logistic.json");

    private static Dataset Data(double[] y) => Dataset.FromColumnMajor(
        Logistic.GetProperty("X").Matrix().SelectMany(c => c).ToArray(), y, Enumerable.Range(0, 8).Select(j => $"x{j}").ToArray()).ThrowIfFail();

    private static readonly FitOptions L2 = new() { Loss = LossKind.Logistic, L1Ratio = 0.0, Tol = 1e-10 };

    [Fact]
    public void Two_classes_other_than_0_and_1_fit_and_predict_in_the_users_labels()
    {
        var data = Data(Fixture.GetProperty("labels").Doubles());
        var fit = ElasticNet.Fit(data, Losses.Logistic.AlphaFromC(1.0, data.Rows), L2).ThrowIfFail();
        Assert.Equal(Fixture.GetProperty("classes").Doubles(), fit.Classes.ToArray());
        var coef = Fixture.GetProperty("coef").Doubles();
        // lbfgs stops on its relative decrease (ftol 64·eps) before its gradient test: the two agree to 1e-4, and our
        // objective is no worse than scikit-learn's own.
        for (var j = 0; j < coef.Length; j++) Assert.Equal(coef[j], fit.Coefficients[j], 1e-4);
        Assert.Equal(Fixture.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-4);
        var theirs = Objective(data, coef, Fixture.GetProperty("intercept").GetDouble());
        Assert.True(Objective(data, [.. fit.Coefficients], fit.Intercept) <= theirs * (1 + 1e-12));
        Assert.Equal(Fixture.GetProperty("predict").Doubles(), fit.Predict(data).ThrowIfFail());
        var proba = Fixture.GetProperty("proba").Doubles();
        var ours = fit.PredictProbability(data).ThrowIfFail();
        for (var i = 0; i < proba.Length; i++) Assert.Equal(proba[i], ours[i], 1e-4);
        // The fit equals the 0/1 fit bit for bit: the labels are only recoded.
        var binary = ElasticNet.Fit(Data(Logistic.GetProperty("y").Doubles()), Losses.Logistic.AlphaFromC(1.0, data.Rows), L2).ThrowIfFail();
        Assert.Equal(binary.Coefficients.ToArray(), fit.Coefficients.ToArray());
        Assert.Equal([0.0, 1.0], binary.Classes.ToArray());
        Assert.Equal(1.0, fit.Score(data).ThrowIfFail() + (1.0 - binary.Score(Data(Logistic.GetProperty("y").Doubles())).ThrowIfFail()), 12);
    }

    /// <summary>scikit-learn's C·Σ ℓ + ½‖w‖² at C = 1, the positive class (7) coded 1.</summary>
    private static double Objective(Dataset data, double[] w, double b)
    {
        var total = 0.5 * w.Sum(v => v * v);
        for (var i = 0; i < data.Rows; i++)
        {
            var eta = b;
            for (var j = 0; j < data.Columns; j++) eta += data[i, j] * w[j];
            total += Losses.Logistic.Value(data.Target[i] == 7.0 ? 1.0 : 0.0, eta);
        }
        return total;
    }

    [Fact]
    public void The_classes_survive_a_model_file_and_cross_validation()
    {
        var data = Data(Fixture.GetProperty("labels").Doubles());
        var fit = ElasticNet.Fit(data, Losses.Logistic.AlphaFromC(1.0, data.Rows), L2).ThrowIfFail();
        var file = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.json");
        try
        {
            fit.Save(file).ThrowIfFail();
            Assert.Contains("\"classes\": [", File.ReadAllText(file), StringComparison.Ordinal);
            var loaded = PenaltyGen.Fit.Load(file).ThrowIfFail();
            Assert.Equal(fit.Classes.ToArray(), loaded.Classes.ToArray());
            Assert.Equal(loaded.Iterations, loaded.Sweeps);
            Assert.Equal(fit.Predict(data).ThrowIfFail(), loaded.Predict(data).ThrowIfFail());
        }
        finally
        {
            File.Delete(file);
        }
        var cv = ElasticNet.CrossValidate(data, new CrossValidationOptions { Alphas = [0.1, 0.01, 0.001] }, L2).ThrowIfFail();
        Assert.Equal([3.0, 7.0], cv.Refit.Classes.ToArray());
        Assert.All(cv.Refit.Predict(data).ThrowIfFail(), label => Assert.True(label is 3.0 or 7.0));
    }

    /// <summary>logistic.json's features with a text target column "y" of the given labels, as a CSV reads.</summary>
    private static Dataset TextData(string[] labels, string? replaceRow = null, int row = -1)
    {
        var x = Logistic.GetProperty("X").Matrix();
        var text = new System.Text.StringBuilder(string.Join(",", Enumerable.Range(0, 8).Select(j => $"x{j}")) + ",y\n");
        for (var i = 0; i < labels.Length; i++)
        {
            text.Append(string.Join(",", x.Select(c => c[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            text.Append(',').Append(i == row ? replaceRow : labels[i]).Append('\n');
        }
        return CsvDataset.Read(new StringReader(text.ToString()), "y", "labels.csv").ThrowIfFail();
    }

    [Fact]
    public void Text_labels_in_a_csv_fit_and_predict_as_scikit_learns_classes()
    {
        var labels = Fixture.GetProperty("text_labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var data = TextData(labels);
        Assert.Equal(["no", "yes"], data.TargetLabels.ToArray());
        var fit = ElasticNet.Fit(data, Losses.Logistic.AlphaFromC(1.0, data.Rows), L2).ThrowIfFail();
        var classes = Fixture.GetProperty("text_classes").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(classes, fit.ClassLabels.ToArray());
        var coef = Fixture.GetProperty("text_coef").Doubles();
        for (var j = 0; j < coef.Length; j++) Assert.Equal(coef[j], fit.Coefficients[j], 1e-4);
        Assert.Equal(Fixture.GetProperty("text_intercept").GetDouble(), fit.Intercept, 1e-4);
        var predicted = Fixture.GetProperty("text_predict").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(predicted, fit.PredictLabels(data).ThrowIfFail());
        var proba = Fixture.GetProperty("text_proba").Doubles();
        var ours = fit.PredictProbability(data).ThrowIfFail();
        for (var i = 0; i < proba.Length; i++) Assert.Equal(proba[i], ours[i], 1e-4);
        var accuracy = Enumerable.Range(0, labels.Length).Count(i => predicted[i] == labels[i]) / (double)labels.Length;
        Assert.Equal(accuracy, fit.Score(data).ThrowIfFail(), 12);
        // Another file with only one of the labels codes it 0 by its own list: scoring compares text, not codes.
        var yesRows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == "yes").ToArray();
        var onlyYes = data.SelectRows(yesRows);
        var rebuilt = Dataset.FromColumnMajor(onlyYes.Features, yesRows.Select(_ => "yes").ToArray(), onlyYes.FeatureNames.AsSpan(), "y").ThrowIfFail();
        Assert.Equal(0.0, rebuilt.Target[0]);
        Assert.Equal(yesRows.Count(i => predicted[i] == "yes") / (double)yesRows.Length, fit.Score(rebuilt).ThrowIfFail(), 12);
        var file = Path.Combine(Path.GetTempPath(), $"text-labels-{Guid.NewGuid():N}.json");
        try
        {
            fit.Save(file).ThrowIfFail();
            var loaded = PenaltyGen.Fit.Load(file).ThrowIfFail();
            Assert.Equal(fit.ClassLabels.ToArray(), loaded.ClassLabels.ToArray());
            Assert.Equal(predicted, loaded.PredictLabels(data).ThrowIfFail());
            File.WriteAllText(file, File.ReadAllText(file).Replace("\"yes\"", "\"YES\"", StringComparison.Ordinal));
            Assert.Contains("checksum", PenaltyGen.Fit.Load(file).Match(_ => "", e => e.Message), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_third_text_label_is_named_with_its_row_and_a_regression_refuses_labels()
    {
        var labels = Fixture.GetProperty("text_labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var last = labels.Length - 1;
        var error = ElasticNet.Fit(TextData(labels, "maybe", last), 0.01, L2).Match(_ => "", e => e.Message);
        Assert.Equal($"dataset, column 'y': row {last} holds maybe, a third class after {labels[0]} and {labels.First(l => l != labels[0])}; the logistic loss takes two classes", error);
        var regression = Lasso.Fit(TextData(labels), 0.1).Match(_ => "", e => e.Message);
        Assert.Equal("data, column 'y': holds class labels (no, yes), not numbers; LeastSquares needs a numeric target (labels are for a classifier: the logistic loss)", regression);
        // An empty label is named with its line (the header is line 1, row 0 line 2).
        var empty = CsvDataset.Read(new StringReader("a,y\n1,yes\n2,\n"), "y", "t.csv").Match(_ => "", e => e.Message);
        Assert.Equal("t.csv: line 3, column 'y': the cell is empty; expected a class label", empty);
    }

    [Fact]
    public void A_third_class_is_named_with_its_row()
    {
        var y = Fixture.GetProperty("labels").Doubles();
        var last = y.Length - 1;
        y[last] = 5.0;
        var error = ElasticNet.Fit(Data(y), 0.01, L2).Match(_ => "", e => e.Message);
        Assert.Equal($"dataset, column 'target': row {last} holds 5, a third class after {y[0]} and {(y[0] == 3.0 ? 7 : 3)}; the logistic loss takes two classes", error);
    }
}

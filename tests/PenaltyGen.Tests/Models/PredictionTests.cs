using System;
using System.IO;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Models;

/// <summary>Prediction by column name, on data with or without a target, and the single-row path.</summary>
public class PredictionTests
{
    private static readonly Dataset Data = Diabetes.Load();
    private static readonly Fit Model = Lasso.Fit(Data, 0.05).ThrowIfFail();

    /// <summary>The same rows with the columns (and names) in reverse order, an extra column, and no target.</summary>
    private static Dataset Reversed()
    {
        var p = Data.Columns;
        var columns = Enumerable.Range(0, p).Reverse().SelectMany(j => Data.Column(j).ToArray()).Concat(Enumerable.Repeat(7.0, Data.Rows)).ToArray();
        var names = Data.FeatureNames.Reverse().Append("id").ToArray();
        return Dataset.FromFeatures(columns, Data.Rows, names).ThrowIfFail();
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void Columns_are_matched_by_name_so_their_order_does_not_change_a_bit()
    {
        var expected = Model.Predict(Data).ThrowIfFail();
        Assert.Equal(Bits(expected), Bits(Model.Predict(Reversed()).ThrowIfFail()));
        // The same bits row by row through the allocation-free overload, and through a row-major matrix in training order.
        var rows = new double[Data.Rows, Data.Columns];
        for (var i = 0; i < Data.Rows; i++)
        {
            var row = Enumerable.Range(0, Data.Columns).Select(j => Data[i, j]).ToArray();
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(Model.Predict(row)));
            for (var j = 0; j < Data.Columns; j++) rows[i, j] = row[j];
        }
        Assert.Equal(Bits(expected), Bits(Model.Predict(rows).ThrowIfFail()));
        // And they are the model's values: R² as scikit-learn's score on the training data.
        Assert.Equal(Metrics.Regression.R2(Data.Target, expected), Model.Score(Data).ThrowIfFail(), 15);
    }

    [Fact]
    public void A_missing_feature_is_an_error_that_names_it()
    {
        var without = Data.TakeColumn("bmi").ThrowIfFail().Remaining;
        Assert.Equal("data, column 'bmi': is missing; the model was fitted on age, sex, bmi, bp, s1, s2, s3, s4, s5, s6 and the data have age, sex, bp, s1, s2, s3, s4, s5, s6",
            Model.Predict(without).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void A_matrix_with_another_number_of_columns_is_an_error() =>
        Assert.Equal("x = 2×3 is invalid: needs one column per feature of the model (10: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6), in that order",
            Model.Predict(new double[2, 3]).Match(_ => "", e => e.Message));

    [Fact]
    public void A_row_of_another_length_is_an_argument_error() =>
        Assert.StartsWith("the row has 3 values but the model has 10 features (age, sex, bmi, bp, s1, s2, s3, s4, s5, s6)",
            Assert.Throws<ArgumentException>(() => Model.Predict([1.0, 2.0, 3.0])).Message, StringComparison.Ordinal);

    [Fact]
    public void Single_row_prediction_allocates_nothing()
    {
        var row = Enumerable.Range(0, Data.Columns).Select(j => Data[0, j]).ToArray();
        var sum = Model.Predict(row);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) sum += Model.Predict(row);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void A_features_only_csv_predicts_with_columns_in_any_order_and_other_columns_ignored()
    {
        var path = Path.GetTempFileName();
        try
        {
            // Reversed columns, an id that is not a number, no target.
            var lines = new[] { "id," + string.Join(',', Data.FeatureNames.Reverse()) }
                .Concat(Enumerable.Range(0, Data.Rows).Select(i => $"row{i}," + string.Join(',', Enumerable.Range(0, Data.Columns).Reverse()
                    .Select(j => Data[i, j].ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
            File.WriteAllLines(path, lines);
            var loaded = CsvDataset.LoadFeatures(path, Model.FeatureNames).ThrowIfFail();
            Assert.False(loaded.HasTarget);
            Assert.Equal(Bits(Model.Predict(Data).ThrowIfFail()), Bits(Model.Predict(loaded).ThrowIfFail()));
            Assert.Equal($"{path}: line 1, column 'tc': is missing; the header has id, {string.Join(", ", Data.FeatureNames.Reverse())}",
                CsvDataset.LoadFeatures(path, ["tc"]).Match(_ => "", e => e.Message));
            Assert.Equal("data: has no target column; scoring compares predictions with the target", Model.Score(loaded).Match(_ => "", e => e.Message));
            Assert.Equal("data: has no target column; fitting needs one (load it with CsvDataset.Load(path, targetColumn))",
                Lasso.Fit(loaded, 0.1).Match(_ => "", e => e.Message));
            // Without a column list, a non-numeric column is an error that names its line and column.
            Assert.Equal($"{path}: line 2, column 'id': 'row0' is not a number", CsvDataset.LoadFeatures(path).Match(_ => "", e => e.Message));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToString_reads_as_a_sentence()
    {
        Assert.Equal(
            $"PenaltyGen.Models.Lasso (g(w) = 1·|w|, least squares): α = 0.05, {Model.NonZeroCount}/10 non-zero, intercept {Model.Intercept.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}; CoordinateDescent, {Model.Iterations} iterations, converged (duality gap {Model.DualityGap.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)})",
            Model.ToString());
    }
}

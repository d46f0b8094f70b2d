using MathNet.Numerics.LinearAlgebra;
using PenaltyGen.Data;
using Xunit;

namespace PenaltyGen.Tests.Data;

public class DatasetTests
{
    [Fact]
    public void From_rows_stores_column_major()
    {
        var d = Dataset.FromRows(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, [7, 8, 9], ["a", "b"]).ThrowIfFail();
        Assert.Equal(new double[] { 1, 3, 5, 2, 4, 6 }, d.Features.ToArray());
        Assert.Equal(new double[] { 2, 4, 6 }, d.Column(1).ToArray());
        Assert.Equal(4, d[1, 1]);
    }

    [Fact]
    public void From_a_mathnet_matrix_round_trips()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var d = Dataset.FromMatrix(x, Vector<double>.Build.Dense([5.0, 6.0])).ThrowIfFail();
        Assert.Equal(new[] { "x0", "x1" }, d.FeatureNames);
        Assert.Equal(x, d.FeatureMatrix());
        Assert.Equal(new[] { 5.0, 6.0 }, d.TargetVector().ToArray());
    }

    [Fact]
    public void The_caller_cannot_change_a_dataset_through_its_arrays()
    {
        var cm = new double[] { 1, 2 };
        var y = new double[] { 3, 4 };
        var d = Dataset.FromColumnMajor(cm, y, ["a"]).ThrowIfFail();
        cm[0] = 100;
        y[0] = 100;
        Assert.Equal(1, d[0, 0]);
        Assert.Equal(3, d.Target[0]);
    }

    [Theory]
    [InlineData(3, 2, "dataset: X has 3 rows but y has 2 values")]
    public void Mismatched_rows_are_named(int rows, int targets, string message)
    {
        var result = Dataset.FromRows(new double[rows, 1], new double[targets]);
        Assert.Equal(message, result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Non_finite_values_name_the_column_and_row()
    {
        var result = Dataset.FromRows(new double[,] { { 1, 2 }, { 3, double.NaN } }, [1, 2], ["a", "b"]);
        Assert.Equal("dataset, column 'b': row 1 holds NaN; values must be finite", result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Feature_name_count_must_match_columns()
    {
        var result = Dataset.FromRows(new double[2, 2], [1, 2], ["only"]);
        Assert.Equal("dataset: X has 2 columns but 1 feature names were given", result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Selecting_rows_keeps_their_order()
    {
        var d = Dataset.FromRows(new double[,] { { 1 }, { 2 }, { 3 } }, [10, 20, 30]).ThrowIfFail();
        var s = d.SelectRows([2, 0]);
        Assert.Equal(new[] { 3.0, 1 }, s.Features.ToArray());
        Assert.Equal(new[] { 30.0, 10 }, s.Target.ToArray());
    }
}

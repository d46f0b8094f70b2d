using System;
using System.IO;
using System.Linq;
using Xunit;

namespace PenaltyGen.Tests.Sparse;

/// <summary>The sparse loaders and builder: what they read, and every malformed input an error naming its line and problem.</summary>
public class SparseLoaderTests
{
    private static string Error<T>(LanguageExt.Fin<T> result) => result.Match(_ => "(no error)", e => e.Message);

    [Fact]
    public void LibSvm_reads_labels_entries_comments_and_qid()
    {
        var text = "# header comment\n1.5 1:2 3:4.5  # trailing\n\n-1 qid:3 2:1e-3\n0\n";
        var data = LibSvm.Read(new StringReader(text), source: "t.svm").ThrowIfFail();
        Assert.Equal((3, 3), (data.Rows, data.Columns));
        Assert.Equal([1.5, -1, 0], data.Target.ToArray());
        Assert.Equal(2, data[0, 0]);
        Assert.Equal(0, data[0, 1]);
        Assert.Equal(4.5, data[0, 2]);
        Assert.Equal(1e-3, data[1, 1]);
        Assert.Equal(["x1", "x2", "x3"], data.FeatureNames.ToArray());
        // A model's p: the file's largest index is 3, the model has 5 features.
        Assert.Equal(5, LibSvm.Read(new StringReader(text), features: 5).ThrowIfFail().Columns);
        Assert.Equal(2, LibSvm.Read(new StringReader("1 0:2 1:3\n"), zeroBased: true).ThrowIfFail().Columns);
    }

    [Theory]
    [InlineData("1 1:2\nx 2:3\n", "t.svm: line 2: the label 'x' is not a finite number (one numeric label per line; multi-label lines are not read)")]
    [InlineData("1 1:2\n1 2\n", "t.svm: line 2: '2' is not index:value")]
    [InlineData("1 a:2\n", "t.svm: line 1: 'a:2': the index is not a whole number")]
    [InlineData("1 0:2\n", "t.svm: line 1: '0:2': indices are 1-based (read a 0-based file with zeroBased: true)")]
    [InlineData("1 1:nan\n", "t.svm: line 1: '1:nan': the value is not a finite number")]
    [InlineData("1 3:1 2:1\n", "t.svm: line 1: index 2 follows index 3: indices must increase along a line")]
    [InlineData("1 2:1 2:1\n", "t.svm: line 1: index 2 follows index 2: indices must increase along a line")]
    [InlineData("# nothing\n\n", "t.svm: holds no samples")]
    [InlineData("1,2 1:1\n", "t.svm: line 1: the label '1,2' is not a finite number (one numeric label per line; multi-label lines are not read)")]
    public void LibSvm_errors_name_the_line(string text, string message) =>
        Assert.Equal(message, Error(LibSvm.Read(new StringReader(text), source: "t.svm")));

    [Fact]
    public void LibSvm_refuses_an_index_beyond_the_given_feature_count() =>
        Assert.Equal("t.svm: an entry has feature index 4, beyond the 3 features expected",
            Error(LibSvm.Read(new StringReader("1 4:1\n"), features: 3, source: "t.svm")));

    [Fact]
    public void LibSvm_and_Matrix_Market_name_a_folder_and_a_missing_file()
    {
        var folder = Path.GetTempPath();
        Assert.Equal($"{folder}: is a folder, not a file", Error(LibSvm.Load(folder)));
        Assert.Equal("no/such.mtx: file not found", Error(MatrixMarket.LoadFeatures("no/such.mtx")));
    }

    private static LanguageExt.Fin<Dataset> Mm(string features, string? target = null)
    {
        var dir = Directory.CreateTempSubdirectory("pg-mm").FullName;
        File.WriteAllText(Path.Combine(dir, "X.mtx"), features);
        if (target is null) return MatrixMarket.LoadFeatures(Path.Combine(dir, "X.mtx"));
        File.WriteAllText(Path.Combine(dir, "y.mtx"), target);
        return MatrixMarket.Load(Path.Combine(dir, "X.mtx"), Path.Combine(dir, "y.mtx"));
    }

    [Fact]
    public void Matrix_Market_reads_coordinate_pattern_symmetric_and_array_targets()
    {
        var data = Mm("%%MatrixMarket matrix coordinate real general\n% comment\n3 2 3\n1 1 2.5\n3 1 -1\n2 2 4\n",
            "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n").ThrowIfFail();
        Assert.Equal((3, 2), (data.Rows, data.Columns));
        Assert.Equal([2.5, 0, -1], new[] { data[0, 0], data[1, 0], data[2, 0] });
        Assert.Equal(4, data[1, 1]);
        Assert.Equal([1.0, 2, 3], data.Target.ToArray());
        var pattern = Mm("%%MatrixMarket matrix coordinate pattern symmetric\n2 2 2\n1 1\n2 1\n").ThrowIfFail();
        Assert.Equal([1.0, 1, 1, 0], new[] { pattern[0, 0], pattern[1, 0], pattern[0, 1], pattern[1, 1] });
    }

    [Theory]
    [InlineData("hello\n", ": line 1: is not a Matrix Market header ('%%MatrixMarket matrix coordinate real general')")]
    [InlineData("%%MatrixMarket matrix coordinate complex general\n1 1 0\n", ": line 1: the field 'complex' is not read (real, integer, or pattern for coordinate files)")]
    [InlineData("%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n", ": line 1: the symmetry 'hermitian' is not read (general or symmetric)")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2\n", ": line 2: the size line must hold rows, columns and entries as whole numbers")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", ": line 3: the row '3' is not within 1..2")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 0 1\n", ": line 3: the column '0' is not within 1..2")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 abc\n", ": line 3: the value 'abc' is not a finite number")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", ": line 3: an entry is row column value; the line holds 2 fields")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n", ": line 4: more entries than the 1 the size line announces")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n", ": holds 1 entries but the size line announces 3")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n1 1 2\n", ", column 'x1': row 0 is stored twice")]
    public void Matrix_Market_errors_name_the_line(string text, string message) =>
        Assert.EndsWith("X.mtx" + message, Error(Mm(text)));

    [Fact]
    public void Matrix_Market_refuses_a_target_of_the_wrong_shape()
    {
        const string x = "%%MatrixMarket matrix coordinate real general\n2 1 1\n1 1 1\n";
        Assert.Contains("y.mtx: holds 3 values but the features in", Error(Mm(x, "%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n")));
        Assert.Contains("y.mtx: is 2×2; a target is one column (n×1)", Error(Mm(x, "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n")));
    }

    [Fact]
    public void FromSparse_checks_the_structure_and_sorts_each_column()
    {
        string[] names = ["a", "b"];
        double[] y = [1, 2, 3];
        // Column b arrives unsorted (rows 2, 0), as scipy allows: it is sorted.
        var data = Dataset.FromSparse(3, [0, 1, 3], [1, 2, 0], [5.0, 7, 8], y, names).ThrowIfFail();
        Assert.Equal([0, 2], data.Sparse!.RowsOf(1).ToArray());
        Assert.Equal([8.0, 7], data.Sparse.ValuesOf(1).ToArray());
        Assert.Equal(new double[] { 0, 5, 0, 8, 0, 7 }, data.ToDense().Features.ToArray());
        Assert.Equal("dataset: the column starts hold 2 offsets but 2 columns need 3", Error(Dataset.FromSparse(3, [0, 1], [0], [1.0], y, names)));
        Assert.Equal("dataset: the column starts must run from 0 to the entry count 1 (they run from 0 to 2)", Error(Dataset.FromSparse(3, [0, 1, 2], [0], [1.0], y, names)));
        Assert.Equal("dataset, column 'b': an entry names row 3, outside 0..2", Error(Dataset.FromSparse(3, [0, 1, 2], [0, 3], [1.0, 1], y, names)));
        Assert.Equal("dataset, column 'a': row 0 holds NaN; values must be finite", Error(Dataset.FromSparse(3, [0, 1, 1], [0], [double.NaN], y, names)));
        Assert.Equal("dataset, column 'b': the name is used by columns 0 and 1", Error(Dataset.FromSparse(3, [0, 0, 0], [], [], y, ["b", "b"])));
        Assert.Equal("dataset: 3 rows but the target has 2 values", Error(Dataset.FromSparse(3, [0, 0, 0], [], [], [1.0, 2], names)));
        Assert.Throws<InvalidOperationException>(() => data.Column(0).Length);
    }

    [Fact]
    public void A_MathNet_sparse_matrix_stays_sparse_and_row_selection_keeps_the_entries()
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.SparseOfArray(new double[,] { { 1, 0 }, { 0, 2 }, { 3, 0 } });
        var data = Dataset.FromMatrix(m, MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense([1.0, 2, 3])).ThrowIfFail();
        Assert.True(data.IsSparse);
        Assert.Equal(3, data.Sparse!.NonZeros);
        Assert.Equal(m, data.FeatureMatrix());
        var picked = data.SelectRows([2, 0, 2]);
        Assert.Equal(new double[] { 3, 1, 3, 0, 0, 0 }, picked.ToDense().Features.ToArray());
        Assert.Equal([3.0, 1, 3], picked.Target.ToArray());
    }
}

using System.IO;
using System.Linq;
using PenaltyGen.Data;
using Xunit;

namespace PenaltyGen.Tests.Data;

public class CsvDatasetTests
{
    private static string ErrorOf(string csv, string target = "y") =>
        CsvDataset.Read(new StringReader(csv), target, "data.csv").Match(_ => "no error", e => e.Message);

    [Fact]
    public void Reads_features_column_major_and_leaves_the_target_out()
    {
        var d = CsvDataset.Read(new StringReader("a,y,b\n1,10,4\n2,20,5.5\n-3e-2,30,6\n"), "y", "t.csv").ThrowIfFail();
        Assert.Equal(3, d.Rows);
        Assert.Equal(new[] { "a", "b" }, d.FeatureNames);
        Assert.Equal("y", d.TargetName);
        Assert.Equal(new[] { 1, 2, -0.03, 4, 5.5, 6 }, d.Features.ToArray());
        Assert.Equal(new[] { 10.0, 20, 30 }, d.Target.ToArray());
    }

    [Theory]
    [InlineData("\n", true)]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]
    [InlineData("\r", true)]
    [InlineData("\n\n", true)]
    public void A_file_is_read_into_the_same_dataset_whatever_its_line_ends(string end, bool finalBreak)
    {
        // 2500 rows: past the first reservation of a stream (1024 rows), so the storage grows when the line count is
        // short (bare CR) and is compacted when it is long (blank lines); a whole line count gives the array itself.
        var rows = System.Linq.Enumerable.Range(0, 2500).Select(i => $"{i},{-i * 0.5},{i % 7}");
        var text = "a,b,y" + end + string.Join(end, rows) + (finalBreak ? end : "");
        var path = Path.Combine(Path.GetTempPath(), $"penaltygen-ends-{System.Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try
        {
            var d = CsvDataset.Load(path, "y").ThrowIfFail();
            Assert.Equal(2500, d.Rows);
            for (var i = 0; i < 2500; i += 499)
            {
                Assert.Equal(i, d[i, 0]);
                Assert.Equal(-i * 0.5, d[i, 1]);
                Assert.Equal(i % 7, d.Target[i]);
            }
            var streamed = CsvDataset.Read(new StringReader(text), "y").ThrowIfFail();
            Assert.Equal(d.Features.ToArray(), streamed.Features.ToArray());
            Assert.Equal(d.Target.ToArray(), streamed.Target.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Uses_the_invariant_culture_whatever_the_thread_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var d = CsvDataset.Read(new StringReader("x,y\n1.5,2.25\n"), "y").ThrowIfFail();
            Assert.Equal(1.5, d[0, 0]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("", "data.csv: the file is empty; expected a header row")]
    [InlineData("a,y\n", "data.csv: the file has a header but no data rows")]
    [InlineData("a,b\n1,2\n", "data.csv: line 1: there is no target column 'y'; the header has a, b")]
    [InlineData("a,y\n1,2\n3\n", "data.csv: line 3: the row has 1 fields but the header has 2")]
    [InlineData("a,y\n1,2\n3,4,5\n", "data.csv: line 3: the row has 3 fields but the header has 2")]
    [InlineData("a,y\n1,2\nabc,4\n", "data.csv: line 3, column 'a': 'abc' is not a number")]
    [InlineData("a,y\n1,2\n3,NaN\n", "data.csv: line 3, column 'y': 'NaN' is not a finite number")]
    [InlineData("a,y\n1,2\n-Infinity,4\n", "data.csv: line 3, column 'a': '-Infinity' is not a finite number")]
    [InlineData("a,y\n1,2\n1e999,4\n", "data.csv: line 3, column 'a': '1e999' is not a finite number")]
    [InlineData("a,y\n1,\n", "data.csv: line 2, column 'y': the cell is empty; expected a number")]
    [InlineData("a,a,y\n1,2,3\n", "data.csv: line 1, column 'a': the name appears twice (columns 1 and 2)")]
    [InlineData("y\n1\n", "data.csv: line 1: the only column is the target 'y'; there are no features")]
    public void Bad_files_are_errors_that_name_the_line_and_column(string csv, string message) =>
        Assert.Equal(message, ErrorOf(csv));

    [Fact]
    public void A_missing_file_is_an_error_that_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "penaltygen-no-such-file.csv");
        var message = CsvDataset.Load(path, "y").Match(_ => "", e => e.Message);
        Assert.Equal($"{path}: file not found", message);
    }

    [Fact]
    public void Loads_a_file_from_disk()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x1,x2,y\n1,2,3\n4,5,6\n");
            var d = CsvDataset.Load(path, "y").ThrowIfFail();
            Assert.Equal(new[] { 1.0, 4, 2, 5 }, d.Features.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

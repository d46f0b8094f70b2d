using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>
/// The command line attacked as a hostile user would (docs/inputs.md, "Hostile input"): locales, separators, names that
/// are not file names, overflow, degenerate ridge problems, bounds, truncated files. One row each.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly string Diabetes = CliTests.DiabetesCsv;
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileInputTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliTests.Run(args);

    private static T InCulture<T>(string culture, Func<T> body)
    {
        var (current, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return body();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (current, ui);
        }
    }

    /// <summary>The Diabetes table's columns <paramref name="pick"/> under new names, with the target, as a CSV.</summary>
    private string Csv(string name, string[] header, Func<double[], double[]> pick, int rows = 442)
    {
        var lines = File.ReadAllLines(Diabetes).Skip(1).Take(rows)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Select(v => string.Join(',', pick(v[..^1]).Append(v[^1]).Select(x => x.ToString("R", CultureInfo.InvariantCulture))));
        var path = Path.Combine(temp, name);
        File.WriteAllText(path, string.Join(',', header.Select(h => h.Contains(',', StringComparison.Ordinal) ? $"\"{h}\"" : h).Append("y")) + "\n" + string.Join("\n", lines) + "\n");
        return path;
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void Numbers_on_the_command_line_and_in_the_output_do_not_follow_the_locale(string culture)
    {
        string[] fit = ["fit", "--data", Diabetes, "--target", "target", "--model", "elasticnet", "--alpha", "0.1", "--l1-ratio", "0.25", "--tol", "1e-6"];
        var invariant = Run(fit);
        var local = InCulture(culture, () => Run(fit));
        Assert.Equal(0, local.Code);
        Assert.Equal(invariant.Out, local.Out);
        Assert.Contains("\"alpha\":0.1,\"l1_ratio\":0.25", local.Out, StringComparison.Ordinal);
        var table = InCulture(culture, () => Run([.. fit, "--format", "table"]));
        Assert.Equal(Run([.. fit, "--format", "table"]).Out, table.Out);
        Assert.StartsWith("elasticnet: alpha = 0.1, n_samples = 442, ", table.Out, StringComparison.Ordinal);

        // --test-size 0.25 is a quarter of the rows (111 of 442), not 25.
        var folder = Path.Combine(temp, "split-" + culture);
        var path = InCulture(culture, () => Run("path", "--data", Diabetes, "--target", "target", "--model", "lasso", "--alphas", "5", "--test-size", "0.25", "--out", folder));
        Assert.Equal(0, path.Code);
        Assert.Contains("\"test_rows\": 111", File.ReadAllText(Path.Combine(folder, "config.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alpha", "0,001", "error: --alpha '0,001': a ',' is not part of a number here (no decimal commas or thousands separators); write a '.' decimal point, e.g. 0.001 (try --help)")]
    [InlineData("--alpha", "1,000.5", "error: --alpha '1,000.5': a ',' is not part of a number here (no decimal commas or thousands separators); write a '.' decimal point, e.g. 1000.5 (try --help)")]
    [InlineData("--max-iter", "1,000", "error: --max-iter '1,000': a ',' is not part of a number here (no decimal commas or thousands separators); write digits only, e.g. 1000 (try --help)")]
    [InlineData("--tol", "NaN", "error: --tol 'NaN' must be a finite number (try --help)")]
    [InlineData("--alpha", "1e400", "error: --alpha '1e400' must be a finite number (try --help)")]
    [InlineData("--alpha", "0.1.2", "error: --alpha '0.1.2' is not a number (write it as 1e-3 or 0.001: a '.' decimal point, no separators) (try --help)")]
    [InlineData("--max-iter", "1e3", "error: --max-iter '1e3' is not a whole number in range (write it as digits, e.g. 100) (try --help)")]
    public void A_separator_or_a_non_finite_number_is_an_error_naming_the_option_in_every_locale(string option, string value, string message)
    {
        foreach (var culture in new[] { "de-DE", "fr-FR", "en-US" })
        {
            var (code, stdout, stderr) = InCulture(culture, () => Run("fit", "--data", Diabetes, "--target", "target", "--model", "lasso", option, value));
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Equal(message + Environment.NewLine, stderr);
        }
    }

    [Fact]
    public void Feature_names_become_safe_unique_file_names_and_stay_themselves_in_the_report()
    {
        string[] names = ["Sepal.Length..cm.", new string('w', 300), "a#b?c", "x/y", "..", "X/Y", "x,y", "Ünïcode"];
        var data = Csv("names.csv", names, v => v[..8]);
        var folder = Path.Combine(temp, "run");
        var (code, _, stderr) = Run("path", "--data", data, "--target", "y", "--model", "lasso", "--alphas", "5", "--out", folder);
        Assert.True(code == 0, stderr);
        var files = Directory.GetFiles(Path.Combine(folder, "lasso"), "coef_*.png").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "coef_Sepal_Length__cm_", "coef_X_Y_5", "coef_a_b_c", "coef_feature_4", "coef_" + new string('w', 40), "coef_x_y_3", "coef_x_y_6", "coef__n_code" }
            .Order(StringComparer.Ordinal), files);
        var header = File.ReadLines(Path.Combine(folder, "lasso", "metrics.csv")).First();
        Assert.Equal("alpha,train_r2,test_r2,intercept,Sepal.Length..cm.," + new string('w', 300) + ",a#b?c,x/y,..,X/Y,\"x,y\",Ünïcode", header);
        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Contains("coefficient of a#b?c", html, StringComparison.Ordinal);
        Assert.Contains("lasso/coef_a_b_c.png", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_byte_in_a_name_or_a_cell_is_an_error_with_the_byte_escaped()
    {
        var header = Path.Combine(temp, "nul-header.csv");
        File.WriteAllText(header, "a\0b,y\n1,2\n3,4\n");
        var (code, _, stderr) = Run("fit", "--data", header, "--target", "y", "--model", "lasso");
        Assert.Equal(2, code);
        Assert.Equal($"error: {header}: line 1, column 'a\\x00b': column 1's name holds a NUL byte (is this a binary file?){Environment.NewLine}", stderr);

        var cell = Path.Combine(temp, "nul-cell.csv");
        File.WriteAllText(cell, "a,y\n1,2\n2\0\0\0,4\n3,5\n");
        (code, _, stderr) = Run("fit", "--data", cell, "--target", "y", "--model", "lasso");
        Assert.Equal(2, code);
        Assert.Equal($"error: {cell}: line 3, column 'a': the cell holds a NUL byte (is this a binary file?){Environment.NewLine}", stderr);

        var bell = Path.Combine(temp, "bell.csv");
        File.WriteAllText(bell, "a,y\n1,2\n\u001b[31mred\a,4\n");
        (code, _, stderr) = Run("fit", "--data", bell, "--target", "y", "--model", "lasso");
        Assert.Equal(2, code);
        Assert.Equal($"error: {bell}: line 3, column 'a': '\\x1B[31mred\\x07' is not a number{Environment.NewLine}", stderr);
    }

    [Theory]
    [InlineData("duplicated")]
    [InlineData("constant")]
    [InlineData("wide")]
    public void Ridge_at_alpha_0_on_a_singular_problem_is_the_minimum_norm_least_squares_solution(string name)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliTests.Reference, "degenerate.json"))).RootElement.GetProperty(name);
        var data = name switch
        {
            "duplicated" => Csv("dup.csv", ["a", "b"], v => [v[2], v[2]]),
            "constant" => Csv("const.csv", ["a", "b", "c", "k"], v => [v[0], v[1], v[2], 1.0]),
            _ => Csv("wide.csv", ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"], v => v, rows: 8),
        };
        var (code, stdout, stderr) = Run("fit", "--data", data, "--target", "y", "--model", "ridge", "--alpha", "0");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        var e = expected.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var a = json.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var scale = e.Max(Math.Abs);
        for (var j = 0; j < e.Length; j++) Assert.True(Math.Abs(e[j] - a[j]) <= 1e-8 * scale, $"coef[{j}]: {a[j]} vs numpy lstsq {e[j]}");
        Assert.Equal(expected.GetProperty("intercept").GetDouble(), json.GetProperty("intercept").GetDouble(), 1e-8 * Math.Abs(expected.GetProperty("intercept").GetDouble()));
    }

    [Fact]
    public void Ridge_without_intercept_on_columns_of_mean_1e9_is_scikit_learns_svd_solution()
    {
        // X'X + I has condition ~1e20: Cholesky on it returned coefficients near 2e-9; the stacked QR/SVD keeps the digits.
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(CliTests.Reference, "degenerate.json"))).RootElement.GetProperty("uncentred");
        var (code, stdout, stderr) = Run("fit", "--data", Path.Combine(CliTests.Reference, "mean1e9.csv"), "--target", "y", "--model", "ridge", "--alpha", "1", "--no-intercept");
        Assert.True(code == 0, stderr);
        var e = expected.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var a = JsonDocument.Parse(stdout).RootElement.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var j = 0; j < e.Length; j++) Assert.True(Math.Abs(e[j] - a[j]) <= 1e-6 * e.Max(Math.Abs), $"coef[{j}]: {a[j]} vs scikit-learn {e[j]}");
    }

    [Fact]
    public void Values_whose_squares_overflow_are_an_error_naming_the_column()
    {
        var big = Csv("big.csv", ["a", "b", "c"], v => [v[0], v[1] * 1e306, v[2]]);
        var (code, stdout, stderr) = Run("fit", "--data", big, "--target", "y", "--model", "ridge", "--alpha", "1");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"error: data, column 'b': the sum of its squares overflows float64 (values near 1e154 or beyond): rescale the column{Environment.NewLine}", stderr);

        var target = Path.Combine(temp, "target.csv");
        File.WriteAllLines(target, File.ReadAllLines(Diabetes).Select((l, i) => i == 0 ? l : l[..(l.LastIndexOf(',') + 1)] + "1e300"));
        (code, _, stderr) = Run("cv", "--data", target, "--target", "target", "--model", "lasso", "--out", Path.Combine(temp, "cv"));
        Assert.Equal(2, code);
        Assert.Equal($"error: data, column 'target': the sum of its squares overflows float64 (values near 1e154 or beyond): rescale the column{Environment.NewLine}", stderr);
        Assert.False(Directory.Exists(Path.Combine(temp, "cv")));
    }

    [Theory]
    [InlineData("1.7e308", "error: sample_weight = 442 values is invalid: their sum overflows float64; rescale the weights")]
    [InlineData("5e-324", "error: sample_weight[0] = 5E-324 is invalid: is subnormal (below 2.2e-308): too small to compute with; rescale the weights")]
    public void Sample_weights_out_of_float64s_range_are_an_error(string weight, string message)
    {
        var data = Path.Combine(temp, "weights.csv");
        File.WriteAllLines(data, File.ReadAllLines(Diabetes).Select((l, i) => i == 0 ? l + ",w" : l + "," + weight));
        var (code, _, stderr) = Run("fit", "--data", data, "--target", "target", "--model", "lasso", "--sample-weight", "w");
        Assert.Equal(2, code);
        Assert.Equal(message + Environment.NewLine, stderr);
    }

    [Fact]
    public void A_C_so_small_that_alpha_overflows_names_C()
    {
        var (code, _, stderr) = Run("fit", "--data", Path.Combine(CliTests.Reference, "logistic.csv"), "--target", "label", "--model", "logistic", "--C", "5e-324");
        Assert.Equal(2, code);
        Assert.Equal($"error: --C = 5E-324 is invalid: is so small that α = 1/(C·n) overflows for n = 569; give C ≥ 9.78E-312{Environment.NewLine}", stderr);
    }

    [Theory]
    [InlineData("100000000", "error: --alphas = 100000000 is invalid: a grid has at most 10000 values (each fit keeps its coefficients)")]
    [InlineData("2147483648", "error: --alphas = 2147483648 is invalid: a grid has at most 10000 values (each fit keeps its coefficients)")]
    public void The_grid_is_bounded(string count, string message)
    {
        var (code, _, stderr) = Run("path", "--data", Diabetes, "--target", "target", "--model", "lasso", "--alphas", count, "--out", Path.Combine(temp, "run"));
        Assert.Equal(2, code);
        Assert.Equal(message + Environment.NewLine, stderr);
        Assert.Empty(Directory.GetFileSystemEntries(temp));
    }

    [Fact]
    public void A_wide_path_charts_the_50_largest_features_and_tables_them_all()
    {
        var names = Enumerable.Range(0, 60).Select(j => $"f{j}").ToArray();
        // Feature j is Diabetes column j mod 10 scaled by (j + 1): the largest coefficients belong to the last features.
        var data = Csv("wide60.csv", names, v => Enumerable.Range(0, 60).Select(j => v[j % 10] * (1 + j % 7) + 1e-3 * j).ToArray());
        var folder = Path.Combine(temp, "wide");
        var (code, _, stderr) = Run("path", "--data", data, "--target", "y", "--model", "lasso", "--alphas", "10", "--out", folder);
        Assert.True(code == 0, stderr);
        Assert.Equal(50, Directory.GetFiles(Path.Combine(folder, "lasso"), "coef_*.png").Length);
        Assert.Equal(64, File.ReadLines(Path.Combine(folder, "lasso", "metrics.csv")).First().Split(',').Length);
        Assert.True(File.Exists(Path.Combine(folder, "lasso", "coefficients.svg")));
    }

    [Fact]
    public void A_repeated_name_among_100000_columns_is_found_at_once()
    {
        var data = Path.Combine(temp, "many.csv");
        var header = string.Join(',', Enumerable.Range(0, 100_000).Select(j => $"c{j}").Append("c7"));
        File.WriteAllText(data, header + "\n" + string.Join(',', Enumerable.Repeat("1", 100_001)) + "\n");
        var (code, _, stderr) = Run("fit", "--data", data, "--target", "c0", "--model", "lasso");
        Assert.Equal(2, code);
        Assert.Equal($"error: {data}: line 1, column 'c7': the name appears twice (columns 8 and 100001){Environment.NewLine}", stderr);
    }

    [Fact]
    public void Small_things_are_named()
    {
        var (code, _, stderr) = Run("fit", "--data", temp, "--target", "y", "--model", "lasso");
        Assert.Equal(2, code);
        Assert.Equal($"error: {temp}: is a folder, not a file{Environment.NewLine}", stderr);

        (code, _, stderr) = Run("fit", "--data", Diabetes, "--target", "target", "--model", "lasso", "--groups", "0,0,1,1,2,2,3,3,4,4");
        Assert.Equal(2, code);
        Assert.StartsWith("error: groups = 10 values is invalid: do not apply to PenaltyGen.Models.Lasso", stderr, StringComparison.Ordinal);

        // One held-out row: R² is not defined (scikit-learn: nan and a warning).
        var folder = Path.Combine(temp, "one");
        string stdout;
        (code, stdout, stderr) = Run("path", "--data", Diabetes, "--target", "target", "--model", "lasso", "--alphas", "3", "--test-size", "0.002", "--out", folder);
        Assert.Equal(0, code);
        Assert.Contains("warning: the test part has 1 row: R² is not defined for fewer than two samples (nan, as scikit-learn); raise --test-size", stderr, StringComparison.Ordinal);
        Assert.Contains("no best alpha: the test R² is nan at every alpha", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_a_number_is_an_error_and_the_table_shows_the_rows_read()
    {
        var cut = Path.Combine(temp, "cut.csv");
        var text = File.ReadAllText(Diabetes).TrimEnd('\n');
        File.WriteAllText(cut, text[..(text.LastIndexOf('.') + 1)], new UTF8Encoding(false));
        var (code, _, stderr) = Run("fit", "--data", cut, "--target", "target", "--model", "lasso");
        Assert.Equal(2, code);
        Assert.Matches(@"^error: .*cut\.csv: the last line has no line break and ends inside a number \('-?\d+\.'\): the file looks cut off \(still being written\?\)\r?\n$", stderr);

        // A last line without a line break that ends in a whole number is read; the table says how many rows.
        var whole = Path.Combine(temp, "whole.csv");
        File.WriteAllText(whole, text);
        string stdout;
        (code, stdout, _) = Run("fit", "--data", whole, "--target", "target", "--model", "lasso", "--format", "table");
        Assert.Equal(0, code);
        Assert.Contains("n_samples = 442,", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_with_a_trailing_separator_is_the_folder_itself()
    {
        var folder = Path.Combine(temp, "slash");
        var (code, stdout, stderr) = Run("path", "--data", Diabetes, "--target", "target", "--model", "lasso", "--alphas", "3", "--out", folder + Path.DirectorySeparatorChar);
        Assert.True(code == 0, stderr);
        Assert.Contains($"run folder: {folder}{Environment.NewLine}", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "index.html")));
        Assert.Equal(new[] { folder }, Directory.GetDirectories(temp));
        Assert.Empty(Directory.GetDirectories(folder, "*.partial-*"));
    }

    [Fact]
    public void Cv_refuses_a_taken_out_before_any_fold_runs()
    {
        var folder = Path.Combine(temp, "taken");
        Directory.CreateDirectory(folder);
        var (code, stdout, stderr) = Run("cv", "--data", Diabetes, "--target", "target", "--model", "lasso", "--out", folder);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"error: {folder}: the output folder already exists; choose another --out or remove it{Environment.NewLine}", stderr);
    }

    [Fact]
    public void Default_run_folders_started_in_the_same_second_differ()
    {
        var names = Enumerable.Range(0, 200).Select(_ => CommandLine.DefaultOut("cv")).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches(@"^runs[/\\]cv-\d{8}-\d{6}-[0-9a-f]{6}$", n));
    }

    [Fact]
    public void A_failing_stdout_is_an_environment_failure_exit_3()
    {
        using var stderr = new StringWriter();
        var code = CommandLine.Run(["fit", "--data", Diabetes, "--target", "target", "--model", "lasso"], new FullWriter(), stderr);
        Assert.Equal(3, code);
        Assert.Equal($"error: environment: No space left on device{Environment.NewLine}", stderr.ToString());
    }

    /// <summary>A writer on a full device, as /dev/full: every write fails.</summary>
    private sealed class FullWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }
}

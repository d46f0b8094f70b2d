using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using PenaltyGen.Cli;
using Xunit;

namespace PenaltyGen.Cli.Tests;

/// <summary>The penaltygen commands, run in process on fixtures, against scikit-learn (tests/reference/cli.json).</summary>
public sealed class CliTests : IDisposable
{
    internal static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "reference");
    internal static readonly string DiabetesCsv = Path.Combine(Reference, "diabetes.csv");
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "cli.json"))).RootElement;
    private readonly string temp = Path.Combine(Path.GetTempPath(), "penaltygen-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(temp);

    public void Dispose() => Directory.Delete(temp, recursive: true);

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void AssertCoefficients(JsonElement expected, JsonElement actual, double relative)
    {
        var e = expected.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var a = actual.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var scale = e.Max(Math.Abs);
        for (var j = 0; j < e.Length; j++) Assert.True(Math.Abs(e[j] - a[j]) <= relative * scale, $"coef[{j}]: {a[j]} vs {e[j]}");
        Assert.Equal(expected.GetProperty("intercept").GetDouble(), actual.GetProperty("intercept").GetDouble(), Math.Abs(expected.GetProperty("intercept").GetDouble()) * relative + 1e-9);
    }

    [Theory]
    [InlineData("lasso", "0.1", "0.5")]
    [InlineData("elasticnet", "0.01", "0.5")]
    [InlineData("ridge", "1.0", "0.5")]
    public void Fit_prints_scikit_learns_coefficients_as_json(string model, string alpha, string ratio)
    {
        var (code, stdout, stderr) = Run(["fit", "--data", DiabetesCsv, "--target", "target", "--model", model, "--alpha", alpha, .. (model == "elasticnet" ? new[] { "--l1-ratio", ratio } : [])]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(new[] { "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6" }, json.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.True(json.GetProperty("converged").GetBoolean());
        var expected = Expected.GetProperty("fits").GetProperty(model);
        AssertCoefficients(expected, json, model == "ridge" ? 1e-9 : 1e-3);
        if (model != "ridge") Assert.Equal(expected.GetProperty("n_iter").GetInt32(), json.GetProperty("n_iter").GetInt32());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Penalty_factors_scaled_as_glmnet_give_glmnets_fit(bool fromFile)
    {
        // tests/reference/factors.json: glmnet 4.1's lasso with penalty.factor (generate.py factors).
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "factors.json"))).RootElement;
        var columns = fixture.GetProperty("X").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var y = fixture.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var csv = Path.Combine(temp, "factors.csv");
        File.WriteAllLines(csv, new[] { string.Join(",", columns.Select((_, j) => $"x{j}").Append("y")) }
            .Concat(y.Select((v, i) => string.Join(",", columns.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture)).Append(v.ToString("R", CultureInfo.InvariantCulture))))));
        var factors = string.Join(",", fixture.GetProperty("penalty_factors").EnumerateArray().Select(v => v.GetDouble().ToString("R", CultureInfo.InvariantCulture)));
        if (fromFile)
        {
            File.WriteAllText(Path.Combine(temp, "factors.txt"), factors.Replace(",", "\n", StringComparison.Ordinal));
            factors = Path.Combine(temp, "factors.txt");
        }
        var expected = fixture.GetProperty("fits")[0];
        var (code, stdout, stderr) = Run("fit", "--data", csv, "--target", "y", "--model", "lasso", "--alpha", "0.05", "--tol", "1e-14",
            "--max-iter", "1000000", "--penalty-factors", factors, "--penalty-factor-scaling", "glmnet");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        AssertCoefficients(expected, JsonDocument.Parse(stdout).RootElement, 1e-9);
    }

    [Theory]
    [InlineData("lasso", "0.1")]
    [InlineData("elasticnet", "0.01")]
    [InlineData("ridge", "1.0")]
    public void Positive_gives_scikit_learns_positive_fit(string model, string alpha)
    {
        // tests/reference/cli_positive.json: Lasso/ElasticNet/Ridge(positive=True) on the raw Diabetes table (generate.py cli-positive).
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "cli_positive.json"))).RootElement.GetProperty("fits").GetProperty(model);
        var (code, stdout, stderr) = Run(["fit", "--data", DiabetesCsv, "--target", "target", "--model", model, "--alpha", alpha, "--positive",
            "--tol", "1e-12", "--max-iter", "1000000", .. (model == "elasticnet" ? new[] { "--l1-ratio", "0.5" } : [])]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.All(json.GetProperty("coef").EnumerateArray(), w => Assert.True(w.GetDouble() >= 0));
        AssertCoefficients(expected, json, 1e-6);
    }

    [Fact]
    public void The_random_order_and_a_warm_start_reach_the_cyclic_fit()
    {
        string[] lasso = ["fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.1", "--tol", "1e-12", "--max-iter", "1000000"];
        var saved = Path.Combine(temp, "lasso.json");
        var (code, stdout, _) = Run([.. lasso, "--save", saved]);
        Assert.Equal(0, code);
        var cyclic = JsonDocument.Parse(stdout).RootElement;
        var (randomCode, randomOut, randomErr) = Run([.. lasso, "--selection", "random", "--selection-seed", "3"]);
        Assert.Equal((0, string.Empty), (randomCode, randomErr));
        var random = JsonDocument.Parse(randomOut).RootElement;
        Assert.NotEqual(cyclic.GetProperty("n_iter").GetInt32(), random.GetProperty("n_iter").GetInt32());
        AssertCoefficients(cyclic, random, 1e-8);
        // Started at its own solution, the fit certifies it after one sweep.
        var (warmCode, warmOut, warmErr) = Run([.. lasso, "--warm-start", saved]);
        Assert.Equal((0, string.Empty), (warmCode, warmErr));
        var warm = JsonDocument.Parse(warmOut).RootElement;
        Assert.Equal(1, warm.GetProperty("n_iter").GetInt32());
        AssertCoefficients(cyclic, warm, 1e-12);
    }

    [Theory]
    [InlineData("--selection-seed", "3", "--selection-seed = 3 is invalid: applies to --selection random only (the cyclic order uses no random numbers)")]
    [InlineData("--selection", "shuffled", "--selection = shuffled is invalid: must be cyclic or random")]
    public void Bad_selection_options_are_named(string option, string value, string message)
    {
        var (code, _, stderr) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", option, value);
        Assert.Equal(2, code);
        Assert.Equal("error: " + message, stderr.Trim());
    }

    [Fact]
    public void Positive_is_refused_where_scikit_learn_has_no_such_option()
    {
        var (code, _, stderr) = Run("fit", "--data", Path.Combine(Reference, "logistic.csv"), "--target", "label", "--model", "logistic", "--positive");
        Assert.Equal(2, code);
        Assert.Equal("error: --positive = true is invalid: applies to --model lasso, elasticnet and ridge (scikit-learn's positive=True), not to logistic", stderr.Trim());
    }

    [Theory]
    [InlineData("1,2", "--penalty-factors = 1,2 is invalid: 2 factors for 10 features; give one per feature, in column order")]
    [InlineData("1,x,1,1,1,1,1,1,1,1", "--penalty-factors = 1,x,1,1,1,1,1,1,1,1 is invalid: 'x' is not a number; give one factor per feature, like 1,1,0.5")]
    [InlineData("1,-1,1,1,1,1,1,1,1,1", "penalty_factors[1] (sex) = -1 is invalid: must be a finite number ≥ 0")]
    public void Bad_penalty_factors_are_named(string factors, string message)
    {
        var (code, _, stderr) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--penalty-factors", factors);
        Assert.Equal(2, code);
        Assert.Equal("error: " + message, stderr.Trim());
    }

    [Fact]
    public void Logistic_takes_penalty_and_C_like_scikit_learn()
    {
        var (code, stdout, _) = Run("fit", "--data", Path.Combine(Reference, "logistic.csv"), "--target", "label", "--model", "logistic",
            "--penalty", "l1", "--C", "0.5", "--tol", "1e-11", "--max-iter", "100000");
        Assert.Equal(0, code);
        AssertCoefficients(Expected.GetProperty("logistic_l1_C0.5"), JsonDocument.Parse(stdout).RootElement, 1e-6);
    }

    [Fact]
    public void Logistic_takes_sample_weights_like_scikit_learn()
    {
        var (code, stdout, _) = Run("fit", "--data", Path.Combine(Reference, "logistic_weighted.csv"), "--target", "label", "--model", "logistic",
            "--penalty", "l1", "--C", "0.5", "--sample-weight", "weight", "--tol", "1e-11", "--max-iter", "100000");
        Assert.Equal(0, code);
        AssertCoefficients(Expected.GetProperty("logistic_l1_C0.5_weighted"), JsonDocument.Parse(stdout).RootElement, 1e-6);
    }

    [Fact]
    public void Table_format_is_for_people()
    {
        var (code, stdout, _) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.1", "--format", "table");
        Assert.Equal(0, code);
        Assert.StartsWith("lasso: alpha = 0.1, n_samples = 442, 10/10 non-zero, 538 iterations (CoordinateDescent), converged", stdout, StringComparison.Ordinal);
        Assert.Contains("\nbmi ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_convergence_is_a_warning_and_exit_0()
    {
        var (code, stdout, stderr) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.0001", "--max-iter", "2");
        Assert.Equal(0, code);
        Assert.StartsWith("warning: Objective did not converge after 2 iterations.", stderr, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(stdout).RootElement.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Path_writes_the_run_folder_with_scikit_learns_grid()
    {
        var folder = Path.Combine(temp, "run");
        var (code, stdout, stderr) = Run("path", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alphas", "20", "--out", folder);
        Assert.Equal(0, code);
        Assert.Contains("path: 20/20 alphas fitted", stderr, StringComparison.Ordinal);
        Assert.Contains($"run folder: {folder}", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(folder, "lasso", "metrics.csv"));
        Assert.Equal("alpha,train_r2,test_r2,intercept,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6", lines[0]);
        var alphas = lines.Skip(1).Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        var grid = Expected.GetProperty("path_grid_train").EnumerateArray().Select(v => v.GetDouble()).Reverse().ToArray();
        Assert.Equal(20, alphas.Length);
        for (var i = 0; i < 20; i++) Assert.Equal(grid[i], alphas[i], grid[i] * 1e-12);
        Assert.True(File.Exists(Path.Combine(folder, "index.html")));
        Assert.True(File.Exists(Path.Combine(folder, "lasso", "coefficients.png")));
    }

    [Fact]
    public void Path_with_test_size_0_fits_every_row_as_lasso_path_and_scores_only_them()
    {
        var folder = Path.Combine(temp, "all");
        var (code, stdout, stderr) = Run("path", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alphas", "20", "--test-size", "0", "--out", folder);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(Path.Combine(folder, "lasso", "metrics.csv"));
        Assert.Equal("alpha,train_r2,intercept,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6", lines[0]);
        // Every row in file order: the library's path on the whole CSV, fit for fit (the smallest α is the first line).
        var data = CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail();
        var path = Models.Lasso.Path(data, Models.Lasso.AlphaGrid(data, 20, 1e-3).ThrowIfFail()).ThrowIfFail();
        var smallest = path.Fits.MinBy(f => f.Alpha)!;
        var first = lines[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(smallest.Alpha, first[0]);
        Assert.Equal(smallest.Score(data).ThrowIfFail(), first[1]);
        Assert.Equal(smallest.Coefficients.ToArray(), first[3..]);
        Assert.Contains("no held-out rows (--test-size 0): train R² ", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr.Split('\n').Where(l => l.StartsWith("warning", StringComparison.Ordinal)).FirstOrDefault() ?? "");
        var seeded = Run("path", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--test-size", "0", "--seed", "3", "--out", Path.Combine(temp, "seeded"));
        Assert.Equal(2, seeded.Code);
        Assert.Equal("error: --seed = 3 is invalid: applies only to a split; --test-size 0 fits every row", seeded.Err.Trim());
        Assert.False(Directory.Exists(Path.Combine(temp, "seeded")));
    }

    [Fact]
    public void Cv_over_a_list_of_l1_ratios_picks_elasticnetcvs_ratio_and_alpha()
    {
        // The library's ElasticNetCV over ratios is held to scikit-learn in CrossValidationTests; the command must give it.
        var data = CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail();
        var expected = Models.ElasticNet.CrossValidate(data, new CrossValidationOptions { AlphaCount = 30, L1Ratios = [0.1, 0.5, 0.9, 1.0] },
            new FitOptions { Tol = 1e-10, MaxIterations = 1_000_000 }).ThrowIfFail();
        var (code, stdout, stderr) = Run("cv", "--data", DiabetesCsv, "--target", "target", "--model", "elasticnet", "--l1-ratios", "0.1,0.5,0.9,1",
            "--alphas", "30", "--folds", "5", "--tol", "1e-10", "--max-iter", "1000000", "--out", Path.Combine(temp, "ratios"));
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(expected.L1Ratio, json.GetProperty("l1_ratio").GetDouble());
        Assert.Equal(expected.AlphaMin, json.GetProperty("alpha_min").GetDouble());
        Assert.Equal(expected.ByL1Ratio.Select(e => e.AlphaMin), json.GetProperty("l1_ratios").EnumerateArray().Select(e => e.GetProperty("alpha_min").GetDouble()));
        Assert.Equal(4, json.GetProperty("l1_ratios").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(temp, "ratios", "cv", "l1_ratios.csv")));
        var both = Run("cv", "--data", DiabetesCsv, "--target", "target", "--model", "elasticnet", "--l1-ratios", "0.1,1", "--l1-ratio", "0.5", "--out", Path.Combine(temp, "both"));
        Assert.Equal("error: --l1-ratio = 0.5 is invalid: does not apply with --l1-ratios, which cross-validates each ratio; give one of them", both.Err.Trim());
        var lasso = Run("cv", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--l1-ratios", "0.1,1", "--out", Path.Combine(temp, "lasso"));
        Assert.Equal("error: --l1-ratios = 0.1,1 is invalid: applies to --model elasticnet and to --model linear|logistic|multinomial|poisson --penalty elasticnet only", lasso.Err.Trim());
    }

    [Fact]
    public void Text_labels_are_fitted_saved_and_predicted_in_the_users_words()
    {
        var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "labels.json"))).RootElement;
        var words = labels.GetProperty("text_labels").EnumerateArray().Select(v => v.GetString()!).ToArray();
        var rows = File.ReadAllLines(Path.Combine(Reference, "logistic.csv"));
        var csv = Path.Combine(temp, "words.csv");
        File.WriteAllLines(csv, [rows[0].Replace(",label", ",answer", StringComparison.Ordinal),
            .. rows.Skip(1).Select((line, i) => line[..line.LastIndexOf(',')] + "," + words[i])]);
        var model = Path.Combine(temp, "words.json");
        var (code, stdout, stderr) = Run("fit", "--data", csv, "--target", "answer", "--model", "logistic", "--C", "1", "--tol", "1e-10", "--save", model);
        Assert.True(code == 0, stderr);
        Assert.Equal(["no", "yes"], JsonDocument.Parse(stdout).RootElement.GetProperty("classes").EnumerateArray().Select(v => v.GetString()!));
        var predicted = Run("predict", "--model", model, "--data", csv);
        Assert.Equal(0, predicted.Code);
        var lines = predicted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(labels.GetProperty("text_predict").EnumerateArray().Select(v => v.GetString()!), lines[1..].Select(l => l.Split(',')[0]));
        var regression = Run("fit", "--data", csv, "--target", "answer", "--model", "lasso");
        Assert.Equal(2, regression.Code);
        Assert.Contains("holds class labels (no, yes), not numbers", regression.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Poisson_with_an_offset_column_gives_glmnets_fit()
    {
        var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "poisson.json"))).RootElement;
        var x = fixture.GetProperty("X").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var (y, offset) = (fixture.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray(), fixture.GetProperty("offset").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        var csv = Path.Combine(temp, "counts.csv");
        File.WriteAllLines(csv, [string.Join(",", Enumerable.Range(0, x.Length).Select(j => $"x{j}")) + ",logexp,count",
            .. y.Select((v, i) => string.Join(",", x.Select(c => c[i].ToString("R", CultureInfo.InvariantCulture))) + "," + offset[i].ToString("R", CultureInfo.InvariantCulture) + "," + v.ToString("R", CultureInfo.InvariantCulture))]);
        var expected = fixture.GetProperty("glmnet").EnumerateArray().Last(e => e.GetProperty("case").GetString() == "offset");
        var lambda = expected.GetProperty("lambda").GetDouble().ToString("R", CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = Run("fit", "--data", csv, "--target", "count", "--model", "poisson", "--penalty", "l1", "--alpha", lambda,
            "--offset", "logexp", "--tol", "1e-12");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(8, json.GetProperty("features").GetArrayLength());
        AssertCoefficients(expected, json, 1e-6);
        var negative = Run("fit", "--data", csv, "--target", "logexp", "--model", "poisson");
        Assert.Equal(2, negative.Code);
        Assert.Contains("the Poisson loss takes counts ≥ 0", negative.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Standardize_gives_the_librarys_standardized_fit()
    {
        var (code, stdout, stderr) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "1", "--standardize", "--tol", "1e-10");
        Assert.True(code == 0, stderr);
        var data = CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail();
        var fit = Models.Lasso.Fit(data, 1.0, new FitOptions { Standardize = true, Tol = 1e-10 }).ThrowIfFail();
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(fit.Coefficients.ToArray(), json.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(fit.Intercept, json.GetProperty("intercept").GetDouble());
        var raw = Models.Lasso.Fit(data, 1.0, new FitOptions { Tol = 1e-10 }).ThrowIfFail();
        Assert.NotEqual(raw.Coefficients.ToArray(), fit.Coefficients.ToArray());
    }

    [Fact]
    public void Relax_gives_the_librarys_relaxed_fit_and_path()
    {
        var data = CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail();
        var options = new FitOptions { Tol = 1e-10 };
        var (code, stdout, stderr) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.5", "--relax", "0", "--tol", "1e-10");
        Assert.True(code == 0, stderr);
        var expected = Paths.Relaxation.Relax(data, Models.Lasso.Fit(data, 0.5, options).ThrowIfFail(), 0.0, options).ThrowIfFail();
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(expected.Coefficients.ToArray(), json.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(0.0, json.GetProperty("relax_gamma").GetDouble());
        var folder = Path.Combine(temp, "relaxed");
        Assert.Equal(0, Run("path", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alphas", "5", "--test-size", "0", "--relax", "0.5", "--out", folder).Code);
        var grid = Models.Lasso.AlphaGrid(data, 5, 1e-3).ThrowIfFail();
        var path = Paths.Relaxation.Relax(data, Models.Lasso.Path(data, grid).ThrowIfFail(), 0.5).ThrowIfFail();
        var smallest = File.ReadAllLines(Path.Combine(folder, "lasso", "metrics.csv"))[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(path.Fits.MinBy(f => f.Alpha)!.Coefficients.ToArray(), smallest[3..]);
        var (cvCode, cvOut, cvErr) = Run("cv", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alphas", "10", "--gammas", "0,0.5,1",
            "--tol", "1e-10", "--out", Path.Combine(temp, "relaxed-cv"));
        Assert.True(cvCode == 0, cvErr);
        var library = Models.Lasso.CrossValidate(data, new CrossValidationOptions { AlphaCount = 10, Gammas = [0, 0.5, 1] }, options).ThrowIfFail();
        var cvJson = JsonDocument.Parse(cvOut).RootElement;
        Assert.Equal(library.Gamma, cvJson.GetProperty("gamma").GetDouble());
        Assert.Equal(library.AlphaMin, cvJson.GetProperty("alpha_min").GetDouble());
        Assert.Equal(3, cvJson.GetProperty("gammas").GetArrayLength());
        var bad = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--relax", "2");
        Assert.Equal("error: --relax = 2 is invalid: must lie in [0, 1] (glmnet's gamma)", bad.Err.Trim());
    }

    [Fact]
    public void Cv_finds_scikit_learns_lassocv_alpha_and_the_one_se_alpha()
    {
        var folder = Path.Combine(temp, "cv");
        var (code, stdout, _) = Run("cv", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--folds", "5", "--alphas", "50",
            "--tol", "1e-10", "--max-iter", "100000", "--out", folder);
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(Expected.GetProperty("lassocv").GetProperty("alpha").GetDouble(), json.GetProperty("alpha_min").GetDouble(), 1e-12);
        var mse = Expected.GetProperty("lassocv").GetProperty("mse_mean").EnumerateArray().Select(v => v.GetDouble()).Min();
        Assert.Equal(mse, json.GetProperty("cv_mse_min").GetDouble(), mse * 1e-6);
        Assert.True(json.GetProperty("alpha_1se").GetDouble() >= json.GetProperty("alpha_min").GetDouble());
        Assert.True(File.Exists(Path.Combine(folder, "cv", "curve.png")));
        Assert.True(File.Exists(Path.Combine(folder, "cv", "curve.csv")));
    }

    [Fact]
    public void Sample_weights_come_from_a_column_and_leave_the_features()
    {
        var lines = File.ReadAllLines(DiabetesCsv);
        var csv = Path.Combine(temp, "weighted.csv");
        File.WriteAllLines(csv, lines.Select((l, i) => i == 0 ? l + ",w" : l + "," + (0.5 + i % 3).ToString(CultureInfo.InvariantCulture)));
        var (code, stdout, stderr) = Run("fit", "--data", csv, "--target", "target", "--model", "lasso", "--alpha", "0.1", "--sample-weight", "w");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.DoesNotContain("w", json.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        var data = PenaltyGen.CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail();
        var weights = Enumerable.Range(1, data.Rows).Select(i => 0.5 + i % 3).ToArray();
        var expected = PenaltyGen.Models.Lasso.Fit(data, 0.1, new PenaltyGen.FitOptions { SampleWeights = [.. weights] }).ThrowIfFail();
        Assert.Equal(expected.Coefficients.AsSpan().ToArray(), json.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray());

        var (pathCode, _, _) = Run("path", "--data", csv, "--target", "target", "--model", "lasso", "--alphas", "5", "--sample-weight", "w", "--out", Path.Combine(temp, "wp"));
        Assert.Equal(0, pathCode);
        var (cvCode, _, _) = Run("cv", "--data", csv, "--target", "target", "--model", "lasso", "--alphas", "5", "--folds", "3", "--sample-weight", "w", "--out", Path.Combine(temp, "wcv"));
        Assert.Equal(0, cvCode);
        var (missing, _, error) = Run("fit", "--data", csv, "--target", "target", "--model", "lasso", "--sample-weight", "weight");
        Assert.Equal(2, missing);
        Assert.Equal("error: dataset, column 'weight': there is no such column; the features are age, sex, bmi, bp, s1, s2, s3, s4, s5, s6, w" + Environment.NewLine, error);
    }

    [Fact]
    public void Help_shows_the_command_users_type()
    {
        var (code, stdout, _) = Run("fit", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:" + Environment.NewLine + "  penaltygen fit [options]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_lasso_takes_its_groups_from_the_command_line()
    {
        var (code, stdout, _) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "grouplasso", "--groups", "0,0,1,1,1,2,2,2,2,3", "--alpha", "1");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("Fista", json.GetProperty("solver").GetString());
        Assert.True(json.GetProperty("converged").GetBoolean());
        var (bad, _, error) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "grouplasso", "--groups", "0,x");
        Assert.Equal(2, bad);
        Assert.Equal("error: --groups = 0,x is invalid: 'x' is not a group id; give one integer per feature, like 0,0,1,1" + Environment.NewLine, error);
        var (missing, _, why) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "grouplasso");
        Assert.Equal(2, missing);
        Assert.Equal("error: --groups = (missing) is invalid: --model grouplasso needs one group id per feature (10), like 0,0,1,1,1" + Environment.NewLine, why);
        var (tooFew, _, count) = Run("path", "--data", DiabetesCsv, "--target", "target", "--model", "grouplasso", "--groups", "0,0,1", "--out", Path.Combine(temp, "never"));
        Assert.Equal(2, tooFew);
        Assert.Equal("error: --groups = 0,0,1 is invalid: 3 group ids for 10 features; give one per feature, in column order" + Environment.NewLine, count);
        Assert.False(Directory.Exists(Path.Combine(temp, "never")));
    }

    [Fact]
    public void Logistic_path_and_cv_run_on_the_grid_and_score_accuracy_and_log_loss()
    {
        var csv = Path.Combine(Reference, "logistic.csv");
        var folder = Path.Combine(temp, "logistic-path");
        var (code, stdout, _) = Run("path", "--data", csv, "--target", "label", "--model", "logistic", "--penalty", "l1", "--alphas", "10", "--out", folder);
        Assert.Equal(0, code);
        Assert.StartsWith("best test accuracy ", stdout, StringComparison.Ordinal);
        Assert.Equal("alpha,train_accuracy,test_accuracy,intercept,f0,f1,f2,f3,f4,f5,f6,f7", File.ReadLines(Path.Combine(folder, "logistic", "metrics.csv")).First());

        var (cvCode, cvOut, _) = Run("cv", "--data", csv, "--target", "label", "--model", "logistic", "--penalty", "elasticnet", "--alphas", "10", "--folds", "3", "--out", Path.Combine(temp, "logistic-cv"));
        Assert.Equal(0, cvCode);
        var json = JsonDocument.Parse(cvOut).RootElement;
        Assert.Equal("log_loss", json.GetProperty("metric").GetString());
        Assert.True(json.GetProperty("alpha_1se").GetDouble() >= json.GetProperty("alpha_min").GetDouble());
    }

    [Theory]
    [InlineData(new[] { "fit", "--data", "MISSING", "--target", "target", "--model", "lasso" }, "error: MISSING: file not found")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "nope", "--model", "lasso" }, "error: DIABETES: line 1: there is no target column 'nope'; the header has age, sex, bmi, bp, s1, s2, s3, s4, s5, s6, target")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "svm" }, "error: --model = svm is invalid: must be lasso, ridge, elasticnet, grouplasso, linear, logistic, multinomial or poisson")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--alpha", "-1" }, "error: alpha = -1 is invalid: must be a finite number ≥ 0")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "elasticnet", "--l1-ratio", "2" }, "error: --l1-ratio = 2 is invalid: must lie in [0, 1]")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--tol", "0" }, "error: tol = 0 is invalid: must be a finite number > 0")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "logistic", "--C", "0" }, "error: --C = 0 is invalid: must be a finite number > 0")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "logistic" }, "error: dataset, column 'target': row 2 holds 141, a third class after 151 and 75; the logistic loss takes two classes")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target" }, "error: Option '--model' is required. (try --help)")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--l1-ratio", "0.9" }, "error: --l1-ratio = 0.9 is invalid: applies to --model elasticnet and to --model linear|logistic|multinomial|poisson --penalty elasticnet only")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "ridge", "--penalty", "l1" }, "error: --penalty = l1 is invalid: applies to --model linear, logistic, multinomial and poisson only; --model ridge names its penalty itself")]
    [InlineData(new[] { "fit", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--C", "2" }, "error: --C = 2 is invalid: applies to --model logistic and multinomial only; --model lasso takes --alpha")]
    [InlineData(new[] { "fit", "--data", "LOGISTIC", "--target", "label", "--model", "logistic", "--alpha", "0.1" }, "error: --alpha = 0.1 is invalid: does not apply to --model logistic, whose strength is --C (α = 1/(C·n))")]
    [InlineData(new[] { "cv", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--groups", "0,0,1,1,2,2,3,3,4,4" }, "error: groups = 10 values is invalid: do not apply to PenaltyGen.Models.Lasso: its penalty g(w) = 1·|w| has no [GroupL2] term; leave them unset")]
    [InlineData(new[] { "cv", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--folds", "1" }, "error: --folds = 1 is invalid: must lie between 2 and the number of rows (442)")]
    [InlineData(new[] { "path", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--test-size", "1.5", "--out", "OUT" }, "error: test_size = 1.5 is invalid: must lie strictly between 0 and 1")]
    [InlineData(new[] { "path", "--data", "DIABETES", "--target", "target", "--model", "lasso", "--alphas", "0.1,x", "--out", "OUT" }, "error: --alphas = 0.1,x is invalid: 'x' is not a finite number ≥ 0; give N or a list like 0.1,0.01")]
    [InlineData(new[] { "path", "--data", "DIABETES", "--target", "target", "--model", "ridge", "--out", "OUT" }, "error: alphas = automatic is invalid: the penalty g(w) = 0.5·w² has no finite α_max on these data (α_max = +∞); give the grid explicitly")]
    public void Bad_input_is_one_error_line_exit_2_and_no_folder(string[] args, string message)
    {
        var missing = Path.Combine(temp, "missing.csv");
        var output = Path.Combine(temp, "out");
        var resolved = args.Select(a => a switch { "MISSING" => missing, "DIABETES" => DiabetesCsv, "LOGISTIC" => Path.Combine(Reference, "logistic.csv"), "OUT" => output, _ => a }).ToArray();
        var (code, stdout, stderr) = Run(resolved);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var expected = message.Replace("MISSING", missing, StringComparison.Ordinal).Replace("DIABETES", DiabetesCsv, StringComparison.Ordinal);
        Assert.Equal(expected + Environment.NewLine, stderr);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(temp));
    }

    [Fact]
    public void An_existing_out_folder_is_refused_and_kept()
    {
        var folder = Path.Combine(temp, "exists");
        Directory.CreateDirectory(folder);
        var (code, _, stderr) = Run("path", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--out", folder);
        Assert.Equal(2, code);
        Assert.Equal($"error: {folder}: the output folder already exists; choose another --out or remove it{Environment.NewLine}", stderr);
    }

    /// <summary>The Diabetes CSV with its feature columns in reverse order, an id column first, and no target.</summary>
    private string ReversedCsv(Func<int, int, string, string>? cell = null)
    {
        var lines = File.ReadAllLines(DiabetesCsv);
        var path = Path.Combine(temp, "new.csv");
        File.WriteAllLines(path, lines.Select((line, i) =>
        {
            var fields = line.Split(',');
            var features = fields[..^1].Select((v, j) => cell?.Invoke(i, j, v) ?? v).Reverse();
            return string.Join(',', new[] { i == 0 ? "id" : $"row{i}" }.Concat(features));
        }));
        return path;
    }

    [Fact]
    public void Fit_save_then_predict_gives_the_models_predictions_whatever_the_column_order()
    {
        var model = Path.Combine(temp, "model.json");
        var (code, _, stderr) = Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.1", "--save", model);
        Assert.Equal((0, string.Empty), (code, stderr));
        var fit = Fit.Load(model).ThrowIfFail();
        Assert.Equal("PenaltyGen.Models.Lasso", fit.Model);
        var expected = fit.Predict(CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail()).ThrowIfFail();

        var (predictCode, stdout, predictErr) = Run("predict", "--model", model, "--data", ReversedCsv());
        Assert.Equal((0, string.Empty), (predictCode, predictErr));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("prediction", lines[0]);
        Assert.Equal(expected.Select(v => v.ToString("R", CultureInfo.InvariantCulture)), lines[1..]);

        var output = Path.Combine(temp, "predictions.csv");
        var (outCode, outStdout, _) = Run("predict", "--model", model, "--data", DiabetesCsv, "--out", output);
        Assert.Equal((0, string.Empty), (outCode, outStdout));
        Assert.Equal(stdout, File.ReadAllText(output));
    }

    [Fact]
    public void A_logistic_model_predicts_classes_and_probabilities()
    {
        var csv = Path.Combine(Reference, "logistic.csv");
        var model = Path.Combine(temp, "logistic.json");
        Assert.Equal(0, Run("fit", "--data", csv, "--target", "label", "--model", "logistic", "--penalty", "l1", "--C", "1", "--save", model).Code);
        var (code, stdout, _) = Run("predict", "--model", model, "--data", csv);
        Assert.Equal(0, code);
        var fit = Fit.Load(model).ThrowIfFail();
        var data = CsvDataset.Load(csv, "label").ThrowIfFail();
        var classes = fit.Predict(data).ThrowIfFail();
        var probabilities = fit.PredictProbability(data).ThrowIfFail();
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("prediction,probability", lines[0]);
        Assert.Equal(classes.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c:R},{probabilities[i]:R}")), lines[1..]);
    }

    [Fact]
    public void Cv_save_writes_the_model_refitted_at_alpha_min()
    {
        var model = Path.Combine(temp, "best.json");
        var (code, stdout, _) = Run("cv", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--folds", "5", "--alphas", "20",
            "--out", Path.Combine(temp, "cv"), "--save", model);
        Assert.Equal(0, code);
        var alphaMin = JsonDocument.Parse(stdout).RootElement.GetProperty("alpha_min").GetDouble();
        Assert.Equal(alphaMin, Fit.Load(model).ThrowIfFail().Alpha);
    }

    /// <summary>The Diabetes CSV with a "fold" column (ids 1–4, or one non-integer at data row 3) before the target.</summary>
    private string CsvWithFolds(bool bad = false)
    {
        var path = Path.Combine(temp, "folds.csv");
        File.WriteAllLines(path, File.ReadAllLines(DiabetesCsv).Select((line, i) =>
        {
            var fields = line.Split(',');
            var fold = i == 0 ? "fold" : bad && i == 3 ? "2.5" : (i % 4 + 1).ToString(CultureInfo.InvariantCulture);
            return string.Join(',', fields[..^1].Append(fold).Append(fields[^1]));
        }));
        return path;
    }

    [Fact]
    public void Cv_shuffled_folds_and_fold_ids_are_the_librarys()
    {
        var data = CsvDataset.Load(DiabetesCsv, "target").ThrowIfFail();
        double AlphaMin(params string[] args)
        {
            var (code, stdout, stderr) = Run(["cv", "--target", "target", "--model", "lasso", "--alphas", "20", "--out", Path.Combine(temp, Guid.NewGuid().ToString("N")), .. args]);
            Assert.True(code == 0, stderr);
            return JsonDocument.Parse(stdout).RootElement.GetProperty("alpha_min").GetDouble();
        }
        var grid = Models.Lasso.AlphaGrid(data, 20).ThrowIfFail();
        var shuffled = Models.Lasso.CrossValidate(data, new CrossValidationOptions { Alphas = grid, Shuffle = true, Seed = 7 }).ThrowIfFail();
        Assert.Equal(shuffled.AlphaMin, AlphaMin("--data", DiabetesCsv, "--shuffle", "--shuffle-seed", "7"));
        var ids = Enumerable.Range(1, data.Rows).Select(i => i % 4 + 1).ToArray();
        var byId = Models.Lasso.CrossValidate(data, new CrossValidationOptions { Alphas = grid, FoldIds = [.. ids] }).ThrowIfFail();
        Assert.Equal(byId.AlphaMin, AlphaMin("--data", CsvWithFolds(), "--fold-ids", "fold"));
    }

    [Theory]
    [InlineData(new[] { "--shuffle-seed", "3" }, "error: --shuffle-seed = 3 is invalid: applies only with --shuffle")]
    [InlineData(new[] { "--fold-ids", "fold", "--folds", "4" }, "error: --folds = 4 is invalid: does not apply with --fold-ids, which name the folds themselves")]
    [InlineData(new[] { "--fold-ids", "fold", "--shuffle" }, "error: --shuffle = true is invalid: does not apply with --fold-ids, which assign every row its fold")]
    [InlineData(new[] { "--fold-ids", "fold", "BAD" }, "error: FOLDS: line 4, column 'fold': '2.5' is not a fold id; --fold-ids needs an integer per row")]
    [InlineData(new[] { "--fold-ids", "nope" }, "error: dataset, column 'nope': there is no such column; the features are age, sex, bmi, bp, s1, s2, s3, s4, s5, s6, fold")]
    public void Cv_fold_option_errors_name_the_option(string[] extra, string message)
    {
        var csv = CsvWithFolds(bad: extra.Contains("BAD"));
        var (code, stdout, stderr) = Run(["cv", "--data", csv, "--target", "target", "--model", "lasso", "--alphas", "5", "--out", Path.Combine(temp, "cv"), .. extra.Where(a => a != "BAD")]);
        Assert.Equal((2, string.Empty), (code, stdout));
        Assert.Equal(message.Replace("FOLDS", csv, StringComparison.Ordinal) + Environment.NewLine, stderr);
        Assert.False(Directory.Exists(Path.Combine(temp, "cv")));
    }

    [Theory]
    [InlineData("missing column", "error: NEW: line 1, column 'sex': is missing; the header has id, s6, s5, s4, s3, s2, s1, bp, age")]
    [InlineData("not a number", "error: NEW: line 3, column 's1': 'x' is not a number")]
    [InlineData("bad model", "error: MODEL: line 5: is not a complete JSON document (truncated or damaged?):")]
    [InlineData("no model", "error: MODEL: file not found")]
    [InlineData("no folder", "error: OUT: cannot be written: the folder")]
    public void Predict_errors_are_one_line_exit_2_and_nothing_written(string what, string message)
    {
        var model = Path.Combine(temp, "model.json");
        Run("fit", "--data", DiabetesCsv, "--target", "target", "--model", "lasso", "--alpha", "0.1", "--save", model);
        var csv = what switch
        {
            "not a number" => ReversedCsv((i, j, v) => i == 2 && j == 4 ? "x" : v),
            _ => ReversedCsv(),
        };
        if (what == "missing column")
            File.WriteAllLines(csv, File.ReadAllLines(csv).Select(l => string.Join(',', l.Split(',').Where((_, k) => k is not (8 or 9)))));
        if (what == "bad model") File.WriteAllText(model, File.ReadAllText(model)[..100]);
        if (what == "no model") File.Delete(model);
        var output = what == "no folder" ? Path.Combine(temp, "nowhere", "p.csv") : Path.Combine(temp, "p.csv");
        var (code, stdout, stderr) = Run("predict", "--model", model, "--data", csv, "--out", output);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message.Replace("NEW", csv, StringComparison.Ordinal).Replace("MODEL", model, StringComparison.Ordinal).Replace("OUT", output, StringComparison.Ordinal),
            stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (var command in new[] { "fit", "path", "cv", "predict" })
        {
            var (code, stdout, _) = Run(command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("--data", stdout, StringComparison.Ordinal);
        }
    }
}

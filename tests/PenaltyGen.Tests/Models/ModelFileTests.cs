using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CsCheck;
using PenaltyGen.Data;
using PenaltyGen.Models;
using Xunit;

namespace PenaltyGen.Tests.Models;

/// <summary>Saved models: bit-exact round trips, the model's identity, and every way a file can be wrong.</summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("penaltygen-model-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(string name) => Path.Combine(folder, name);

    private static Fit Lasso01() => Lasso.Fit(Diabetes.Load(), 0.1).ThrowIfFail();

    private static void AssertSameBits(Fit expected, Fit actual)
    {
        Assert.Equal(expected.Coefficients.Select(BitConverter.DoubleToInt64Bits), actual.Coefficients.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Intercept), BitConverter.DoubleToInt64Bits(actual.Intercept));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Alpha), BitConverter.DoubleToInt64Bits(actual.Alpha));
        Assert.Equal(expected.FeatureNames.ToArray(), actual.FeatureNames.ToArray());
        Assert.Equal((expected.Model, expected.Formula, expected.L1Ratio, expected.TargetName, expected.Loss, expected.Solver),
            (actual.Model, actual.Formula, actual.L1Ratio, actual.TargetName, actual.Loss, actual.Solver));
        Assert.Equal((expected.Iterations, expected.Converged, expected.Warning), (actual.Iterations, actual.Converged, actual.Warning));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.DualityGap), BitConverter.DoubleToInt64Bits(actual.DualityGap));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.KktResidual), BitConverter.DoubleToInt64Bits(actual.KktResidual));
    }

    [Fact]
    public void A_saved_fit_loads_back_bit_for_bit_with_its_identity()
    {
        var fit = ElasticNet.Fit(Diabetes.Load(), 0.01, new FitOptions { L1Ratio = 0.7 }).ThrowIfFail();
        fit.Save(File("enet.json")).ThrowIfFail();
        var loaded = Fit.Load(File("enet.json")).ThrowIfFail();
        AssertSameBits(fit, loaded);
        Assert.Equal("PenaltyGen.Models.ElasticNet", loaded.Model);
        Assert.Equal(0.7, loaded.L1Ratio);
        Assert.Equal("target", loaded.TargetName);
        Assert.Equal(fit.Predict(Diabetes.Load()).ThrowIfFail(), loaded.Predict(Diabetes.Load()).ThrowIfFail());
        var json = System.IO.File.ReadAllText(File("enet.json"));
        Assert.Contains("\"format_version\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"loss\": \"least_squares\"", json, StringComparison.Ordinal);
        Assert.Contains("\"solver\": \"coordinate_descent\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"penaltygen_version\": \"{ModelFile.LibraryVersion}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_logistic_fit_without_a_duality_gap_round_trips()
    {
        var x = new double[,] { { 0.1, 1 }, { 0.9, -1 }, { 0.4, 0.3 }, { 0.8, -0.2 }, { 0.2, 0.9 }, { 0.7, 0.1 } };
        var data = Dataset.FromRows(x, [0, 1, 0, 1, 0, 1]).ThrowIfFail();
        var fit = Lasso.Fit(data, 0.01, new FitOptions { Loss = LossKind.Logistic }).ThrowIfFail();
        Assert.True(double.IsNaN(fit.DualityGap));
        fit.Save(File("logistic.json")).ThrowIfFail();
        AssertSameBits(fit, Fit.Load(File("logistic.json")).ThrowIfFail());
    }

    [Fact]
    public void Any_doubles_round_trip_exactly() =>
        Gen.Double.Where(double.IsFinite).Array[1, 12].Sample(values =>
        {
            var fit = Lasso01() with
            {
                Coefficients = [.. values],
                FeatureNames = [.. values.Select((_, j) => $"f{j}")],
                Intercept = values[0] / 3,
                Alpha = Math.Abs(values[^1]),
            };
            AssertSameBits(fit, ModelFile.FromJson(ModelFile.ToJson(fit)).ThrowIfFail());
        });

    [Fact]
    public void Negative_zero_and_subnormals_keep_their_bits()
    {
        var fit = Lasso01() with { Coefficients = [-0.0, double.Epsilon, -double.Epsilon, 2.2250738585072009E-308, double.MaxValue, 0.1, 1e-300, -7.0, 1 / 3.0, Math.PI] };
        AssertSameBits(fit, ModelFile.FromJson(ModelFile.ToJson(fit)).ThrowIfFail());
    }

    [Fact]
    public void A_models_own_Load_refuses_another_models_file()
    {
        Ridge.Fit(Diabetes.Load(), 1.0).ThrowIfFail().Save(File("ridge.json")).ThrowIfFail();
        Assert.Equal($"{File("ridge.json")}: holds a fit of 'PenaltyGen.Models.Ridge', not of 'PenaltyGen.Models.Lasso'; load it with Fit.Load or PenaltyGen.Models.Ridge.Load",
            Lasso.Load(File("ridge.json")).Match(_ => "", e => e.Message));
        Assert.True(Ridge.Load(File("ridge.json")).IsSucc);
    }

    public static TheoryData<string, Func<string, string>, string> BadFiles => new()
    {
        { "another format version", j => j.Replace("\"format_version\": 1", "\"format_version\": 2", StringComparison.Ordinal),
            $"has format_version 2; PenaltyGen {ModelFile.LibraryVersion} reads format version 1 (the file says it was written by PenaltyGen {ModelFile.LibraryVersion})" },
        { "truncated", j => j[..(j.Length / 2)], "is not a complete JSON document (truncated or damaged?):" },
        { "an edited coefficient", j => Regex.Replace(j, "(\"coefficients\": \\[\\s*)[-0-9.Ee+]+", "${1}12.5"),
            "does not match its checksum: a value was changed after the model was saved; save the model again from its fit" },
        { "a coefficient too few", j => Regex.Replace(j, "(\"coefficients\": \\[\\s*)[-0-9.Ee+]+,", "$1"),
            "field 'coefficients' has 9 values but 'features' names 10; the file was altered or written by something else" },
        { "a missing field", j => j.Replace("\"intercept\"", "\"intercep\"", StringComparison.Ordinal), "field 'intercept' is missing" },
        { "a string for a number", j => Regex.Replace(j, "\"alpha\": [-0-9.Ee+]+", "\"alpha\": \"0.1\""), "field 'alpha' must be a finite number" },
        { "an unknown loss", j => j.Replace("least_squares", "gamma", StringComparison.Ordinal), "field 'loss' is \"gamma\"; expected \"least_squares\", \"logistic\", \"poisson\" or \"multinomial\"" },
        { "a duplicated feature", j => j.Replace("\"sex\"", "\"age\"", StringComparison.Ordinal), "field 'features': 'age' appears twice (positions 0 and 1)" },
        { "not a model file", _ => "{\"hello\": 1}", "is not a PenaltyGen model file: its 'format' field is not \"penaltygen-model\"" },
        { "not an object", _ => "[1, 2]", "is not a PenaltyGen model file: expected one JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_damaged_file_is_an_error_that_names_the_file_and_the_problem(string what, Func<string, string> damage, string problem)
    {
        var path = File(what.Replace(' ', '-') + ".json");
        System.IO.File.WriteAllText(path, damage(ModelFile.ToJson(Lasso01())));
        var message = Fit.Load(path).Match(_ => "(loaded)", e => e.Message);
        Assert.StartsWith($"{path}: ", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_folder_is_an_error_and_nothing_is_written()
    {
        Assert.Equal($"{File("none.json")}: file not found", Fit.Load(File("none.json")).Match(_ => "", e => e.Message));
        var target = Path.Combine(folder, "no-such-folder", "model.json");
        Assert.Equal($"{target}: cannot be written: the folder {Path.GetDirectoryName(target)} does not exist",
            Lasso01().Save(target).Match(_ => "", e => e.Message));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Saving_over_a_file_replaces_it_whole_and_leaves_no_temporary_file()
    {
        System.IO.File.WriteAllText(File("model.json"), "old");
        Lasso01().Save(File("model.json")).ThrowIfFail();
        Assert.True(Fit.Load(File("model.json")).IsSucc);
        Assert.Equal(["model.json"], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
    }
}

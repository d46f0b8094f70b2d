using System;
using System.IO;
using LanguageExt;
using PenaltyGen.Errors;

namespace PenaltyGen.Cli;

/// <summary>
/// The row formats --data takes, by extension: CSV (a header; --target names the target column), LibSVM / SVMlight
/// (<c>.svm</c>, <c>.libsvm</c>, <c>.svmlight</c>: the label is the target) and Matrix Market (<c>.mtx</c>: --target names
/// the target's own .mtx file). The two sparse formats give sparse features.
/// </summary>
internal static class DataFiles
{
    private static bool IsLibSvm(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".svm" or ".libsvm" or ".svmlight";

    private static bool IsMatrixMarket(string path) => Path.GetExtension(path).Equals(".mtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rows to fit, with their target.</summary>
    public static Fin<Dataset> Load(string path, string? target)
    {
        if (IsLibSvm(path))
            return target is null ? LibSvm.Load(path) : new ParameterError("--target", target, "does not apply to a LibSVM file, whose labels are the target; leave it unset");
        if (target is null)
            return new ParameterError("--target", "(missing)", IsMatrixMarket(path)
                ? "names the target's Matrix Market file (n×1); it is required with a Matrix Market --data"
                : "names the target column; it is required with --data");
        return IsMatrixMarket(path) ? MatrixMarket.Load(path, target) : CsvDataset.Load(path, target);
    }

    /// <summary>Rows to predict: a CSV's model columns by name, or a sparse file's features (p taken from the model, named x1 … xp).</summary>
    public static Fin<Dataset> LoadFeatures(string path, Fit fit) =>
        IsLibSvm(path) ? LibSvm.Load(path, fit.FeatureNames.Length)
        : IsMatrixMarket(path) ? MatrixMarket.LoadFeatures(path)
        : CsvDataset.LoadFeatures(path, fit.FeatureNames);
}

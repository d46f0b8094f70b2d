using System.Collections.Generic;
using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Emit;

/// <summary>The entry points on the model type: Fit, Path, AlphaGrid, CrossValidate and Load, forwarding to the generic pipeline.</summary>
internal static partial class PenaltyEmitter
{
    /// <summary>Static entry points on the model type that forward to the generic pipeline with its penalty.</summary>
    private static void EmitFittingSurface(CodeWriter w, string generatedCode)
    {
        const string Fin = "global::LanguageExt.Fin";
        const string Data = "global::PenaltyGen.Dataset";
        const string Options = "global::PenaltyGen.FitOptions";
        const string DataDoc = "/// <param name=\"data\">Training data: features and a target column.</param>";
        const string OptionsDoc = "/// <param name=\"options\">Loss, solver and data options; scikit-learn's defaults (<c>FitOptions.Default</c>) when null.</param>";

        w.Line("/// <summary>Fits the model at strength <paramref name=\"alpha\"/>.</summary>");
        w.Line(DataDoc);
        w.Line("/// <param name=\"alpha\">The strength α ≥ 0, in scikit-learn's units for this penalty (<c>alpha</c>).</param>");
        w.Line(OptionsDoc);
        w.Line("/// <returns>The fit, or an error value that names the parameter, row or column at fault.</returns>");
        w.Line(generatedCode);
        w.Line($"public static {Fin}<global::PenaltyGen.Fit> {GeneratedMembers.Fit}({Data} data, double alpha, {Options}? options = null) =>");
        w.Line("    global::PenaltyGen.Solvers.Estimator.Fit<Penalty>(data, alpha, options);");
        w.Line();
        w.Line("/// <summary>Fits the model at the strength declared on its attributes (<c>Alpha = …</c>; 1 when none).</summary>");
        w.Line(DataDoc);
        w.Line(OptionsDoc);
        w.Line("/// <returns>The fit, or an error value that names the parameter, row or column at fault.</returns>");
        w.Line(generatedCode);
        w.Line($"public static {Fin}<global::PenaltyGen.Fit> {GeneratedMembers.Fit}({Data} data, {Options}? options = null) =>");
        w.Line("    global::PenaltyGen.Solvers.Estimator.Fit<Penalty>(data, Penalty.DefaultAlpha, options);");
        w.Line();
        w.Line("/// <summary>Fits a regularization path from the largest α down, each fit warm-started from the previous one.</summary>");
        w.Line(DataDoc);
        w.Line("/// <param name=\"alphas\">The strengths, in any order (fits come back in this order); scikit-learn's 100-value grid when null.</param>");
        w.Line(OptionsDoc);
        w.Line("/// <param name=\"progress\">Called after each fit with (fits done, fits in all); may be null.</param>");
        w.Line("/// <returns>The path (one fit per α), or an error value.</returns>");
        w.Line(generatedCode);
        w.Line($"public static {Fin}<global::PenaltyGen.RegularizationPath> {GeneratedMembers.Path}({Data} data, global::System.Collections.Generic.IReadOnlyList<double>? alphas = null, {Options}? options = null, global::System.Action<int, int>? progress = null) =>");
        w.Line("    global::PenaltyGen.Paths.RegularizationPaths.Fit<Penalty>(data, alphas, options, progress);");
        w.Line();
        w.Line("/// <summary>scikit-learn's α grid for this penalty on <paramref name=\"data\"/>: α_max down to α_max·eps, evenly spaced in log, descending.</summary>");
        w.Line(DataDoc);
        w.Line("/// <param name=\"count\">Number of values (scikit-learn's <c>n_alphas</c>), ≥ 1.</param>");
        w.Line("/// <param name=\"eps\">α_min / α_max, in (0, 1).</param>");
        w.Line(OptionsDoc);
        w.Line("/// <returns>The grid, or an error value (e.g. when the penalty has no finite α_max).</returns>");
        w.Line(generatedCode);
        w.Line($"public static {Fin}<global::System.Collections.Immutable.ImmutableArray<double>> {GeneratedMembers.AlphaGrid}({Data} data, int count = 100, double eps = 1e-3, {Options}? options = null) =>");
        w.Line("    global::PenaltyGen.Paths.RegularizationPaths.AlphaGrid<Penalty>(data, options, count, eps);");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// K-fold cross-validation over an α grid (scikit-learn's ElasticNetCV, glmnet's cv.glmnet): the mean held-out error");
        w.Line("/// per α with its standard error, α_min, α_1se, and the model refitted on all of <paramref name=\"data\"/> at α_min.");
        w.Line("/// </summary>");
        w.Line(DataDoc);
        w.Line("/// <param name=\"cv\">Folds (KFold by default; shuffled with a seed, or given per row) and the grid; <c>CrossValidationOptions.Default</c> when null.</param>");
        w.Line(OptionsDoc);
        w.Line("/// <returns>The cross-validation curve and the refitted model, or an error value.</returns>");
        w.Line(generatedCode);
        w.Line($"public static {Fin}<global::PenaltyGen.CrossValidationResult> {GeneratedMembers.CrossValidate}({Data} data, global::PenaltyGen.CrossValidationOptions? cv = null, {Options}? options = null) =>");
        w.Line("    global::PenaltyGen.Validation.CrossValidation.Run<Penalty>(data, cv, options);");
        w.Line();
        w.Line("/// <summary>Reads a model this type saved with <c>Fit.Save</c>; a file of another model, format version or an altered file is an error.</summary>");
        w.Line("/// <param name=\"path\">The JSON file written by <c>Fit.Save</c>.</param>");
        w.Line("/// <returns>The fit, bit for bit as saved, or an error value that names the file and the problem.</returns>");
        w.Line(generatedCode);
        w.Line($"public static {Fin}<global::PenaltyGen.Fit> {GeneratedMembers.Load}(string path) =>");
        w.Line("    global::PenaltyGen.ModelFile.Load<Penalty>(path);");
        w.Line();
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;

namespace PenaltyGen.Cli;

/// <summary>
/// A scikit-learn estimator named on the command line, resolved to a built-in generated model, the
/// options it needs (loss, l1_ratio) and the strength in the library's terms.
/// lasso/ridge/elasticnet take scikit-learn's alpha and l1_ratio; logistic and multinomial take penalty, C and l1_ratio,
/// with α = 1/(C·n) on the (1/n)Σℓ objective; linear (least squares) and poisson take penalty, alpha and l1_ratio —
/// linear also MCP and SCAD (ncvreg's penalties, --gamma).
/// </summary>
internal sealed record ModelChoice(
    string Name,
    FitOptions Options,
    Func<Dataset, double, FitOptions, Fin<Fit>> FitAt,
    Func<Dataset, IReadOnlyList<double>, FitOptions, Action<int, int>?, Fin<RegularizationPath>> PathOver,
    Func<Dataset, int, double, FitOptions, Fin<ImmutableArray<double>>> Grid,
    Func<Dataset, CrossValidationOptions, FitOptions, Fin<CrossValidationResult>> CrossValidate)
{
    /// <summary>The fit from statistics (<see cref="Statistics.StatisticsFits"/>) with the same penalty.</summary>
    public Func<Statistics.GramStatistics, double, FitOptions, Fin<Fit>> FitStatistics { get; init; } = (_, _, _) => throw new InvalidOperationException("set by For");

    /// <summary>The path from statistics over the given alphas (null: the grid of count values down to eps·α_max).</summary>
    public Func<Statistics.GramStatistics, IReadOnlyList<double>?, int, double, FitOptions, Fin<RegularizationPath>> PathStatistics { get; init; } =
        (_, _, _, _, _) => throw new InvalidOperationException("set by For");

    /// <summary>The logistic or Poisson fit streamed from a chunk source, one pass per Newton step (<see cref="Statistics.StreamingFits"/>).</summary>
    public Func<Statistics.ChunkSource, double, FitOptions, Fin<Fit>> FitStreamed { get; init; } = (_, _, _) => throw new InvalidOperationException("set by For");

    /// <summary>The logistic or Poisson path streamed from a chunk source (alphas null: the grid of count values down to eps·α_max).</summary>
    public Func<Statistics.ChunkSource, IReadOnlyList<double>?, int, double, FitOptions, Action<int, int>?, Fin<Statistics.StreamedPath>> PathStreamed { get; init; } =
        (_, _, _, _, _, _) => throw new InvalidOperationException("set by For");

    /// <summary>The logistic or Poisson cross-validation streamed from a chunk source whose column (the string) names each row's fold.</summary>
    public Func<Statistics.ChunkSource, string, CrossValidationOptions, FitOptions, Fin<CrossValidationResult>> CrossValidateStreamed { get; init; } =
        (_, _, _, _) => throw new InvalidOperationException("set by For");

    /// <summary>Cross-validation with each part of statistics held out in turn.</summary>
    public Func<IReadOnlyList<Statistics.GramStatistics>, CrossValidationOptions, FitOptions, Fin<CrossValidationResult>> CrossValidateStatistics { get; init; } =
        (_, _, _) => throw new InvalidOperationException("set by For");

    public bool IsClassifier => Options.Loss is LossKind.Logistic or LossKind.Multinomial;

    public string ScoreName => IsClassifier ? "accuracy" : Options.Loss == LossKind.Poisson ? "d2" : "r2";

    public string ScoreLabel => IsClassifier ? "accuracy" : Options.Loss == LossKind.Poisson ? "D²" : "R²";

    /// <summary>Whether --model names a generalized linear model, whose penalty --penalty names.</summary>
    public static bool IsGlm(string model) => model is "linear" or "logistic" or "multinomial" or "poisson";

    /// <summary>The choice of a built-in model: the generic pipeline with its generated penalty.</summary>
    private static ModelChoice For<TPenalty>(string name, FitOptions options) where TPenalty : struct, IPenalty =>
        new(name, options, Estimator.Fit<TPenalty>, RegularizationPaths.Fit<TPenalty>,
            (d, n, e, o) => RegularizationPaths.AlphaGrid<TPenalty>(d, o, n, e),
            (d, cv, o) => Validation.CrossValidation.Run<TPenalty>(d, cv, o))
        {
            FitStatistics = Statistics.StatisticsFits.Fit<TPenalty>,
            PathStatistics = (s, alphas, n, e, o) => Statistics.StatisticsFits.Path<TPenalty>(s, alphas, o, n, e),
            CrossValidateStatistics = Statistics.StatisticsFits.CrossValidate<TPenalty>,
            FitStreamed = (source, alpha, o) => o.Loss switch
            {
                LossKind.Logistic => Statistics.StreamingFits.Fit<TPenalty, Logistic>(source, alpha, o),
                LossKind.Poisson => Statistics.StreamingFits.Fit<TPenalty, Poisson>(source, alpha, o),
                _ => new ParameterError("--model", name, "is not streamed: --sql and Parquet fit least squares from their statistics, and the logistic and Poisson losses by one pass per Newton step"),
            },
            CrossValidateStreamed = (source, folds, cv, o) => o.Loss switch
            {
                LossKind.Logistic => Statistics.StreamingValidation.CrossValidate<TPenalty, Logistic>(source, folds, cv, o),
                LossKind.Poisson => Statistics.StreamingValidation.CrossValidate<TPenalty, Poisson>(source, folds, cv, o),
                _ => new ParameterError("--model", name, "is not streamed: --sql and Parquet fit least squares from their statistics, and the logistic and Poisson losses by one pass per Newton step"),
            },
            PathStreamed = (source, alphas, n, e, o, progress) => o.Loss switch
            {
                LossKind.Logistic => Statistics.StreamingFits.Path<TPenalty, Logistic>(source, alphas, o, n, e, progress),
                LossKind.Poisson => Statistics.StreamingFits.Path<TPenalty, Poisson>(source, alphas, o, n, e, progress),
                _ => new ParameterError("--model", name, "is not streamed: --sql and Parquet fit least squares from their statistics, and the logistic and Poisson losses by one pass per Newton step"),
            },
        };

    /// <summary>
    /// The built-in model for --model, --penalty and --l1-ratio. An option the model would not read (--penalty off
    /// logistic, --l1-ratio off elasticnet and the logistic elastic net) is an error, never silently ignored.
    /// </summary>
    /// <param name="model">--model.</param>
    /// <param name="penalty">--penalty (logistic).</param>
    /// <param name="l1Ratio">--l1-ratio.</param>
    /// <param name="options">The options the other flags made.</param>
    /// <param name="positive">--positive: scikit-learn's positive=True (lasso, elasticnet, ridge).</param>
    public static Fin<ModelChoice> Resolve(string model, string? penalty, double? l1Ratio, FitOptions options, bool positive = false)
    {
        if (positive && model is not ("lasso" or "elasticnet" or "ridge"))
            return new ParameterError("--positive", "true", $"applies to --model lasso, elasticnet and ridge (scikit-learn's positive=True), not to {model}");
        if (l1Ratio is { } given && !(given >= 0 && given <= 1))
            return new ParameterError("--l1-ratio", given.ToString("R", CultureInfo.InvariantCulture), "must lie in [0, 1]");
        if (penalty is not null && !IsGlm(model))
            return new ParameterError("--penalty", penalty, $"applies to --model linear, logistic, multinomial and poisson only; --model {model} names its penalty itself");
        if (options.Concavity is { } gamma && penalty is not ("mcp" or "scad"))
            return new ParameterError("--gamma", gamma.ToString("R", CultureInfo.InvariantCulture), "applies to --penalty mcp and scad only (MCP's γ, SCAD's a)");
        if (options.Multinomial == MultinomialType.Grouped && model != "multinomial")
            return new ParameterError("--grouped", "true", $"applies to --model multinomial only (glmnet's type.multinomial = \"grouped\"), not to {model}");
        var readsRatio = model == "elasticnet" || (IsGlm(model) && penalty == "elasticnet");
        if (l1Ratio is { } ignored && !readsRatio && (model is "lasso" or "ridge" or "grouplasso" || IsGlm(model)))
            return new ParameterError("--l1-ratio", ignored.ToString("R", CultureInfo.InvariantCulture), "applies to --model elasticnet and to --model linear|logistic|multinomial|poisson --penalty elasticnet only");
        var ratio = l1Ratio ?? 0.5;
        var lasso = For<Lasso.Penalty>(model, options);
        var enet = For<ElasticNet.Penalty>(model, options with { L1Ratio = ratio });
        switch (model)
        {
            case "lasso" when positive: return For<NonNegativeLasso.Penalty>(model, options);
            case "elasticnet" when positive: return For<NonNegativeElasticNet.Penalty>(model, options with { L1Ratio = ratio });
            case "ridge" when positive: return For<NonNegativeRidge.Penalty>(model, options);
            case "lasso": return lasso;
            case "elasticnet": return enet;
            case "grouplasso": return For<GroupLasso.Penalty>(model, options);
            case "ridge": return For<Ridge.Penalty>(model, options);
            // LogisticRegression's and PoissonRegressor's default penalty is l2; glmnet's families are the lasso/elastic net.
            case "logistic": return WithLoss(LossKind.Logistic);
            case "poisson": return WithLoss(LossKind.Poisson);
            case "multinomial": return WithLoss(LossKind.Multinomial);
            case "linear": return WithLoss(LossKind.LeastSquares);
            default:
                return new ParameterError("--model", model, "must be lasso, ridge, elasticnet, grouplasso, linear, logistic, multinomial or poisson");
        }

        // A generalized linear model: its loss with the --penalty it names (the elastic net's ratio 0 for l2).
        Fin<ModelChoice> WithLoss(LossKind loss)
        {
            var glm = options with { Loss = loss };
            return (penalty ?? "l2") switch
            {
                "l1" => lasso with { Options = glm },
                "l2" => enet with { Options = glm with { L1Ratio = 0 } },
                "elasticnet" => enet with { Options = glm with { L1Ratio = ratio } },
                // ncvreg's nonconvex penalties: the library refuses them off least squares with its own message.
                "mcp" => For<Mcp.Penalty>(model, glm),
                "scad" => For<Scad.Penalty>(model, glm),
                _ => new ParameterError("--penalty", penalty ?? "l2", "must be l1, l2, elasticnet, mcp or scad"),
            };
        }
    }
}

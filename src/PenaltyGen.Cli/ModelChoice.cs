using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Fits;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;

namespace PenaltyGen.Cli;

/// <summary>
/// A scikit-learn estimator named on the command line, resolved to a built-in generated model, the
/// options it needs (loss, l1_ratio) and the strength in the library's terms.
/// lasso/ridge/elasticnet take scikit-learn's alpha and l1_ratio; logistic takes penalty, C and l1_ratio,
/// with α = 1/(C·n) on the (1/n)Σℓ objective.
/// </summary>
internal sealed record ModelChoice(
    string Name,
    FitOptions Options,
    Func<Dataset, double, FitOptions, Fin<Fit>> FitAt,
    Func<Dataset, IReadOnlyList<double>, FitOptions, Action<int, int>?, Fin<RegularizationPath>> PathOver,
    Func<Dataset, int, double, FitOptions, Fin<ImmutableArray<double>>> Grid)
{
    public bool IsClassifier => Options.Loss == LossKind.Logistic;

    public string ScoreName => IsClassifier ? "accuracy" : "r2";

    public string ScoreLabel => IsClassifier ? "accuracy" : "R²";

    public static Fin<ModelChoice> Resolve(string model, string penalty, double l1Ratio, FitOptions options)
    {
        if (!(l1Ratio >= 0 && l1Ratio <= 1))
            return new ParameterError("--l1-ratio", l1Ratio.ToString("R", CultureInfo.InvariantCulture), "must lie in [0, 1]");
        var lasso = new ModelChoice(model, options, (d, a, o) => Lasso.Fit(d, a, o), (d, g, o, p) => Lasso.Path(d, g, o, p), (d, n, e, o) => Lasso.AlphaGrid(d, n, e, o));
        var enet = new ModelChoice(model, options with { L1Ratio = l1Ratio }, (d, a, o) => ElasticNet.Fit(d, a, o), (d, g, o, p) => ElasticNet.Path(d, g, o, p), (d, n, e, o) => ElasticNet.AlphaGrid(d, n, e, o));
        switch (model)
        {
            case "lasso": return lasso;
            case "elasticnet": return enet;
            case "grouplasso":
                return new ModelChoice(model, options, (d, a, o) => GroupLasso.Fit(d, a, o), (d, g, o, p) => GroupLasso.Path(d, g, o, p), (d, n, e, o) => GroupLasso.AlphaGrid(d, n, e, o));
            case "ridge":
                return new ModelChoice(model, options, (d, a, o) => Ridge.Fit(d, a, o), (d, g, o, p) => Ridge.Path(d, g, o, p), (d, n, e, o) => Ridge.AlphaGrid(d, n, e, o));
            case "logistic":
                var logistic = options with { Loss = LossKind.Logistic };
                return penalty switch
                {
                    "l1" => lasso with { Options = logistic },
                    "l2" => enet with { Options = logistic with { L1Ratio = 0 } },
                    "elasticnet" => enet with { Options = logistic with { L1Ratio = l1Ratio } },
                    _ => new ParameterError("--penalty", penalty, "must be l1, l2 or elasticnet"),
                };
            default:
                return new ParameterError("--model", model, "must be lasso, ridge, elasticnet, grouplasso or logistic");
        }
    }
}

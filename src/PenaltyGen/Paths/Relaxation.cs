using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Models;
using PenaltyGen.Solvers;

namespace PenaltyGen.Paths;

/// <summary>
/// glmnet's relaxed lasso (<c>relax = TRUE</c>): a fit's active set A = {j : w_j ≠ 0} is refitted without the penalty
/// (the same loss, weights and offset, an intercept if the fit has one), and the relaxed fit is the blend
/// γ·(w, b) + (1 − γ)·(w_A^unpenalized, b^unpenalized): γ = 1 is the penalized fit, γ = 0 the unpenalized refit on its support.
/// The refit is an elastic net with ratio 0 at α = 0 — coordinate descent for least squares (certified by the gap), an exact
/// Newton solve for the other losses — so the support must leave the refit determined (|A| below the number of rows).
/// </summary>
public static class Relaxation
{
    /// <summary>The relaxed fit of <paramref name="fit"/> (made on <paramref name="data"/> with <paramref name="options"/>) at <paramref name="gamma"/>.</summary>
    /// <returns>The blended fit, or an error naming γ or the refit's problem.</returns>
    public static Fin<Fit> Relax(Dataset data, Fit fit, double gamma, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        var o = options ?? FitOptions.Default;
        if (!(gamma >= 0 && gamma <= 1)) return new ParameterError("gamma", gamma.ToString("R", CultureInfo.InvariantCulture), "must lie in [0, 1]");
        if (fit.Loss == LossKind.Multinomial)
            return new ParameterError("gamma", gamma.ToString("R", CultureInfo.InvariantCulture), "does not apply to a multinomial fit: the relaxed refit is built for one linear predictor per row, not one per class");
        var active = Enumerable.Range(0, fit.Coefficients.Length).Where(j => fit.Coefficients[j] != 0).ToArray();
        if (active.Length == 0 || gamma == 1) return fit;
        return Refit(data, active, gamma, o).Map(unpenalized =>
        {
            var w = new double[fit.Coefficients.Length];
            for (var j = 0; j < w.Length; j++) w[j] = gamma * fit.Coefficients[j];
            for (var k = 0; k < active.Length; k++) w[active[k]] += (1 - gamma) * unpenalized.Coefficients[k];
            return fit with
            {
                Coefficients = ImmutableArray.Create(w),
                Intercept = gamma * fit.Intercept + (1 - gamma) * unpenalized.Intercept,
            };
        });
    }

    /// <summary>Every fit of <paramref name="path"/> relaxed at <paramref name="gamma"/>.</summary>
    /// <returns>The relaxed path (same alphas), or the first error.</returns>
    public static Fin<RegularizationPath> Relax(Dataset data, RegularizationPath path, double gamma, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Fits.Select(fit => Relax(data, fit, gamma, options)).Sequence()
            .Map(fits => new RegularizationPath(path.Alphas, ImmutableArray.CreateRange(fits)));
    }

    /// <summary>The unpenalized fit on the columns <paramref name="active"/> (the loss, weights, offset and intercept of the options).</summary>
    private static Fin<Fit> Refit(Dataset data, int[] active, double gamma, FitOptions o)
    {
        if (active.Length >= data.Rows)
            return new ParameterError("gamma", gamma.ToString("R", CultureInfo.InvariantCulture), $"the relaxed refit has {active.Length} features and {data.Rows} rows: it is not determined; relax fits with fewer non-zero coefficients (a larger alpha)");
        var unpenalized = o with
        {
            L1Ratio = 0.0, PenaltyFactors = ImmutableArray<double>.Empty, WarmStart = ImmutableArray<double>.Empty, Standardize = false,
            Groups = ImmutableArray<int>.Empty, Solver = o.Loss == LossKind.LeastSquares ? SolverKind.CoordinateDescent : SolverKind.Auto,
        };
        return ElasticNet.Fit(data.SelectColumns(active), 0.0, unpenalized);
    }
}

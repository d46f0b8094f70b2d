using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Losses;
using PenaltyGen.Paths;
using PenaltyGen.Penalties;
using PenaltyGen.Validation;

namespace PenaltyGen.Statistics;

/// <summary>
/// K-fold cross-validation of the logistic and Poisson losses on streamed rows whose fold a column names (glmnet's
/// <c>foldid</c>): the grid from all rows (cv.glmnet's), then for each fold the streamed path on the other folds' rows
/// (<see cref="StreamingFits.Path"/>) and one pass over its own rows that scores every α at once (Σ s·e/Σ s, e the loss's
/// held-out error); the curve, α_min, α_1se and the refit at α_min as in memory (<see cref="CrossValidation"/>). Cost: one
/// pass to find the folds, two for the grid, per fold its path's passes and one more, and the refit's.
/// </summary>
public static class StreamingValidation
{
    /// <summary>Cross-validates <typeparamref name="TLoss"/> on <paramref name="source"/>, folds from its column <paramref name="foldColumn"/> (integers, ordered by id).</summary>
    /// <returns>The result, or the first error (a fold id that is not an integer, fewer than two folds, the source's, the fits').</returns>
    public static Fin<CrossValidationResult> CrossValidate<TPenalty, TLoss>(ChunkSource source, string foldColumn, CrossValidationOptions? cv = null, FitOptions? options = null)
        where TPenalty : struct, IPenalty
        where TLoss : struct, ILoss
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(foldColumn);
        var (c, o) = (cv ?? CrossValidationOptions.Default, options ?? FitOptions.Default);
        var whole = Rows(source, foldColumn, _ => true);
        return FoldIds(source, foldColumn).Bind(ids =>
        {
            var grid = c.Alphas is { } given
                ? Solvers.RequestChecks.CheckExplicitGrid(o).Bind(_ => RegularizationPaths.Check(given)).Map((ImmutableArray<double> g) => g.Sort((a, b) => b.CompareTo(a)))
                : StreamingFits.Grid<TPenalty, TLoss>(whole, o, c.AlphaCount ?? 100, c.Eps ?? 1e-3);
            return grid.Bind((ImmutableArray<double> g) =>
            {
                var errors = Enumerable.Range(0, g.Length).Select(_ => new double[ids.Length]).ToArray();
                for (var q = 0; q < ids.Length; q++)
                {
                    var fold = ids[q];
                    var path = StreamingFits.Path<TPenalty, TLoss>(Rows(source, foldColumn, id => id != fold), g, o);
                    var scored = path.Bind(p => HeldOutErrors<TLoss>(Rows(source, foldColumn, id => id == fold), p.Path));
                    if (scored.IsFail) return scored.Map(_ => (CrossValidationResult)null!);
                    var e = scored.ThrowIfFail();
                    for (var a = 0; a < g.Length; a++) errors[a][q] = e[a];
                }
                return CrossValidation.Summarize(g, errors, TLoss.HeldOutMeasure, alpha => StreamingFits.Fit<TPenalty, TLoss>(whole, alpha, o));
            });
        });
    }

    /// <summary>The distinct fold ids, sorted; each must be an integer, and there must be two or more.</summary>
    private static Fin<long[]> FoldIds(ChunkSource source, string foldColumn)
    {
        var ids = new SortedSet<long>();
        return source((chunk, _) => chunk.TakeColumn(foldColumn).Bind(t =>
        {
            foreach (var v in t.Values)
            {
                if (v != Math.Floor(v) || Math.Abs(v) > 1e15)
                    return Fin<Unit>.Fail(new DataError(chunk.TargetName, null, foldColumn, $"'{v.ToString("R", CultureInfo.InvariantCulture)}' is not a fold id; each row's fold must be an integer"));
                ids.Add((long)v);
            }
            return Prelude.unit;
        })).Bind(_ => ids.Count >= 2
            ? Fin<long[]>.Succ([.. ids])
            : new ParameterError("fold_ids", foldColumn, $"names {ids.Count} fold; cross-validation needs at least 2"));
    }

    /// <summary>The source's rows whose fold <paramref name="keep"/> accepts, the fold column taken out.</summary>
    private static ChunkSource Rows(ChunkSource source, string foldColumn, Func<long, bool> keep) => each =>
        source((chunk, weights) => chunk.TakeColumn(foldColumn).Bind(t =>
        {
            var rows = Enumerable.Range(0, t.Values.Length).Where(i => keep((long)t.Values[i])).ToArray();
            if (rows.Length == 0) return Prelude.unit;
            return each(t.Remaining.SelectRows(rows), weights is null ? null : rows.Select(i => weights[i]).ToArray());
        }));

    /// <summary>One pass over the held-out rows: Σ s·e(y, η_a)/Σ s for every fit a of the path.</summary>
    private static Fin<double[]> HeldOutErrors<TLoss>(ChunkSource held, RegularizationPath path) where TLoss : struct, ILoss
    {
        var sums = new double[path.Fits.Length];
        var total = 0.0;
        return held((chunk, weights) =>
        {
            for (var a = 0; a < sums.Length; a++)
            {
                var eta = path.Fits[a].LinearPredictorOfTrainingColumns(chunk);
                for (var i = 0; i < eta.Length; i++) sums[a] += (weights?[i] ?? 1.0) * TLoss.HeldOutError(chunk.Target[i], eta[i]);
            }
            for (var i = 0; i < chunk.Rows; i++) total += weights?[i] ?? 1.0;
            return Prelude.unit;
        }).Map(_ => sums.Select(s => s / total).ToArray());
    }
}

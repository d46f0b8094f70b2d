using System;
using System.Collections.Immutable;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// A residual-mode fit's start: the working set is the non-zero and unpenalized features plus the strong rule's
/// selection, |X_jᵀr| ≥ level·f_j, decided from exact products — read for the candidates the bounds leave when they are
/// few (the cache of the last full pass kept), from a renewed cache when more than half the features are candidates.
/// Checked against products computed here column by column.
/// </summary>
public class FitStartTests
{
    private const int N = 30;
    private const int P = 200;

    private static readonly ImmutableArray<double> Factors = [.. Enumerable.Range(0, P).Select(j => j == 7 ? 0.0 : j % 5 == 0 ? 2.0 : 1.0)];

    private static (Workspace Ws, double[] X) Problem()
    {
        var random = new Random(23);
        var x = new double[N * P];
        for (var i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 2 - 1;
        var y = Enumerable.Range(0, N).Select(i => 2 * x[3 * N + i] - x[40 * N + i] + 0.5 * (random.NextDouble() - 0.5)).ToArray();
        var names = Enumerable.Range(0, P).Select(j => $"x{j}").ToArray();
        var dataset = Dataset.FromColumnMajor(x, y, names).Match(d => d, e => throw new InvalidOperationException(e.Message));
        return (Workspace.Create(dataset, centre: false, default, deferCopy: false, null), x);
    }

    private static SolverSettings Settings => new(new PenaltyParameters(0.1), 1e-4, 100, false, CoordinateSelection.Cyclic, 0, Factors);

    /// <summary>X_jᵀr at the current w, column by column.</summary>
    private static double[] Products(Workspace ws, double[] x)
    {
        var w = ws.Fit.W;
        var r = new double[N];
        for (var i = 0; i < N; i++)
        {
            r[i] = ws.Data.Y[i];
            for (var j = 0; j < P; j++) r[i] -= x[j * N + i] * w[j];
        }
        return Enumerable.Range(0, P).Select(j => Enumerable.Range(0, N).Sum(i => x[j * N + i] * r[i])).ToArray();
    }

    /// <summary>The set the rule selects at w.</summary>
    private static int[] Expected(Workspace ws, double[] products, double level) =>
        Enumerable.Range(0, P).Where(j => ws.Fit.W[j] != 0 || Factors[j] == 0 || Math.Abs(products[j]) >= level * Factors[j]).ToArray();

    /// <summary>
    /// A full pass at w = 0, then a move of w by <paramref name="step"/> (so the bounds are no longer exact) and a
    /// fit's start at a level that selects the <paramref name="rank"/> largest |X_jᵀr|/f_j at the moved point.
    /// </summary>
    private static (ResidualState State, int[] Expected) StartAfterMove(Workspace ws, double[] x, double step, int rank)
    {
        var mode = new ResidualMode(ws);
        mode.Begin(Settings, 1.0, 1e9);
        ws.Fit.W[3] = 1.5 * step;
        ws.Fit.W[40] = -0.8 * step;
        ws.Path.ResidualIsCurrent = false;
        var products = Products(ws, x);
        var sorted = Enumerable.Range(0, P).Where(j => Factors[j] > 0).Select(j => Math.Abs(products[j]) / Factors[j]).OrderDescending().ToArray();
        var level = 0.5 * (sorted[rank - 1] + sorted[rank]);
        mode.Begin(Settings, 1.0, level);
        return (ws.Path.Residual, Expected(ws, products, level));
    }

    [Fact]
    public void With_few_candidates_the_start_reads_their_columns_and_keeps_the_cache()
    {
        var (ws, x) = Problem();
        var (state, expected) = StartAfterMove(ws, x, 0.02, 10);
        Assert.Equal(expected, state.Set.Span.ToArray().Order().ToArray());
        Assert.True(state.Set.Count >= 10, $"only {state.Set.Count} features selected");
        // The cache still holds the first pass's products (at w = 0): no full pass was made.
        Assert.Equal(ws.Data.Y, state.CachedResidual);
    }

    [Fact]
    public void With_most_features_candidates_the_start_renews_the_cache()
    {
        var (ws, x) = Problem();
        var (state, expected) = StartAfterMove(ws, x, 1.0, 150);
        Assert.Equal(expected, state.Set.Span.ToArray().Order().ToArray());
        Assert.Equal(ws.Fit.Residual.ToArray(), state.CachedResidual);
    }

    [Fact]
    public void A_start_at_the_last_checks_residual_selects_from_that_checks_products()
    {
        var (ws, x) = Problem();
        var mode = new ResidualMode(ws);
        mode.Begin(Settings, 1.0, 1e9);
        ws.Fit.W[3] = 0.03;
        ws.Fit.W[40] = -0.016;
        ws.Path.ResidualIsCurrent = false;
        var products = Products(ws, x);
        // A check at the moved point (the residual made current first, as a fit's start does), then the next fit's start.
        mode.Begin(Settings, 1.0, 1e9);
        var state = ws.Path.Residual;
        var threshold = 0.5 * products.Where((_, j) => Factors[j] > 0).Select((c, _) => Math.Abs(c)).Max();
        mode.CheckOutside(Settings, threshold);
        Assert.True(state.CheckedAt(ws.Fit.Residual));
        var sorted = Enumerable.Range(0, P).Where(j => Factors[j] > 0).Select(j => Math.Abs(products[j]) / Factors[j]).OrderDescending().ToArray();
        var level = 0.5 * (sorted[11] + sorted[12]);
        mode.Begin(Settings, 1.0, level);
        Assert.Equal(Expected(ws, products, level), state.Set.Span.ToArray().Order().ToArray());
    }

    [Fact]
    public void A_checks_products_hold_only_at_its_residual_bit_for_bit()
    {
        var state = new ResidualState(4, 6);
        double[] r = [0.5, -1.25, 0.0, 3.0];
        var products = new double[] { 1, 2, 3, 4, 5, 6 };
        Assert.False(state.CheckedAt(r));
        state.RememberCheck(r, products, [4, 1]);
        Assert.True(state.CheckedAt(r));
        Assert.True(state.TryChecked(4, out var kept) && kept == 5.0);
        Assert.False(state.TryChecked(2, out _));
        Assert.False(state.CheckedAt([0.5, -1.25, -0.0, 3.0]));
        Assert.False(state.CheckedAt([0.5, -1.25, 0.0, Math.BitIncrement(3.0)]));
    }
}

using System;
using System.Collections.Immutable;
using PenaltyGen.Penalties;
using PenaltyGen.Solvers;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// A path's predicted start: the last two solutions extrapolated linearly in α, t = (α − α_k)/(α_k − α_{k−1}), a
/// penalized coefficient stopping at 0 where its prediction would cross it, a zero one staying at 0.
/// </summary>
public class PathPredictorTests
{
    // Feature 2 is unpenalized: it may cross 0.
    private static readonly ImmutableArray<double> Factors = [1.0, 1.0, 0.0, 1.0, 2.0];

    private static SolverSettings Settings => new(new PenaltyParameters(0.1), 1e-4, 100, false, CoordinateSelection.Cyclic, 0, Factors);

    private static PathPredictor Recorded(double[] earlier, double[] last)
    {
        var predictor = new PathPredictor(5);
        predictor.Record(earlier, 0.4);
        predictor.Record(last, 0.3);
        return predictor;
    }

    [Fact]
    public void The_prediction_continues_the_last_move_linearly_in_alpha()
    {
        double[] earlier = [1.0, -2.0, 0.5, 0.0, 0.25];
        double[] last = [1.5, -2.5, 0.2, 0.0, 0.05];
        var predictor = Recorded(earlier, last);
        int[] set = [4, 0, 2, 1, 3];
        // α 0.4 → 0.3 → 0.15: t = (0.15 − 0.3)/(0.3 − 0.4) = 1.5.
        Assert.Equal(5, predictor.Predict(last, 0.15, set, Settings));
        var t = (0.15 - 0.3) / (0.3 - 0.4);
        // Feature 4 would cross 0 (0.05 − 1.5·0.2 < 0) and stops there; 2, unpenalized, crosses (0.2 − 1.5·0.3); 3 stays at 0.
        double[] expected = [0.0, 1.5 + t * 0.5, 0.2 + t * (0.2 - 0.5), -2.5 + t * -0.5, 0.0];
        Assert.True(expected[2] < 0);
        Assert.Equal(expected, predictor.Point.AsSpan(0, 5).ToArray());
        Assert.Equal([0.05, 1.5, 0.2, -2.5, 0.0], predictor.Old.AsSpan(0, 5).ToArray());
    }

    [Fact]
    public void Nothing_is_predicted_off_a_decreasing_sequence_or_from_another_point()
    {
        double[] earlier = [1.0, -2.0, 0.5, 0.0, 0.25];
        double[] last = [1.5, -2.5, -0.5, 0.0, 0.05];
        int[] set = [0, 1, 2, 3, 4];
        var predictor = Recorded(earlier, last);
        Assert.Equal(0, predictor.Predict(last, 0.3, set, Settings));
        Assert.Equal(0, predictor.Predict(last, 0.35, set, Settings));
        double[] moved = [1.5, -2.5, -0.5, 0.0, Math.BitIncrement(0.05)];
        Assert.Equal(0, predictor.Predict(moved, 0.2, set, Settings));
        var once = new PathPredictor(5);
        once.Record(last, 0.3);
        Assert.Equal(0, once.Predict(last, 0.2, set, Settings));
        // Two equal solutions: no coefficient would move.
        Assert.Equal(0, Recorded(last, last).Predict(last, 0.2, set, Settings));
        Assert.Equal(5, predictor.Predict(last, 0.2, set, Settings));
    }
}

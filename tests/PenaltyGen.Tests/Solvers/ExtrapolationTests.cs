using System;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// Anderson extrapolation on a linear fixed-point map x ← Ax + b (what coordinate descent is near a solution with a
/// fixed support): with as many differences as the map has dimensions, the weights make Σ c_k u_k vanish and the
/// extrapolated point is the fixed point itself.
/// </summary>
public class ExtrapolationTests
{
    // A contraction of R⁴ (spectral radius ≈ 0.93) with coupled coordinates: plain iteration needs hundreds of steps.
    private static readonly double[,] A =
    {
        { 0.60, 0.30, 0.00, 0.02 },
        { 0.25, 0.55, 0.10, 0.00 },
        { 0.00, 0.20, 0.70, 0.05 },
        { 0.05, 0.00, 0.15, 0.72 },
    };

    private static readonly double[] B = [1.0, -2.0, 0.5, 3.0];

    // The iterate lives on features 5, 1, 3, 0 of a 6-vector (a working set's order).
    private static readonly int[] Set = [5, 1, 3, 0];

    private static double[] Step(double[] x)
    {
        var next = new double[4];
        for (var i = 0; i < 4; i++)
        {
            next[i] = B[i];
            for (var k = 0; k < 4; k++) next[i] += A[i, k] * x[k];
        }
        return next;
    }

    private static double[] Scatter(double[] x)
    {
        var w = new double[6];
        for (var i = 0; i < 4; i++) w[Set[i]] = x[i];
        return w;
    }

    /// <summary>x* = (I − A)⁻¹b by Gaussian elimination.</summary>
    private static double[] FixedPoint()
    {
        var m = new double[4, 5];
        for (var i = 0; i < 4; i++)
        {
            for (var k = 0; k < 4; k++) m[i, k] = (i == k ? 1.0 : 0.0) - A[i, k];
            m[i, 4] = B[i];
        }
        for (var c = 0; c < 4; c++)
        {
            for (var r = c + 1; r < 4; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < 5; k++) m[r, k] -= f * m[c, k];
            }
        }
        var x = new double[4];
        for (var r = 3; r >= 0; r--)
        {
            var s = m[r, 4];
            for (var k = r + 1; k < 4; k++) s -= m[r, k] * x[k];
            x[r] = s / m[r, r];
        }
        return x;
    }

    [Fact]
    public void Six_iterates_of_a_four_dimensional_linear_map_extrapolate_to_its_fixed_point()
    {
        var e = new Extrapolation(6, 3);
        var x = new double[4];
        for (var k = 0; k <= Extrapolation.Depth; k++)
        {
            Assert.False(e.Full);
            x = Step(x);
            e.Record(Set, Scatter(x), map: false);
        }
        Assert.True(e.Full);
        var star = FixedPoint();
        // After six plain steps the iterate is still far off (the test would pass without extrapolating otherwise).
        Assert.True(Math.Abs(x[3] - star[3]) > 1.0);

        Assert.True(e.Combine());

        for (var i = 0; i < 4; i++) Assert.Equal(star[i], e.Point[i], 1e-6);
        Assert.False(e.Full);
    }

    [Fact]
    public void A_change_of_map_or_of_the_set_starts_a_new_run()
    {
        var e = new Extrapolation(6, 3);
        var x = new double[4];
        for (var k = 0; k < Extrapolation.Depth; k++)
        {
            x = Step(x);
            e.Record(Set, Scatter(x), map: false);
        }
        x = Step(x);
        e.Record(Set, Scatter(x), map: true);
        Assert.False(e.Full);
        e.Record(Set.AsSpan(0, 3), Scatter(x), map: true);
        for (var k = 0; k < Extrapolation.Depth - 1; k++) e.Record(Set.AsSpan(0, 3), Scatter(x), map: true);
        Assert.False(e.Full);
        e.Record(Set.AsSpan(0, 3), Scatter(x), map: true);
        Assert.True(e.Full);
    }

    [Fact]
    public void Rejected_points_skip_the_next_runs_one_then_three_and_an_accepted_one_ends_the_back_off()
    {
        var e = new Extrapolation(6, 3);
        var x = new double[4];
        int RecordsUntilFull()
        {
            var records = 0;
            do
            {
                x = Step(x);
                e.Record(Set, Scatter(x), map: false);
                records++;
            }
            while (!e.Full);
            Assert.True(e.Combine());
            return records;
        }
        var run = Extrapolation.Depth + 1;
        Assert.Equal(run, RecordsUntilFull());
        e.Rejected();
        Assert.Equal(2 * run, RecordsUntilFull());
        e.Rejected();
        Assert.Equal(4 * run, RecordsUntilFull());
        e.Accepted();
        Assert.Equal(run, RecordsUntilFull());
    }

    [Fact]
    public void The_point_stays_in_the_last_iterates_face_for_penalized_coordinates_only()
    {
        // x ← 0.9x − 0.1 from 10 on features 2 and 4 (fixed point −1, every iterate positive), feature 0 held at 0:
        // the extrapolation reaches −1 on both, past 0. Feature 2 is penalized (back to 0), feature 4 is not (kept);
        // feature 0, at 0 in the last iterate, stays 0.
        int[] set = [2, 4, 0];
        double[] factors = [1.0, 1.0, 1.0, 1.0, 0.0];
        var e = new Extrapolation(5, 3);
        var x = 10.0;
        for (var k = 0; k <= Extrapolation.Depth; k++)
        {
            e.Record(set, [0.0, 0.0, x, 0.0, x], map: false);
            x = 0.9 * x - 0.1;
        }
        Assert.True(e.Combine());
        Assert.Equal(-1.0, e.Point[0], 1e-9);
        Assert.Equal(-1.0, e.Point[1], 1e-9);
        e.KeepInFace(set, factors);
        Assert.Equal(0.0, e.Point[0]);
        Assert.Equal(-1.0, e.Point[1], 1e-9);
        Assert.Equal(0.0, e.Point[2]);
    }

    [Fact]
    public void Iterates_that_stopped_moving_give_no_extrapolation()
    {
        var e = new Extrapolation(6, 3);
        var w = Scatter([1.0, 2.0, 3.0, 4.0]);
        for (var k = 0; k <= Extrapolation.Depth; k++) e.Record(Set, w, map: false);
        Assert.False(e.Combine());
    }
}

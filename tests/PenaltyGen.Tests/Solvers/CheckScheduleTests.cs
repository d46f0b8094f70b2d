using System;
using PenaltyGen.Solvers.WorkingSets;
using Xunit;

namespace PenaltyGen.Tests.Solvers;

/// <summary>
/// When a working-set fit runs its next certificate: after a failed one at ratio g = gap / tolerance, ⌈ln g / −ln ρ⌉
/// sweeps later, with ρ measured between two failed certificates (or carried from the path's previous fit), at most as
/// many sweeps as the fit has made.
/// </summary>
public class CheckScheduleTests
{
    private static int Predicted(double ratio, double rate) => (int)Math.Ceiling(Math.Log(ratio) / -Math.Log(rate));

    /// <summary>A schedule whose fit failed at ratio 2 after 4 sweeps and at 2·ρ^k after 4 + k: it has measured ρ.</summary>
    private static CheckSchedule Measured(double rate, int sweeps)
    {
        var schedule = new CheckSchedule();
        schedule.StartFit();
        schedule.Wait(2.0, 4);
        schedule.Wait(2.0 * Math.Pow(rate, sweeps), 4 + sweeps);
        return schedule;
    }

    [Fact]
    public void With_no_rate_known_the_next_settled_sweep_is_checked()
    {
        var schedule = new CheckSchedule();
        schedule.StartFit();
        Assert.Equal(1, schedule.Wait(1.6, 8));
    }

    [Fact]
    public void Two_failed_certificates_give_the_rate_and_the_wait_it_predicts()
    {
        var schedule = new CheckSchedule();
        schedule.StartFit();
        Assert.Equal(1, schedule.Wait(1.6, 8));
        var second = 1.6 * Math.Pow(0.97, 8);
        // ln(1.2532)/−ln(0.97) = 7.41: eight sweeps, under the cap of sixteen.
        Assert.Equal(8, Predicted(second, 0.97));
        Assert.Equal(8, schedule.Wait(second, 16));
    }

    [Fact]
    public void The_rate_carries_to_the_next_fit_and_the_wait_is_capped_at_the_sweeps_made()
    {
        var schedule = Measured(0.97, 10);
        schedule.StartFit();
        // ln(1.3)/−ln(0.97) = 8.61 → 9 sweeps; the new fit has made 12, then only 6.
        Assert.Equal(9, schedule.Wait(1.3, 12));
        schedule.StartFit();
        Assert.Equal(6, schedule.Wait(1.3, 6));
    }

    [Fact]
    public void A_gap_that_did_not_fall_keeps_the_known_rate()
    {
        var schedule = Measured(0.9, 4);
        schedule.StartFit();
        Assert.Equal(1, schedule.Wait(1.05, 3));
        // 1.2 after 1.05: no decay measured, ρ stays 0.9: ln(1.2)/−ln(0.9) = 1.73 → 2.
        Assert.Equal(2, schedule.Wait(1.2, 6));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_ratio_that_gives_no_prediction_checks_the_next_settled_sweep(double ratio)
    {
        Assert.Equal(1, Measured(0.9, 4).Wait(ratio, 12));
    }
}

using System;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// When a working-set fit in residual mode runs its next certificate. A certificate there reads the columns of the set
/// and of the features its bounds cannot clear — as much as a sweep or more — so after one fails whole sweeps go on for
/// as many as the gap's decay predicts (a kept extrapolation, a jump this does not predict, makes the next settled
/// whole sweep checked; see WorkingSetEngine). Once the sweeps have settled, coordinate descent converges linearly:
/// the gap falls as g_k ≈ g·ρ^k, so from a ratio g = gap / tolerance &gt; 1 the stop is ⌈ln g / −ln ρ⌉ sweeps away.
/// ρ per sweep is measured between two failed certificates of a fit and carried to the next fit of the path
/// (neighbouring fits converge alike). The wait is at most the sweeps the fit has made so far, so a misjudged rate at
/// most doubles a fit's sweeps; with no rate known the next settled sweep is checked, as without a schedule. Covariance
/// mode checks every settled sweep but keeps the schedule too: its prediction decides the face steps (<see cref="FaceNewton"/>).
/// </summary>
internal sealed class CheckSchedule
{
    private double rate = double.NaN;
    private double lastRatio = double.NaN;
    private int lastSweep;

    /// <summary>
    /// The sweeps coordinate descent was predicted to need at the last <see cref="Wait"/>, ⌈ln g / −ln ρ⌉ before the cap
    /// (NaN while no rate is known or the certificate had no gap).
    /// </summary>
    public double Predicted { get; private set; } = double.NaN;

    /// <summary>A new fit: its failed certificates are compared only with each other.</summary>
    public void StartFit() => lastRatio = double.NaN;

    /// <summary>
    /// The sweeps to make before the next certificate, given that the one after <paramref name="sweeps"/> sweeps of the
    /// fit failed at <paramref name="ratio"/> = gap / tolerance (NaN when the certificate has no gap).
    /// </summary>
    public int Wait(double ratio, int sweeps)
    {
        Predicted = double.NaN;
        if (!(ratio > 1 && ratio < double.PositiveInfinity))
        {
            lastRatio = double.NaN;
            return 1;
        }
        if (lastRatio > ratio && sweeps > lastSweep) rate = Math.Pow(ratio / lastRatio, 1.0 / (sweeps - lastSweep));
        lastRatio = ratio;
        lastSweep = sweeps;
        if (!(rate < 1)) return 1;
        var predicted = Math.Ceiling(Math.Log(ratio) / -Math.Log(rate));
        Predicted = predicted;
        return (int)Math.Clamp(predicted, 1, Math.Max(1, sweeps));
    }
}

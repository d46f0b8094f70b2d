using System;
using PenaltyGen.Penalties;

namespace PenaltyGen.Tests;

/// <summary>
/// The solver-facing members of a generated penalty, reached through its type as solvers reach them (they are
/// explicit implementations of <see cref="ISeparablePenalty"/> and the contracts below it, hidden from the model's IntelliSense).
/// </summary>
internal static class Call<TPenalty> where TPenalty : struct, ISeparablePenalty
{
    public static double Prox(double v, double t, in PenaltyParameters p, double factor) => TPenalty.Prox(v, t, p, factor);

    public static double Value(ReadOnlySpan<double> w, in PenaltyParameters p, ReadOnlySpan<double> factors) => TPenalty.Value(w, p, factors);

    public static double AlphaMax(ReadOnlySpan<double> correlation, in PenaltyParameters p, ReadOnlySpan<double> factors) => TPenalty.AlphaMax(correlation, p, factors);

    public static double ObjectiveAlpha(double alpha, double totalSampleWeight) => TPenalty.ObjectiveAlpha(alpha, totalSampleWeight);

    public static double CoordinateMinimizer(double z, double a, double w, in PenaltyParameters p, double factor) => TPenalty.CoordinateMinimizer(z, a, w, p, factor);
}

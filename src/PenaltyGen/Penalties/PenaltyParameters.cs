using System.Collections.Immutable;

namespace PenaltyGen.Penalties;

/// <summary>
/// The run-time parameters of a penalty: the strength α; for an <c>[ElasticNet]</c> declared without a
/// folded L1Ratio, the ratio ρ; for a <c>[GroupL2]</c> penalty, the group of every feature (groups are runs
/// of adjacent features); for <c>[MCP]</c> and <c>[SCAD]</c> without a folded one, γ or a. Penalties that do not use a
/// parameter ignore it.
/// </summary>
public readonly record struct PenaltyParameters(double Alpha, double L1Ratio = 0.5)
{
    /// <summary>Group id of each feature (adjacent features share a group); empty when the penalty has no groups.</summary>
    public ImmutableArray<int> Groups { get; init; } = ImmutableArray<int>.Empty;

    /// <summary>γ of an <c>[MCP]</c> or a of a <c>[SCAD]</c> declared without one; NaN: the penalty's default (3, 3.7).</summary>
    public double Concavity { get; init; } = double.NaN;
}

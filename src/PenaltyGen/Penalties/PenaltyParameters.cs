namespace PenaltyGen.Penalties;

/// <summary>
/// The run-time parameters of a penalty: the strength α and, for an <c>[ElasticNet]</c> declared
/// without a folded L1Ratio, the ratio ρ. Penalties whose ratio is folded ignore <see cref="L1Ratio"/>.
/// </summary>
public readonly record struct PenaltyParameters(double Alpha, double L1Ratio = 0.5);

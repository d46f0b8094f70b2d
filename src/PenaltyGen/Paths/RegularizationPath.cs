using System.Collections.Immutable;

namespace PenaltyGen;

/// <summary>Fits along a grid of strengths, in the order the grid was given.</summary>
public sealed record RegularizationPath(ImmutableArray<double> Alphas, ImmutableArray<Fit> Fits)
{
    /// <summary>The fit at position <paramref name="index"/> of the grid.</summary>
    public Fit this[int index] => Fits[index];
}

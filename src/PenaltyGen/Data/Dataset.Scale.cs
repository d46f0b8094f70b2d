using System;
using PenaltyGen.Kernels;

namespace PenaltyGen;

public sealed partial class Dataset
{
    // Computed once per dataset (a benign race: every thread computes the same answer).
    private string? overflowing;
    private bool scaleKnown;

    /// <summary>
    /// The first column (a feature, then the target) whose sum of squares Σ x² overflows float64, or null. Every fit
    /// forms such sums (norms, Gram entries, the residual's norm), so values whose squares overflow (|x| near 1e154 and
    /// beyond, or fewer that large in many rows) cannot be fitted: the check names the column instead of a NaN later.
    /// One pass over the stored values, kept for the dataset's lifetime.
    /// </summary>
    internal string? OverflowingColumn()
    {
        if (scaleKnown) return overflowing;
        string? found = null;
        for (var j = 0; j < Columns && found is null; j++)
        {
            if (Overflows(sparse is null ? Column(j) : sparse.ValuesOf(j))) found = FeatureNames[j];
        }
        if (found is null && HasTarget && TargetLabels.IsEmpty && Overflows(Target)) found = TargetName;
        overflowing = found;
        scaleKnown = true;
        return found;
    }

    private static bool Overflows(ReadOnlySpan<double> values) => values.Length > 0 && !double.IsFinite(Blas.Dot(values, values));
}

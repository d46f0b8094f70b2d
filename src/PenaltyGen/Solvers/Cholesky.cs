using System;

namespace PenaltyGen.Solvers;

/// <summary>
/// A symmetric positive semidefinite system A·x = b solved in place, without allocating (the exact Newton model's solve). A
/// column that depends on the ones before it (its pivot at most a share of its diagonal entry) is set aside: its unknown is
/// held at zero and the rest solved exactly, and its null direction can be read from the factor afterwards.
/// </summary>
internal static class Cholesky
{
    /// <summary>
    /// Overwrites the lower triangle of the row-major m×m <paramref name="a"/> with L (A = LLᵀ over the independent columns),
    /// leaving the upper triangle as it was (A itself). <paramref name="dependent"/>[j] is set for a column whose pivot is at most
    /// <paramref name="pivotShare"/> of its diagonal entry. Returns false when a value is not finite.
    /// </summary>
    public static bool Factor(Span<double> a, int m, double pivotShare, Span<bool> dependent)
    {
        for (var j = 0; j < m; j++)
        {
            var d = a[j * m + j];
            var floor = pivotShare * d;
            for (var k = 0; k < j; k++)
            {
                if (!dependent[k]) d -= a[j * m + k] * a[j * m + k];
            }
            if (!double.IsFinite(d)) return false;
            dependent[j] = !(d > floor) || !(d > 0);
            if (dependent[j]) continue;
            var root = Math.Sqrt(d);
            a[j * m + j] = root;
            for (var i = j + 1; i < m; i++)
            {
                var v = a[j * m + i];
                for (var k = 0; k < j; k++)
                {
                    if (!dependent[k]) v -= a[i * m + k] * a[j * m + k];
                }
                a[i * m + j] = v / root;
            }
        }
        return true;
    }

    /// <summary>x with A·x = b over the independent columns (x_j = 0 for a dependent one), in place of <paramref name="b"/>.</summary>
    public static void Solve(ReadOnlySpan<double> a, Span<double> b, int m, ReadOnlySpan<bool> dependent)
    {
        // L·y = b, then Lᵀ·x = y.
        for (var i = 0; i < m; i++)
        {
            if (dependent[i])
            {
                b[i] = 0.0;
                continue;
            }
            var v = b[i];
            for (var k = 0; k < i; k++) v -= a[i * m + k] * b[k];
            b[i] = v / a[i * m + i];
        }
        for (var i = m - 1; i >= 0; i--)
        {
            if (dependent[i]) continue;
            var v = b[i];
            for (var k = i + 1; k < m; k++) v -= a[k * m + i] * b[k];
            b[i] = v / a[i * m + i];
        }
    }

    /// <summary>
    /// The null direction of dependent column <paramref name="d"/> into <paramref name="v"/>: v_d = 1, v_k = −c_k over the
    /// independent columns, where A_II·c = A_Id (A's column d read from the upper triangle), and 0 elsewhere; A·v = 0 up to
    /// the pivot share.
    /// </summary>
    public static void NullDirection(ReadOnlySpan<double> a, int m, ReadOnlySpan<bool> dependent, int d, Span<double> v)
    {
        for (var k = 0; k < m; k++) v[k] = dependent[k] ? 0.0 : k < d ? a[k * m + d] : a[d * m + k];
        Solve(a, v, m, dependent);
        for (var k = 0; k < m; k++) v[k] = -v[k];
        v[d] = 1.0;
    }
}

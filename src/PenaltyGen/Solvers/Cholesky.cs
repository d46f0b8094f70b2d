using System;

namespace PenaltyGen.Solvers;

/// <summary>A symmetric positive definite system A·x = b solved in place, without allocating (the exact Newton step's solve).</summary>
internal static class Cholesky
{
    /// <summary>
    /// Overwrites the lower triangle of the row-major m×m <paramref name="a"/> with L (A = LLᵀ) and <paramref name="b"/> with
    /// x. Returns false, with <paramref name="b"/> unspecified, when a pivot is not positive and finite (A not positive definite
    /// in floating point).
    /// </summary>
    public static bool SolveInPlace(Span<double> a, Span<double> b, int m)
    {
        for (var j = 0; j < m; j++)
        {
            var d = a[j * m + j];
            for (var k = 0; k < j; k++) d -= a[j * m + k] * a[j * m + k];
            if (!(d > 0) || !double.IsFinite(d)) return false;
            var root = Math.Sqrt(d);
            a[j * m + j] = root;
            for (var i = j + 1; i < m; i++)
            {
                var v = a[i * m + j];
                for (var k = 0; k < j; k++) v -= a[i * m + k] * a[j * m + k];
                a[i * m + j] = v / root;
            }
        }
        // L·y = b, then Lᵀ·x = y.
        for (var i = 0; i < m; i++)
        {
            var v = b[i];
            for (var k = 0; k < i; k++) v -= a[i * m + k] * b[k];
            b[i] = v / a[i * m + i];
        }
        for (var i = m - 1; i >= 0; i--)
        {
            var v = b[i];
            for (var k = i + 1; k < m; k++) v -= a[k * m + i] * b[k];
            b[i] = v / a[i * m + i];
        }
        return true;
    }
}

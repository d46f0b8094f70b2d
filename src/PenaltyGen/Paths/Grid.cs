using System;

namespace PenaltyGen.Paths;

/// <summary>Grids of strengths, as numpy builds them.</summary>
public static class Grid
{
    /// <summary>
    /// <c>np.linspace(start, stop, num)</c>: start + i·step with step = (stop − start)/(num − 1),
    /// the last value set to stop exactly.
    /// </summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(num);
        var values = new double[num];
        if (num == 0) return values;
        if (num == 1)
        {
            values[0] = start;
            return values;
        }
        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++) values[i] = i * step + start;
        values[num - 1] = stop;
        return values;
    }

    /// <summary><c>np.logspace(start, stop, num)</c> = 10 ** linspace(start, stop, num).</summary>
    public static double[] Logspace(double start, double stop, int num)
    {
        var exponents = Linspace(start, stop, num);
        for (var i = 0; i < exponents.Length; i++) exponents[i] = Math.Pow(10, exponents[i]);
        return exponents;
    }
}

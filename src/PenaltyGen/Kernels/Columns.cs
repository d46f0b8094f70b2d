using System;

namespace PenaltyGen.Kernels;

/// <summary>
/// Work over the columns of an n×p matrix split between the cores in contiguous ranges: each column is
/// handled by one thread, so per-column results do not depend on the number of cores.
/// </summary>
public static class Columns
{
    /// <summary>Below this many values a second thread costs more than it saves.</summary>
    private const long ParallelThreshold = 1_000_000;

    /// <summary>Calls <paramref name="range"/>(from, to) on disjoint ranges covering [0, <paramref name="columns"/>).</summary>
    public static void ForEachRange(int columns, int rows, Action<int, int> range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var workers = (long)columns * rows >= ParallelThreshold ? ForkJoin.Width : 1;
        ForkJoin.For(columns, workers, new Body(range));
    }

    private readonly struct Body(Action<int, int> range) : IRangeBody
    {
        public void Run(int from, int to) => range(from, to);
    }

    /// <summary>Calls <paramref name="column"/>(j) for every column, split as <see cref="ForEachRange"/>.</summary>
    public static void ForEach(int columns, int rows, Action<int> column)
    {
        ArgumentNullException.ThrowIfNull(column);
        ForEachRange(columns, rows, (from, to) =>
        {
            for (var j = from; j < to; j++) column(j);
        });
    }
}

using System;

namespace PenaltyGen.Data;

/// <summary>
/// Column-major storage a loader fills row by row: p columns at a stride of <c>capacity</c> rows, so that a parsed
/// value goes straight to its place (no row objects, no per-column lists). With the file's line count as the capacity the
/// storage is the dataset's own array (<see cref="Take"/> hands it over when every reserved row was read); a row beyond
/// the stride grows it by half (the line count was short: a file with bare CR line ends, or a stream of unknown length).
/// </summary>
internal sealed class ColumnBuffer(int columns, int capacity)
{
    private int stride = Math.Max(1, capacity);
    private double[]? data;

    /// <summary>The most values one dataset holds (.NET's largest array).</summary>
    public static long MaxValues => Array.MaxLength;

    /// <summary>Whether a row index <paramref name="row"/> still fits within <see cref="MaxValues"/>.</summary>
    public bool Fits(int row) => (long)(row + 1) * columns <= MaxValues;

    /// <summary>x[row, column] = value.</summary>
    public void Set(int column, int row, double value)
    {
        if (row >= stride) Grow(row);
        data ??= new double[(long)stride * columns];
        data[(long)column * stride + row] = value;
    }

    /// <summary>
    /// The first <paramref name="rows"/> rows as an array of exactly rows·p values, column-major: the storage itself when
    /// its stride is <paramref name="rows"/>, otherwise the columns moved into a new array. The buffer starts empty again.
    /// </summary>
    public double[] Take(int rows)
    {
        var taken = data ?? new double[(long)stride * columns];
        data = null;
        if (rows == stride) return taken;
        var exact = new double[(long)rows * columns];
        for (var f = 0; f < columns; f++) Array.Copy(taken, (long)f * stride, exact, (long)f * rows, rows);
        return exact;
    }

    private void Grow(int row)
    {
        var next = (int)Math.Min(Math.Max(row + 1L, stride + stride / 2L + 16), MaxValues / Math.Max(1, columns));
        if (data is not null)
        {
            var bigger = new double[(long)next * columns];
            for (var f = 0; f < columns; f++) Array.Copy(data, (long)f * stride, bigger, (long)f * next, stride);
            data = bigger;
        }
        stride = next;
    }
}

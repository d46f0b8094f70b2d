using System;
using PenaltyGen.Kernels;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// The Gram block of the hot features — every feature a working set has held since the cache was made (they join, never
/// leave) — copied out of the cache in the order they joined: K = G_HH (row-major, stride <see cref="Capacity"/>), with
/// q_H and h_H beside it. Covariance-mode sweeps step on the set (⊆ H) and update h on H only, |H| flops a step
/// instead of |C|, from rows that are contiguous and, while H is small, stay in the core's cache; the cache's own h
/// for the other features waits for the next check (<see cref="CovarianceState.Sync"/>). A joining feature costs one
/// read of its cache row and one entry in each hot row. Storage doubles when full.
/// </summary>
internal sealed class HotBlock
{
    private readonly int[] index;

    public HotBlock(int p)
    {
        index = new int[p];
        Array.Fill(index, -1);
        Members = new int[p];
        Grow(Math.Min(p, 64));
    }

    /// <summary>|H|.</summary>
    public int Count { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Feature of each hot position, in the order they joined.</summary>
    public int[] Members { get; }

    public double[] K { get; private set; } = [];

    public double[] Q { get; private set; } = [];

    public double[] H { get; private set; } = [];

    /// <summary>Hot position of feature j, or −1.</summary>
    public int IndexOf(int j) => index[j];

    public Span<double> HSpan => H.AsSpan(0, Count);

    /// <summary>Row i of K: G between hot feature i and every hot feature.</summary>
    public ReadOnlySpan<double> Row(int i) => K.AsSpan(i * Capacity, Count);

    /// <summary>
    /// Makes feature j (in the cache, at position <paramref name="slot"/> of <paramref name="cache"/>) hot: its row of K
    /// read from its cache row at the hot features' positions, mirrored into their rows; q_j and h_j (which must be
    /// exact) from the cache.
    /// </summary>
    public void Join(CovarianceState cache, int j, int slot)
    {
        if (index[j] >= 0) return;
        if (Count == Capacity) Grow(Math.Min(index.Length, 2 * Capacity));
        var i = Count++;
        index[j] = i;
        Members[i] = j;
        var row = cache.G.AsSpan(slot * cache.Capacity, cache.Count);
        var c = Capacity;
        for (var l = 0; l < i; l++)
        {
            var v = row[cache.Slot[Members[l]]];
            K[i * c + l] = v;
            K[l * c + i] = v;
        }
        K[i * c + i] = row[slot];
        Q[i] = cache.Q[slot];
        H[i] = cache.H[slot];
    }

    private void Grow(int capacity)
    {
        var k = new double[(long)capacity * capacity];
        for (var i = 0; i < Count; i++) K.AsSpan(i * Capacity, Count).CopyTo(k.AsSpan(i * capacity));
        K = k;
        Q = Resize(Q, capacity);
        H = Resize(H, capacity);
        Capacity = capacity;
    }

    private static double[] Resize(double[] a, int length)
    {
        var b = new double[length];
        a.AsSpan().CopyTo(b);
        return b;
    }

    /// <summary>h_H = q_H − K·w_H into <paramref name="destination"/> (w is zero outside H).</summary>
    public void ImageAt(ReadOnlySpan<double> w, Span<double> destination)
    {
        Q.AsSpan(0, Count).CopyTo(destination);
        for (var l = 0; l < Count; l++)
        {
            var wl = w[Members[l]];
            if (wl != 0) Blas.Axpy(-wl, Row(l), destination);
        }
    }
}

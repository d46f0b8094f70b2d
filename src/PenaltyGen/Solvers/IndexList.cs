using System;

namespace PenaltyGen.Solvers;

/// <summary>A list of distinct feature indices with O(1) membership, reused without allocation (working sets, scratch lists).</summary>
internal sealed class IndexList(int p)
{
    private readonly int[] items = new int[p];
    private readonly bool[] marked = new bool[p];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Span => items.AsSpan(0, Count);

    public bool Contains(int j) => marked[j];

    /// <summary>Membership of every feature (true for the listed ones).</summary>
    public ReadOnlySpan<bool> Marks => marked;

    public void Add(int j)
    {
        if (marked[j]) return;
        marked[j] = true;
        items[Count++] = j;
    }

    public void Clear()
    {
        for (var k = 0; k < Count; k++) marked[items[k]] = false;
        Count = 0;
    }
}

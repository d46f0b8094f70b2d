using System;

namespace PenaltyGen.Kernels;

/// <summary>
/// Doubles whose first element sits on a 64-byte boundary: a cache line, and one AVX-512 vector. A vector load or
/// store that straddles two cache lines costs about two, and a managed array's elements start wherever the allocator
/// put its header, so the kernels' hot operands (the residual that every coordinate step reads and writes, the columns
/// of a padded design) live in these. The storage is pinned (allocated on the pinned object heap), so the
/// alignment found once holds for the buffer's life.
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>The alignment in doubles (64 bytes).</summary>
    public const int Doubles = 8;

    private readonly double[] storage;
    private readonly int offset;

    /// <summary>A buffer of <paramref name="length"/> values, zeroed unless the caller writes every one first (<paramref name="zeroed"/> false).</summary>
    public AlignedBuffer(long length, bool zeroed = true)
    {
        if (length < 0 || length > Array.MaxLength - Doubles) throw new ArgumentOutOfRangeException(nameof(length), "too many values for one buffer");
        Length = (int)length;
        storage = zeroed ? GC.AllocateArray<double>(Length + Doubles - 1, pinned: true) : GC.AllocateUninitializedArray<double>(Length + Doubles - 1, pinned: true);
        unsafe
        {
            fixed (double* start = storage)
            {
                offset = (int)((Doubles - (long)start / sizeof(double) % Doubles) % Doubles);
            }
        }
    }

    /// <summary>The number of values.</summary>
    public int Length { get; }

    /// <summary>The values, the first on a 64-byte boundary.</summary>
    public Span<double> Span => storage.AsSpan(offset, Length);

    /// <summary><paramref name="count"/> rounded up to a whole number of 64-byte lines (the stride of a padded column).</summary>
    public static int Padded(int count) => (count + Doubles - 1) / Doubles * Doubles;
}

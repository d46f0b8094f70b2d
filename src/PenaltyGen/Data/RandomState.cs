using System;

namespace PenaltyGen.Data;

/// <summary>
/// numpy's legacy <c>np.random.RandomState(seed)</c>: the Mersenne Twister MT19937 seeded with
/// <c>init_genrand(seed)</c>, and the same bounded-integer and shuffle algorithms, so that
/// <c>Permutation</c> returns exactly numpy's permutation for the same seed. Mutable by nature
/// (a stream of draws); keep one per computation.
/// </summary>
public sealed class RandomState
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] mt = new uint[N];
    private int index;

    /// <summary>numpy's <c>RandomState(seed)</c>: MT19937 seeded by its init_genrand.</summary>
    public RandomState(uint seed)
    {
        // init_genrand (Matsumoto & Nishimura, 2002), as numpy's mt19937_seed.
        mt[0] = seed;
        for (var i = 1; i < N; i++)
            mt[i] = unchecked(1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i);
        index = N;
    }

    /// <summary>The next 32-bit output (genrand_int32, with tempering).</summary>
    public uint NextUInt32()
    {
        if (index >= N) Twist();
        var y = mt[index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>
    /// A uniform integer in [0, max], by numpy's legacy <c>random_interval</c>: mask to the
    /// smallest all-ones number ≥ max and reject values above max.
    /// </summary>
    public ulong NextInterval(ulong max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > max) { }
        }
        else
        {
            while ((value = NextUInt64() & mask) > max) { }
        }
        return value;
    }

    /// <summary><c>np.random.RandomState(seed).permutation(n)</c>: a Fisher–Yates shuffle of 0..n−1 from the top.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var a = new int[n];
        for (var i = 0; i < n; i++) a[i] = i;
        Shuffle(a);
        return a;
    }

    /// <summary>In-place shuffle as numpy's <c>RandomState.shuffle</c> on a 1-D array.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i >= 1; i--)
        {
            var j = (int)NextInterval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    private void Twist()
    {
        int k;
        uint y;
        for (k = 0; k < N - M; k++)
        {
            y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + M] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        for (; k < N - 1; k++)
        {
            y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        y = (mt[N - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        index = 0;
    }
}

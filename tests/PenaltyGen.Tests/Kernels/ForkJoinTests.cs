using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PenaltyGen.Kernels;
using Xunit;

namespace PenaltyGen.Tests.Kernels;

/// <summary>The allocation-free fork–join the working-set passes and Gram batches run on.</summary>
[Collection(nameof(PenaltyGen.Tests.Solvers.AllocationTests))]
public class ForkJoinTests
{
    /// <summary>Counts how often each item was done and by which thread.</summary>
    private readonly struct Mark(int[] hits, int[] threads) : IRangeBody
    {
        public void Run(int from, int to)
        {
            for (var k = from; k < to; k++)
            {
                Interlocked.Increment(ref hits[k]);
                threads[k] = Environment.CurrentManagedThreadId;
            }
        }
    }

    private readonly struct Fail(int at) : IRangeBody
    {
        public void Run(int from, int to)
        {
            if (from <= at && at < to) throw new InvalidOperationException($"item {at}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(3, 8)]
    [InlineData(1000, 8)]
    public void Every_item_is_done_exactly_once_in_contiguous_chunks(int count, int workers)
    {
        var hits = new int[count];
        var threads = new int[count];
        ForkJoin.For(count, workers, new Mark(hits, threads));
        Assert.All(hits, h => Assert.Equal(1, h));
        // Contiguous chunks, four per thread: the thread changes at most (chunks − 1) times along the items.
        var changes = 0;
        for (var k = 1; k < count; k++) if (threads[k] != threads[k - 1]) changes++;
        Assert.True(changes < Math.Min(count, 4 * Math.Min(workers, ForkJoin.Width)), $"{changes} changes of thread");
    }

    /// <summary>Item 0 fails; every other item takes a while and is counted.</summary>
    private readonly struct SlowAfterFirst(int[] hits) : IRangeBody
    {
        public void Run(int from, int to)
        {
            for (var k = from; k < to; k++)
            {
                if (k == 0) throw new InvalidOperationException("item 0");
                Thread.Sleep(1);
                Interlocked.Increment(ref hits[k]);
            }
        }
    }

    [Fact]
    public void A_call_that_fails_returns_only_after_the_helpers_chunks_have_finished()
    {
        var hits = new int[64];
        Assert.Throws<InvalidOperationException>(() => ForkJoin.For(hits.Length, 8, new SlowAfterFirst(hits)));
        var seen = hits.Sum();
        Thread.Sleep(100);
        Assert.Equal(seen, hits.Sum());
        var again = new int[64];
        ForkJoin.For(again.Length, 8, new Mark(again, new int[again.Length]));
        Assert.All(again, h => Assert.Equal(1, h));
    }

    [Fact]
    public void A_failing_range_is_rethrown_to_the_caller_and_the_helpers_stay_usable()
    {
        var count = 100;
        var last = count - 1; // the last range belongs to a helper whenever there is one
        var e = Assert.Throws<InvalidOperationException>(() => ForkJoin.For(count, 8, new Fail(last)));
        Assert.Equal($"item {last}", e.Message);
        var hits = new int[count];
        ForkJoin.For(count, 8, new Mark(hits, new int[count]));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void Concurrent_callers_each_get_all_their_items_done()
    {
        var results = new int[16][];
        Parallel.For(0, 16, c =>
        {
            for (var round = 0; round < 50; round++)
            {
                var hits = new int[257];
                ForkJoin.For(hits.Length, 8, new Mark(hits, new int[hits.Length]));
                results[c] = hits;
                Assert.All(hits, h => Assert.Equal(1, h));
            }
        });
        Assert.All(results, r => Assert.Equal(257, r.Length));
    }

    [Fact]
    public void A_call_allocates_nothing()
    {
        var hits = new int[4096];
        var body = new Mark(hits, new int[hits.Length]);
        ForkJoin.For(hits.Length, 8, body);
        var least = long.MaxValue;
        for (var k = 0; k < 3; k++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 100; round++) ForkJoin.For(hits.Length, 8, body);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}

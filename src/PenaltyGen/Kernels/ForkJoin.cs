using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace PenaltyGen.Kernels;

/// <summary>A piece of work over a range [from, to) of independent items (columns, panels).</summary>
public interface IRangeBody
{
    /// <summary>Does the items [from, to).</summary>
    void Run(int from, int to);
}

/// <summary>
/// Fork–join over the cores that allocates nothing per call, so that the solvers' two-core passes and Gram batches
/// keep "no allocation per iteration" exact (Parallel.For allocated a few hundred bytes per call, and how many on
/// the calling thread depended on the scheduling). Persistent background helpers, one per extra core (at most
/// seven), wait on a semaphore. A call cuts [0, count) into contiguous chunks (<see cref="ChunksPerWorker"/> per
/// thread), offers the call to the helpers and takes chunks itself; every thread takes the next chunk left until none
/// is. The caller then waits only for helpers that started: one that has not woken yet (its core busy with another
/// process, as on a shared host) is withdrawn, so a late helper never holds the call up — the caller has done its
/// share. One call at a time owns the helpers: a call that finds them busy (another thread's fit) does all its
/// chunks itself. The split never changes the results, because every item is done by one thread in one order.
/// With no more items than workers each chunk is one item; a thread takes another only after its own has returned, so
/// items that wait for each other (the proximal Newton model's paired halves) run on two threads — the caller, blocked
/// in its item, never reaches the point where it would withdraw the helper.
/// </summary>
public static class ForkJoin
{
    /// <summary>The most threads a call uses, the caller included.</summary>
    public static int Width { get; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    private static readonly Helper[] Helpers = CreateHelpers();

    private static int busy;

    /// <summary>
    /// Chunks per thread of a call: enough for a thread that runs slower (a shared core) to leave the rest of its share
    /// to the others, few enough that claiming one (an interlocked increment) stays negligible next to its work.
    /// </summary>
    private const int ChunksPerWorker = 4;

    // The call in progress (only the owner of the helpers writes them, before offering it): its items, its chunks,
    // and the next chunk to take.
    private static int callCount, callChunks, nextChunk;

    /// <summary>
    /// Runs <paramref name="body"/> over [0, <paramref name="count"/>) in contiguous chunks on up to
    /// <paramref name="workers"/> threads (the caller and the helpers that are free and wake in time); returns when every
    /// item is done. An exception in any chunk is rethrown here after the started chunks have finished.
    /// </summary>
    public static void For<TBody>(int count, int workers, in TBody body) where TBody : struct, IRangeBody
    {
        workers = Math.Clamp(Math.Min(workers, count), 1, Width);
        if (workers == 1 || alone || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            body.Run(0, count);
            return;
        }
        try
        {
            Slot<TBody>.Body = body;
            callCount = count;
            callChunks = Math.Min(count, workers * ChunksPerWorker);
            Volatile.Write(ref nextChunk, 0);
            for (var w = 1; w < workers; w++) Helpers[w - 1].Offer(Slot<TBody>.Invoke);
            var failure = TakeChunks(Slot<TBody>.Invoke);
            // Every helper is finished, even after a failure: none may still be running when the call returns.
            for (var w = 1; w < workers; w++)
            {
                var helperFailure = Helpers[w - 1].Finish();
                failure ??= helperFailure;
            }
            Slot<TBody>.Body = default;
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    /// <summary>
    /// Until the scope is disposed, every call on this thread does all its ranges itself: for work that is already split
    /// over the cores one level up (cross-validation's folds), where a second level would only add a third thread to two
    /// cores. The results are the same either way.
    /// </summary>
    public static AloneScope Alone()
    {
        var scope = new AloneScope(alone);
        alone = true;
        return scope;
    }

    /// <summary>Restores the thread's previous setting when disposed.</summary>
    public readonly struct AloneScope(bool previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => alone = previous;
    }

    [ThreadStatic]
    private static bool alone;

    private static int Bound(int count, int c, int chunks) => (int)((long)count * c / chunks);

    /// <summary>Runs the call's chunks this thread claims until none is left (or one fails: its exception is returned).</summary>
    private static Exception? TakeChunks(Action<int, int> body)
    {
        var (count, chunks) = (callCount, callChunks);
        for (var c = Interlocked.Increment(ref nextChunk) - 1; c < chunks; c = Interlocked.Increment(ref nextChunk) - 1)
        {
            try
            {
                body(Bound(count, c, chunks), Bound(count, c + 1, chunks));
            }
            catch (Exception e)
            {
                return e;
            }
        }
        return null;
    }

    private static Helper[] CreateHelpers()
    {
        var helpers = new Helper[Width - 1];
        for (var k = 0; k < helpers.Length; k++) helpers[k] = new Helper(k + 1);
        return helpers;
    }

    /// <summary>The body of the call in progress (only the owner of the helpers writes it).</summary>
    private static class Slot<TBody> where TBody : struct, IRangeBody
    {
        public static TBody Body;

        /// <summary>One delegate per body type, made once: handing work to a helper allocates nothing.</summary>
        public static readonly Action<int, int> Invoke = static (from, to) => Body.Run(from, to);
    }

    /// <summary>
    /// A background thread that takes chunks of the calls offered to it. Its state moves Idle → Offered (the caller) →
    /// Running (the helper, on waking) → Idle (the helper, when no chunk is left); a caller that finds it still Offered
    /// after its own chunks withdraws the offer (→ Idle) and does not wait. A withdrawn offer leaves a wake-up behind:
    /// the helper then finds its state Idle, or a later call's offer, which it takes as its own.
    /// </summary>
    private sealed class Helper
    {
        private const int Idle = 0, Offered = 1, Running = 2;

        private readonly SemaphoreSlim go = new(0);
        private readonly SemaphoreSlim done = new(0);
        private Action<int, int>? work;
        private int state;
        private Exception? failure;

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"PenaltyGen fork-join {index}" };
            thread.Start();
        }

        public void Offer(Action<int, int> body)
        {
            work = body;
            Volatile.Write(ref state, Offered);
            go.Release();
        }

        /// <summary>After the caller's chunks: withdraws an offer not taken yet, or waits for the helper's last chunk.</summary>
        public Exception? Finish()
        {
            if (Interlocked.CompareExchange(ref state, Idle, Offered) == Offered) return null;
            done.Wait();
            var e = failure;
            failure = null;
            return e;
        }

        private void Loop()
        {
            while (true)
            {
                go.Wait();
                if (Interlocked.CompareExchange(ref state, Running, Offered) != Offered) continue;
                failure = TakeChunks(work!);
                Volatile.Write(ref state, Idle);
                done.Release();
            }
        }
    }
}

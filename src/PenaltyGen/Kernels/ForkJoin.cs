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
/// seven), wait on a semaphore; a call hands each helper a contiguous range, runs the first range itself and waits
/// for the rest. One call at a time owns the helpers: a call that finds them busy (another thread's fit) does all
/// its ranges itself. The split never changes the results, because every item is done by one thread in one order.
/// </summary>
public static class ForkJoin
{
    /// <summary>The most threads a call uses, the caller included.</summary>
    public static int Width { get; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    private static readonly Helper[] Helpers = CreateHelpers();

    private static int busy;

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="workers"/> contiguous ranges covering [0, <paramref name="count"/>),
    /// in parallel when the helpers are free; returns when every range is done. An exception in any range is rethrown
    /// here after all ranges have finished.
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
            for (var w = 1; w < workers; w++) Helpers[w - 1].Start(Slot<TBody>.Invoke, Bound(count, w, workers), Bound(count, w + 1, workers));
            Exception? failure = null;
            try
            {
                body.Run(0, Bound(count, 1, workers));
            }
            catch (Exception e)
            {
                failure = e;
            }
            for (var w = 1; w < workers; w++) failure ??= Helpers[w - 1].Join();
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

    private static int Bound(int count, int w, int workers) => (int)((long)count * w / workers);

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

    private sealed class Helper
    {
        private readonly SemaphoreSlim go = new(0);
        private readonly SemaphoreSlim done = new(0);
        private Action<int, int>? work;
        private int from, to;
        private Exception? failure;

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"PenaltyGen fork-join {index}" };
            thread.Start();
        }

        public void Start(Action<int, int> body, int start, int end)
        {
            work = body;
            from = start;
            to = end;
            go.Release();
        }

        public Exception? Join()
        {
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
                try
                {
                    work!(from, to);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                work = null;
                done.Release();
            }
        }
    }
}

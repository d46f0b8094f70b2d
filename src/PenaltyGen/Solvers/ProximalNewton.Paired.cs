using System;
using System.Runtime.InteropServices;
using System.Threading;
using PenaltyGen.Data;
using PenaltyGen.Kernels;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// The two halves of a paired model sweep trade their partial sums here: per coordinate step (and per intercept step)
/// each half writes its partial dot (and, in a first sweep, its partial curvature) into the slot of the step's
/// parity, then publishes the step's number; the other half waits for that number and reads the slot. Two slots
/// suffice: a half writes step k + 2's slot only after it has seen step k + 1 published, so after its partner has
/// read step k's. The fields of each half sit on their own cache lines.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 384)]
internal struct PairSlots
{
    [FieldOffset(64)] public long Published0;
    [FieldOffset(72)] public double Dot0Even;
    [FieldOffset(80)] public double Norm0Even;
    [FieldOffset(88)] public double Dot0Odd;
    [FieldOffset(96)] public double Norm0Odd;
    [FieldOffset(192)] public long Published1;
    [FieldOffset(200)] public double Dot1Even;
    [FieldOffset(208)] public double Norm1Even;
    [FieldOffset(216)] public double Dot1Odd;
    [FieldOffset(224)] public double Norm1Odd;
}

/// <summary>What a paired sweep shares: the slots, and the result the first half reports.</summary>
internal sealed class PairExchange
{
    public PairSlots Slots;

    public double Intercept;

    public int Sweeps;

    public bool Settled;

    public void Reset() => (Slots.Published0, Slots.Published1) = (0, 0);

    /// <summary>Publishes half <paramref name="half"/>'s partials of step <paramref name="step"/>.</summary>
    public void Publish(int half, long step, double dot, double norm)
    {
        var even = (step & 1) == 0;
        if (half == 0)
        {
            if (even) (Slots.Dot0Even, Slots.Norm0Even) = (dot, norm);
            else (Slots.Dot0Odd, Slots.Norm0Odd) = (dot, norm);
            Volatile.Write(ref Slots.Published0, step);
        }
        else
        {
            if (even) (Slots.Dot1Even, Slots.Norm1Even) = (dot, norm);
            else (Slots.Dot1Odd, Slots.Norm1Odd) = (dot, norm);
            Volatile.Write(ref Slots.Published1, step);
        }
    }

    /// <summary>Waits for half <paramref name="half"/>'s partials of step <paramref name="step"/> and returns them.</summary>
    public (double Dot, double Norm) Await(int half, long step)
    {
        if (half == 0)
        {
            Wait(ref Slots.Published0, step);
            return (step & 1) == 0 ? (Slots.Dot0Even, Slots.Norm0Even) : (Slots.Dot0Odd, Slots.Norm0Odd);
        }
        Wait(ref Slots.Published1, step);
        return (step & 1) == 0 ? (Slots.Dot1Even, Slots.Norm1Even) : (Slots.Dot1Odd, Slots.Norm1Odd);
    }

    /// <summary>
    /// Spins on the partner's step number — the wait is normally shorter than one coordinate step, far shorter than
    /// a yield to the scheduler — and yields only after <see cref="BusySpins"/> checks (the partner was descheduled).
    /// </summary>
    private static void Wait(ref long published, long step)
    {
        for (var k = 0; k < BusySpins; k++)
        {
            if (Volatile.Read(ref published) >= step) return;
            Thread.SpinWait(1);
        }
        var spin = new SpinWait();
        while (Volatile.Read(ref published) < step) spin.SpinOnce(-1);
    }

    private const int BusySpins = 1 << 14;
}

internal static partial class ProximalNewton
{
    /// <summary>
    /// From this many rows the model's sweeps split every coordinate step's two reads of n-vectors into two halves of
    /// the rows, one per core: a step then costs half its reads plus one exchange of partial sums, which pays once the
    /// reads are long. Not tuned: the one shape timed is 10000 rows (docs/benchmarks.md).
    /// </summary>
    public const int PairedRows = 4096;

    /// <summary>
    /// Whether the model's sweeps split their rows in two: cyclic order (a random one would have to be drawn alike on both
    /// halves) and at least <see cref="PairedRows"/> rows. The decision depends on the data only, never on the cores or on
    /// what else runs, so the sums, and the coefficients, are the same whether the halves run on two cores or one after
    /// the other on one.
    /// </summary>
    private static bool Paired(Workspace ws, RandomState? random) => random is null && ws.Data.N >= PairedRows;

    /// <summary>
    /// <see cref="SweepModel{TPenalty}"/>'s sweeps with the rows in two halves: per coordinate step each half takes its
    /// partial ⟨x_j, ρ⟩ (and, in the first sweep, Σh x²), the two are added (a + b = b + a exactly in floating point),
    /// both halves take the same step from the same numbers, and each updates ρ and Xδw on its own rows. The intercept's
    /// Σρ is split the same way.
    /// </summary>
    private static double SweepModelPaired<TPenalty>(Workspace ws, in SolverSettings s, double hSum, double b, double innerTol, int maxSweeps,
        ref int sweeps, out bool settled)
        where TPenalty : struct, ISeparablePenalty
    {
        var exchange = ws.Path.Newton.Pair;
        exchange.Reset();
        ForkJoin.For(2, 2, new PairedModelSweep<TPenalty>(ws, s, hSum, b, innerTol, maxSweeps));
        sweeps += exchange.Sweeps;
        settled = exchange.Settled;
        return exchange.Intercept;
    }

    /// <summary>The halves of a paired sweep: Run(0, 1) and Run(1, 2) on two threads, or Run(0, 2) on one.</summary>
    private readonly struct PairedModelSweep<TPenalty>(Workspace ws, SolverSettings s, double hSum, double b, double innerTol, int maxSweeps) : IRangeBody
        where TPenalty : struct, ISeparablePenalty
    {
        public void Run(int from, int to)
        {
            if (to - from == 2) Both();
            else Half(from);
        }

        /// <summary>The row range of half <paramref name="half"/>: the split falls on a multiple of 8 rows.</summary>
        private (int Start, int Length) Rows(int half)
        {
            var middle = ws.Data.N / 2 & ~7;
            return half == 0 ? (0, middle) : (middle, ws.Data.N - middle);
        }

        /// <summary>Half <paramref name="half"/>'s sweeps, trading partial sums with the other half's thread.</summary>
        private void Half(int half)
        {
            var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
            var (start, length) = Rows(half);
            var h = state.Weights.AsSpan(start, length);
            var rho = state.Working.AsSpan(start, length);
            var direction = state.Direction.AsSpan(start, length);
            var (curvatures, exchange, other) = (state.Curvatures, state.Pair, 1 - half);
            var n = data.N;
            var intercept = b;
            var fresh = true;
            long step = 0;
            var done = 0;
            var settled = false;
            while (done < maxSweeps)
            {
                double wMax = 0, dwMax = 0;
                var set = state.Set.Span;
                var carried = double.NaN;
                for (var k = 0; k < set.Length; k++)
                {
                    var j = set[k];
                    var column = data.Column(j).Slice(start, length);
                    var old = w[j];
                    double dot = 0, norm = 0;
                    if (fresh) (dot, norm) = Blas.DotAndWeightedSquaredNorm(column, rho, h);
                    else if (!double.IsNaN(carried)) dot = carried;
                    else if (curvatures[j] > 0) dot = Blas.Dot(column, rho);
                    carried = double.NaN;
                    step++;
                    exchange.Publish(half, step, dot, norm);
                    var (dotOther, normOther) = exchange.Await(other, step);
                    var (dotSum, normSum) = (dot + dotOther, norm + normOther);
                    var a = fresh ? normSum / n : curvatures[j];
                    if (!(a > 0))
                    {
                        if (fresh && half == 0) curvatures[j] = a;
                        continue;
                    }
                    var updated = TPenalty.CoordinateMinimizer(a * old + dotSum / n, a, old, s.Penalty, s.Factor(j));
                    if (updated != old && !fresh && k + 1 < set.Length)
                        carried = Blas.NewtonStepThenDot(updated - old, h, column, rho, direction, data.Column(set[k + 1]).Slice(start, length));
                    else if (updated != old) Blas.NewtonStep(updated - old, h, column, rho, direction);
                    if (half == 0)
                    {
                        // Both halves read w_j and a_j before publishing, so the first half writes them after the exchange.
                        if (fresh) curvatures[j] = a;
                        w[j] = updated;
                    }
                    dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                    wMax = Math.Max(wMax, Math.Abs(updated));
                }
                if (s.FitIntercept)
                {
                    var part = 0.0;
                    foreach (var r in rho) part += r;
                    step++;
                    exchange.Publish(half, step, part, 0);
                    var (otherPart, _) = exchange.Await(other, step);
                    var shift = (part + otherPart) / hSum;
                    intercept += shift;
                    for (var i = 0; i < rho.Length; i++) rho[i] -= h[i] * shift;
                    dwMax = Math.Max(dwMax, Math.Abs(shift));
                }
                done++;
                fresh = false;
                if (Settled(wMax, dwMax, intercept, innerTol))
                {
                    settled = true;
                    break;
                }
            }
            if (half == 0) (exchange.Intercept, exchange.Sweeps, exchange.Settled) = (intercept, done, settled);
        }

        /// <summary>Both halves on this thread, one after the other per step: the same sums as <see cref="Half"/>'s.</summary>
        private void Both()
        {
            var (data, w, state) = (ws.Data, ws.Fit.W, ws.Path.Newton);
            var (start1, length1) = Rows(1);
            var (h, rho, direction) = (state.Weights, state.Working, state.Direction);
            Span<double> h0 = h.AsSpan(0, start1), h1 = h.AsSpan(start1, length1);
            Span<double> rho0 = rho.AsSpan(0, start1), rho1 = rho.AsSpan(start1, length1);
            Span<double> d0 = direction.AsSpan(0, start1), d1 = direction.AsSpan(start1, length1);
            var (curvatures, exchange) = (state.Curvatures, state.Pair);
            var n = data.N;
            var intercept = b;
            var fresh = true;
            var done = 0;
            var settled = false;
            while (done < maxSweeps)
            {
                double wMax = 0, dwMax = 0;
                var set = state.Set.Span;
                double carried0 = double.NaN, carried1 = double.NaN;
                for (var k = 0; k < set.Length; k++)
                {
                    var j = set[k];
                    var column = data.Column(j);
                    ReadOnlySpan<double> c0 = column.Slice(0, start1), c1 = column.Slice(start1, length1);
                    var old = w[j];
                    double dot0 = 0, norm0 = 0, dot1 = 0, norm1 = 0;
                    if (fresh)
                    {
                        (dot0, norm0) = Blas.DotAndWeightedSquaredNorm(c0, rho0, h0);
                        (dot1, norm1) = Blas.DotAndWeightedSquaredNorm(c1, rho1, h1);
                    }
                    else if (!double.IsNaN(carried0))
                    {
                        (dot0, dot1) = (carried0, carried1);
                    }
                    else if (curvatures[j] > 0)
                    {
                        (dot0, dot1) = (Blas.Dot(c0, rho0), Blas.Dot(c1, rho1));
                    }
                    (carried0, carried1) = (double.NaN, double.NaN);
                    var a = fresh ? (norm0 + norm1) / n : curvatures[j];
                    if (fresh) curvatures[j] = a;
                    if (!(a > 0)) continue;
                    var updated = TPenalty.CoordinateMinimizer(a * old + (dot0 + dot1) / n, a, old, s.Penalty, s.Factor(j));
                    if (updated != old && !fresh && k + 1 < set.Length)
                    {
                        var next = data.Column(set[k + 1]);
                        carried0 = Blas.NewtonStepThenDot(updated - old, h0, c0, rho0, d0, next.Slice(0, start1));
                        carried1 = Blas.NewtonStepThenDot(updated - old, h1, c1, rho1, d1, next.Slice(start1, length1));
                    }
                    else if (updated != old)
                    {
                        Blas.NewtonStep(updated - old, h0, c0, rho0, d0);
                        Blas.NewtonStep(updated - old, h1, c1, rho1, d1);
                    }
                    if (updated != old) w[j] = updated;
                    dwMax = Math.Max(dwMax, Math.Abs(updated - old));
                    wMax = Math.Max(wMax, Math.Abs(updated));
                }
                if (s.FitIntercept)
                {
                    double part0 = 0, part1 = 0;
                    foreach (var r in rho0) part0 += r;
                    foreach (var r in rho1) part1 += r;
                    var shift = (part0 + part1) / hSum;
                    intercept += shift;
                    for (var i = 0; i < rho.Length; i++) rho[i] -= h[i] * shift;
                    dwMax = Math.Max(dwMax, Math.Abs(shift));
                }
                done++;
                fresh = false;
                if (Settled(wMax, dwMax, intercept, innerTol))
                {
                    settled = true;
                    break;
                }
            }
            (exchange.Intercept, exchange.Sweeps, exchange.Settled) = (intercept, done, settled);
        }
    }
}

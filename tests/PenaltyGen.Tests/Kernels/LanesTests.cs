using System;
using System.Linq;
using System.Runtime.Intrinsics;
using PenaltyGen.Kernels;
using Xunit;

namespace PenaltyGen.Tests.Kernels;

/// <summary>
/// Every kernel at every SIMD width, not only the one this machine dispatches to: a width the processor does not
/// accelerate still runs (the runtime emulates it), so the 512-bit and 128-bit forms are checked here too. Each
/// against a plain loop, on lengths that leave every remainder.
/// </summary>
public unsafe class LanesTests
{
    public static TheoryData<int, int> Cases()
    {
        var cases = new TheoryData<int, int>();
        foreach (var width in new[] { 1, 128, 256, 512 })
        {
            foreach (var length in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 77, 300 }) cases.Add(width, length);
        }
        return cases;
    }

    private interface ICheck
    {
        void Run<TLanes, TVector>() where TLanes : struct, ILanes<TVector> where TVector : struct;
    }

    private static void At<TCheck>(int width, TCheck check) where TCheck : ICheck
    {
        switch (width)
        {
            case 512: check.Run<Lanes512, Vector512<double>>(); break;
            case 256: check.Run<Lanes256, Vector256<double>>(); break;
            case 128: check.Run<Lanes128, Vector128<double>>(); break;
            default: check.Run<Lanes1, double>(); break;
        }
    }

    private static double[] Draw(Random random, int length, double shift = 0) =>
        Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5 + shift).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Level_one_kernels_equal_plain_loops(int width, int length) => At(width, new LevelOne(length));

    private readonly struct LevelOne(int length) : ICheck
    {
        public void Run<TLanes, TVector>() where TLanes : struct, ILanes<TVector> where TVector : struct
        {
            var random = new Random(length);
            var (x, y) = (Draw(random, length), Draw(random, length));
            var next = Draw(random, length);
            var updated = y.ToArray();
            var fused = y.ToArray();
            var shifted = new double[length];
            double dot, sum, nextDot, fusedDot;
            fixed (double* px = x)
            fixed (double* py = y)
            fixed (double* pn = next)
            fixed (double* pu = updated)
            fixed (double* pf = fused)
            fixed (double* ps = shifted)
            {
                dot = Blas.Dot<TLanes, TVector>(px, py, length);
                sum = Blas.Sum<TLanes, TVector>(px, length);
                Blas.Axpy<TLanes, TVector>(-1.5, px, pu, length);
                nextDot = Blas.Dot<TLanes, TVector>(pn, pu, length);
                fusedDot = Blas.AxpyThenDot<TLanes, TVector>(-1.5, px, pf, pn, length);
                Blas.Shift<TLanes, TVector>(px, 0.25, ps, length);
            }
            Assert.Equal(x.Zip(y, (a, b) => a * b).Sum(), dot, 1e-13);
            Assert.Equal(x.Sum(), sum, 1e-13);
            // The fused step is the axpy then the dot, bit for bit: a sweep's iterates do not depend on which it took.
            Assert.Equal(updated, fused);
            Assert.Equal(nextDot, fusedDot);
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(y[i] - 1.5 * x[i], updated[i], 1e-15);
                Assert.Equal(x[i] + 0.25, shifted[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_column_in_a_group_of_four_has_the_product_it_has_alone(int width, int length) => At(width, new Pass(length));

    private readonly struct Pass(int length) : ICheck
    {
        public void Run<TLanes, TVector>() where TLanes : struct, ILanes<TVector> where TVector : struct
        {
            var random = new Random(length + 7);
            var (x, v) = (Draw(random, 4 * length), Draw(random, length));
            var grouped = new double[4];
            var alone = new double[4];
            fixed (double* px = x)
            fixed (double* pv = v)
            fixed (double* pg = grouped)
            {
                Blas.Dot4<TLanes, TVector>(px, px + length, px + 2 * length, px + 3 * length, length, pv, pg, pg + 1, pg + 2, pg + 3);
                for (var c = 0; c < 4; c++) alone[c] = Blas.Dot1<TLanes, TVector>(px + c * length, length, pv);
            }
            // Bit for bit: a pass's product must not depend on how its columns were grouped or split.
            Assert.Equal(alone, grouped);
            for (var c = 0; c < 4; c++)
            {
                var expected = 0.0;
                for (var i = 0; i < length; i++) expected += x[c * length + i] * v[i];
                Assert.Equal(expected, alone[c], 1e-13);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Proximal_newton_kernels_equal_plain_loops(int width, int length) => At(width, new Newton(length));

    private readonly struct Newton(int length) : ICheck
    {
        public void Run<TLanes, TVector>() where TLanes : struct, ILanes<TVector> where TVector : struct
        {
            var random = new Random(length + 11);
            var (x, y, h, next) = (Draw(random, length), Draw(random, length), Draw(random, length, 1.0), Draw(random, length));
            var (rho, delta) = (y.ToArray(), h.ToArray());
            var (rho2, delta2) = (y.ToArray(), h.ToArray());
            (double Dot, double WeightedNorm) fused;
            double carried;
            fixed (double* px = x)
            fixed (double* py = y)
            fixed (double* ph = h)
            fixed (double* pn = next)
            fixed (double* pr = rho)
            fixed (double* pd = delta)
            fixed (double* pr2 = rho2)
            fixed (double* pd2 = delta2)
            {
                fused = Blas.DotAndWeightedSquaredNorm<TLanes, TVector>(px, py, ph, length);
                Blas.NewtonStep<TLanes, TVector>(0.75, ph, px, pr, pd, length);
                carried = Blas.NewtonStepThenDot<TLanes, TVector>(0.75, ph, px, pr2, pd2, pn, length);
            }
            Assert.Equal(x.Zip(y, (a, b) => a * b).Sum(), fused.Dot, 1e-13);
            Assert.Equal(h.Zip(x, (a, b) => a * b * b).Sum(), fused.WeightedNorm, 1e-13);
            // The fused kernel makes the same update (its last rows unfused, so not bit for bit) and takes ⟨next, ρ⟩ with the updated ρ.
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(y[i] - 0.75 * h[i] * x[i], rho[i], 1e-15);
                Assert.Equal(h[i] + 0.75 * x[i], delta[i], 1e-15);
                Assert.Equal(rho[i], rho2[i], 1e-15);
                Assert.Equal(delta[i], delta2[i], 1e-15);
            }
            Assert.Equal(next.Zip(rho2, (a, b) => a * b).Sum(), carried, 1e-13);
        }
    }
}

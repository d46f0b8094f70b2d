using System;
using System.Runtime.Intrinsics;

namespace PenaltyGen.Kernels;

/// <summary>
/// One SIMD width of doubles, as the kernels use it. Each kernel is written once, generic over a lanes type, and
/// called with the widest one the processor accelerates (<see cref="Blas"/>): static abstract members on a struct
/// type argument are resolved and inlined when the JIT specializes the kernel, so the generic body compiles to the
/// code one would write by hand for that width. The widths: 512-bit (AVX-512), 256-bit (AVX2), 128-bit (SSE2,
/// Arm64 AdvSimd) and one double (no SIMD at all).
/// </summary>
internal unsafe interface ILanes<TVector> where TVector : struct
{
    /// <summary>Doubles per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Load(double* source);

    static abstract void Store(TVector value, double* destination);

    static abstract TVector Broadcast(double value);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Negate(TVector a);

    /// <summary>The sum of the lanes.</summary>
    static abstract double Sum(TVector value);
}

internal readonly unsafe struct Lanes512 : ILanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;
    public static Vector512<double> Load(double* source) => Vector512.Load(source);
    public static void Store(Vector512<double> value, double* destination) => Vector512.Store(value, destination);
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    public static Vector512<double> Negate(Vector512<double> a) => -a;
    public static double Sum(Vector512<double> value) => Vector512.Sum(value);
}

internal readonly unsafe struct Lanes256 : ILanes<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;
    public static Vector256<double> Load(double* source) => Vector256.Load(source);
    public static void Store(Vector256<double> value, double* destination) => Vector256.Store(value, destination);
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    public static Vector256<double> Negate(Vector256<double> a) => -a;
    public static double Sum(Vector256<double> value) => Vector256.Sum(value);
}

internal readonly unsafe struct Lanes128 : ILanes<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;
    public static Vector128<double> Load(double* source) => Vector128.Load(source);
    public static void Store(Vector128<double> value, double* destination) => Vector128.Store(value, destination);
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    public static Vector128<double> Negate(Vector128<double> a) => -a;
    public static double Sum(Vector128<double> value) => Vector128.Sum(value);
}

/// <summary>One double per "vector": the kernels' scalar form, for processors without SIMD.</summary>
internal readonly unsafe struct Lanes1 : ILanes<double>
{
    public static int Count => 1;
    public static double Load(double* source) => *source;
    public static void Store(double value, double* destination) => *destination = value;
    public static double Broadcast(double value) => value;
    public static double MultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    public static double Add(double a, double b) => a + b;
    public static double Multiply(double a, double b) => a * b;
    public static double Negate(double a) => -a;
    public static double Sum(double value) => value;
}

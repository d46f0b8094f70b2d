namespace PenaltyGen.Penalties;

/// <summary>
/// A scalar penalty term φ: ℝ → ℝ ∪ {+∞}, convex, applied to every penalized coefficient. Implement it
/// on a struct with public static members; the generator calls them directly so the JIT inlines them.
/// Implement <see cref="IProximalTerm"/> for a non-smooth term, <see cref="ISmoothTerm"/> for a smooth one.
/// </summary>
public interface IPenaltyTerm
{
    /// <summary>φ(x).</summary>
    static abstract double Value(double x);
}

/// <summary>A non-smooth term known through its proximal operator.</summary>
public interface IProximalTerm : IPenaltyTerm
{
    /// <summary>prox_{tφ}(v) = argmin_x ½(x − v)² + t·φ(x), for t ≥ 0.</summary>
    static abstract double Prox(double v, double t);
}

/// <summary>A smooth term: it goes to the gradient, with a Lipschitz bound on φ' for the step sizes.</summary>
public interface ISmoothTerm : IPenaltyTerm
{
    /// <summary>φ'(x).</summary>
    static abstract double Derivative(double x);

    /// <summary>L ≥ sup |φ''|: the Lipschitz constant of φ'.</summary>
    static abstract double Curvature { get; }
}

using System;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

/// <summary>
/// A whole fitting problem as one immutable value — data, penalty (the type argument), strength and options
/// (loss, tol, iterations, intercept, warm start, coordinate order) — to vary with <c>with</c> and solve with
/// <see cref="Solve"/>, a pure function of the value (the same problem gives bitwise the same fit).
/// </summary>
public sealed record Problem<TPenalty>(Dataset Data, double Alpha, FitOptions Options) where TPenalty : struct, IPenalty
{
    /// <summary>A problem with scikit-learn's default options.</summary>
    public Problem(Dataset data, double alpha) : this(data, alpha, FitOptions.Default)
    {
    }

    /// <summary>Fits the problem (a pure function of the value).</summary>
    public Fin<Fit> Solve() => Estimator.Fit<TPenalty>(Data, Alpha, Options);

    /// <summary>The same problem started from <paramref name="fit"/>'s coefficients.</summary>
    public Problem<TPenalty> WarmStartedFrom(Fit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return this with { Options = Options with { WarmStart = fit.Coefficients } };
    }
}

namespace PenaltyGen.Solvers;

/// <summary>
/// The rules every proximal Newton solver shares — dense (<see cref="ProximalNewton"/>), sparse (<c>Sparse.SparseNewton</c>),
/// multinomial (<c>Multinomial.MultinomialNewton</c>) and streamed (<c>Statistics.StreamingFits</c>) — so that they model,
/// search and stop alike.
/// </summary>
internal static class NewtonRules
{
    /// <summary>
    /// The model's curvature is at least this share of a sample's weight: σ(η)(1 − σ(η)) and p(1 − p) underflow to 0 for
    /// confident rows (|η| ≳ 37), a user's loss may be flat, and a zero curvature would make the model's coordinate steps undefined.
    /// </summary>
    public const double CurvatureFloor = 1e-12;

    /// <summary>The line search halves a Newton step at most this often (2⁻³⁰ of a step is below rounding); then the fit stops.</summary>
    public const int MaxHalvings = 30;

    /// <summary>
    /// Sweeps one model may take: the inner solve of an inexact Newton method needs no more (it is re-linearized anyway), and
    /// the budget of a fit counts Newton steps, as scikit-learn's <c>n_iter_</c> counts its solvers' iterations.
    /// </summary>
    public const int ModelSweepLimit = 1000;

    /// <summary>A step is accepted when the objective grows by at most this share of its size (rounding, not ascent).</summary>
    public const double AcceptedRounding = 1e-15;

    /// <summary>
    /// Inexact Newton: a model is swept to this share of the relative KKT residual the last step left, at most
    /// <see cref="InnerTolCap"/> (early models need no precision) and at least tol (the last models are swept to tol).
    /// </summary>
    public const double InnerShare = 0.1;

    /// <summary>The inner tolerance's cap (see <see cref="InnerShare"/>).</summary>
    public const double InnerTolCap = 1e-2;
}

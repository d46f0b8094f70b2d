using System;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers.WorkingSets;

/// <summary>
/// How the working-set engine has its inner products X_jᵀr, as glmnet's two modes of one Gaussian solver: from the
/// residual r kept in n-space (<see cref="ResidualMode"/>, "naive") or from a Gram cache in p-space
/// (<see cref="CovarianceMode"/>, "covariance"). The engine owns the loop (strong rule, sweeps, checks, certificate);
/// a mode owns the state it keeps and the arithmetic of one step, one check and one certificate.
/// </summary>
internal interface IProductMode
{
    /// <summary>The mode's path state (the set, c₀, the bounds' directions, the previous α).</summary>
    BoundedState State { get; }

    /// <summary>
    /// Whether a sweep that still moves is followed by sweeps of the non-zero coefficients only until they settle
    /// (glmnet's active-set cycling: it pays where a sweep costs a read of n-vectors).
    /// </summary>
    bool CyclesActive { get; }

    /// <summary>
    /// Whether a check reads the set's columns (about a sweep's worth of X): then, after a failed certificate, the next
    /// is scheduled by the gap's decay (<see cref="CheckSchedule"/>) rather than run after every settled sweep.
    /// </summary>
    bool ChecksReadColumns { get; }

    /// <summary>The Newton steps on the face taken when coordinate descent is predicted to converge slowly (<see cref="FaceNewton"/>).</summary>
    FaceNewton Face { get; }

    /// <summary>
    /// <see cref="FaceNewton.Solve"/> with this mode's Gram products, from the exact products on the set that the failed
    /// certificate left in ws.Fit.Gradient.
    /// </summary>
    bool SolveFace(in SolverSettings s, ElasticNetShape shape, double alphaN);

    /// <summary>
    /// Makes the products current for the warm start and fills the working set by the strong rule at <paramref name="strong"/>
    /// (<paramref name="l1"/> is the penalty's a₁, for a mode that plans over the rest of the path).
    /// </summary>
    void Begin(in SolverSettings s, double l1, double strong);

    /// <summary>One sweep of the set (of its non-zero coefficients only when <paramref name="activeOnly"/>); returns max |w_j| and max |Δw_j|.</summary>
    (double WMax, double DwMax) Sweep<TPenalty>(in SolverSettings s, in PenaltyParameters unscaled, bool activeOnly) where TPenalty : struct, IElasticNetPenalty;

    /// <summary>
    /// Fills the fit's products (exact for the set and uncertain features, bounds for certified ones) and adds the
    /// features whose product exceeds <paramref name="threshold"/>·f_j to the set; returns whether any joined.
    /// </summary>
    bool CheckOutside(in SolverSettings s, double threshold);

    /// <summary>
    /// What the mode keeps beside w (h over the cache, or r), made exact in place (<see cref="Extrapolation"/>).
    /// </summary>
    Span<double> Image();

    /// <summary>The image at the current w, computed afresh into <paramref name="destination"/> (the image's length).</summary>
    void ImageAt(Span<double> destination);

    /// <summary>
    /// ½‖r_new‖² − ½‖r_old‖² between coefficients that differ on the set only (<paramref name="old"/>: the set's former
    /// values in its order; the new ones are in w), from their exact images, in a form without the cancellation of
    /// ‖y‖²-sized terms.
    /// </summary>
    double LossChange(ReadOnlySpan<double> old, ReadOnlySpan<double> image, ReadOnlySpan<double> imageAtNew);

    /// <summary>After the image was replaced by the one at the extrapolated point: whatever the mode derives from it.</summary>
    void Replaced();

    /// <summary>
    /// The duality gap at the current point, from the products <see cref="CheckOutside"/> filled; the KKT residual is
    /// left NaN (the engine adds the reported certificate's from the same products).
    /// </summary>
    Certificate Certify<TPenalty>(in SolverSettings s) where TPenalty : struct, IElasticNetPenalty;

    /// <summary>Leaves what the next fit of the path starts from (the tangent, the residual's state).</summary>
    void End();
}

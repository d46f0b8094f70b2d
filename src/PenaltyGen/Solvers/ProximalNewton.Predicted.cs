using System;
using PenaltyGen.Kernels;
using PenaltyGen.Losses;
using PenaltyGen.Penalties;

namespace PenaltyGen.Solvers;

internal static partial class ProximalNewton
{
    /// <summary>
    /// Moves a path's fit to the start its last two solutions predict (<see cref="WorkingSets.PathPredictor"/>: the
    /// coefficients of the previous fit's set and the intercept extrapolated linearly in α) when that lowers the objective
    /// at α, judged from the losses at both points: (1/n)Σ s_i(ℓ(y_i, η'_i) − ℓ(y_i, η_i)) + α(g(w') − g(w)) &lt; 0. η must be
    /// current at (w, b); after a move it is the new point's (ℓ' is not). Returns whether the fit moved.
    /// </summary>
    private static bool PredictStart<TPenalty, TLoss>(Workspace ws, in SolverSettings s)
        where TPenalty : struct, ISeparablePenalty
        where TLoss : struct, ILoss
    {
        var (data, w, eta, state) = (ws.Data, ws.Fit.W, ws.Fit.Eta, ws.Path.Newton);
        var predictor = state.Predictor;
        var set = state.Set.Span;
        var count = predictor.Predict(w, s.Penalty.Alpha, set, s, ws.Fit.B);
        if (count == 0) return false;
        var penaltyBefore = TPenalty.Value(w, s.Penalty, s.FactorSpan);
        for (var i = 0; i < count; i++) w[set[i]] = predictor.Point[i];
        var change = TPenalty.Value(w, s.Penalty, s.FactorSpan) - penaltyBefore;
        var trial = state.EtaTrial;
        if (change < double.PositiveInfinity)
        {
            Blas.Gemv(data.X, data.N, w, trial);
            var loss = 0.0;
            for (var i = 0; i < data.N; i++)
            {
                trial[i] += predictor.Intercept;
                loss += data.Weight(i) * (TLoss.Value(data.Y[i], trial[i]) - TLoss.Value(data.Y[i], eta[i]));
            }
            change += loss / data.N;
        }
        if (change < 0)
        {
            trial.AsSpan().CopyTo(eta);
            ws.Fit.B = predictor.Intercept;
            return true;
        }
        for (var i = 0; i < count; i++) w[set[i]] = predictor.Old[i];
        return false;
    }
}

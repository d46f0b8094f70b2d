using System;

namespace PenaltyGen.Penalties;

/// <summary>
/// The folded concave penalties of a coordinate, with the strength λ (= α·f_j·weight) and the concavity parameter:
/// MCP (Zhang 2010; Breheny &amp; Huang 2011) P(x) = λ|x| − x²/(2γ) for |x| ≤ γλ, γλ²/2 beyond (γ &gt; 1);
/// SCAD (Fan &amp; Li 2001) P(x) = λ|x| for |x| ≤ λ, (2aλ|x| − x² − λ²)/(2(a − 1)) for λ &lt; |x| ≤ aλ, λ²(a + 1)/2 beyond
/// (a &gt; 2). Both have slope λ at 0 (the lasso's, so the lasso's α_max) and flatten to a constant: large coefficients
/// are not shrunk. Their most negative curvature is −1/γ and −1/(a − 1): a coordinate problem ½v·x² − z·x + P(x) is
/// convex exactly when v exceeds it, and then its minimizer is the firm (MCP) or SCAD thresholding of z. The generated
/// code of <c>[MCP]</c> and <c>[SCAD]</c> calls these; the math is in docs/penalties.md.
/// </summary>
public static class Concave
{
    /// <summary>MCP's value P(x).</summary>
    public static double McpValue(double x, double lambda, double gamma)
    {
        var ax = Math.Abs(x);
        return ax <= gamma * lambda ? lambda * ax - x * x / (2 * gamma) : 0.5 * gamma * lambda * lambda;
    }

    /// <summary>MCP's slope at x ≠ 0: sign(x)·max(λ − |x|/γ, 0).</summary>
    public static double McpSlope(double x, double lambda, double gamma) => Math.Sign(x) * Math.Max(lambda - Math.Abs(x) / gamma, 0);

    /// <summary>
    /// argmin_x ½v·x² − z·x + P(x) (the coordinate step, or with v = 1/t and z = u/t the prox of t·P at u). For v &gt; 1/γ the
    /// firm thresholding S(z, λ)/(v − 1/γ) when |z| ≤ γλv, z/v beyond; otherwise the problem is not convex and the
    /// smaller of its candidates (0, the kink γλ, the outer stationary point) is returned.
    /// </summary>
    public static double McpMinimizer(double z, double v, double lambda, double gamma)
    {
        if (v > 1 / gamma)
            return Math.Abs(z) <= gamma * lambda * v ? Proximal.SoftThreshold(z, lambda) / (v - 1 / gamma) : z / v;
        return Best(z, v, lambda, gamma, scad: false, 0.0, Math.Sign(z) * gamma * lambda, Math.Abs(z / v) > gamma * lambda ? z / v : 0.0, 0.0);
    }

    /// <summary>SCAD's value P(x).</summary>
    public static double ScadValue(double x, double lambda, double a)
    {
        var ax = Math.Abs(x);
        if (ax <= lambda) return lambda * ax;
        if (ax <= a * lambda) return (2 * a * lambda * ax - x * x - lambda * lambda) / (2 * (a - 1));
        return 0.5 * lambda * lambda * (a + 1);
    }

    /// <summary>SCAD's slope at x ≠ 0: sign(x)·λ for |x| ≤ λ, sign(x)·max(aλ − |x|, 0)/(a − 1) beyond.</summary>
    public static double ScadSlope(double x, double lambda, double a)
    {
        var ax = Math.Abs(x);
        return Math.Sign(x) * (ax <= lambda ? lambda : Math.Max(a * lambda - ax, 0) / (a - 1));
    }

    /// <summary>
    /// argmin_x ½v·x² − z·x + P(x) for SCAD. For v &gt; 1/(a − 1): S(z, λ)/v when |z| ≤ λ(1 + v), S(z, aλ/(a − 1))/(v − 1/(a − 1))
    /// when |z| ≤ aλv, z/v beyond; otherwise the smallest of the candidates (0, the knots λ and aλ, the outer stationary points).
    /// </summary>
    public static double ScadMinimizer(double z, double v, double lambda, double a)
    {
        var az = Math.Abs(z);
        if (v > 1 / (a - 1))
        {
            if (az <= lambda * (1 + v)) return Proximal.SoftThreshold(z, lambda) / v;
            if (az <= a * lambda * v) return Proximal.SoftThreshold(z, a * lambda / (a - 1)) / (v - 1 / (a - 1));
            return z / v;
        }
        var sign = Math.Sign(z);
        var inner = Math.Clamp(Proximal.SoftThreshold(z, lambda) / v, -lambda, lambda);
        return Best(z, v, lambda, a, scad: true, inner, sign * a * lambda, az / v > a * lambda ? z / v : 0.0, sign * lambda);
    }

    /// <summary>The distance from −(the smooth part's slope g) to the penalty's subdifferential: |g + P'(x)| off 0, max(|g| − λ, 0) at 0.</summary>
    public static double McpDistance(double x, double g, double lambda, double gamma) =>
        x == 0 ? Math.Max(Math.Abs(g) - lambda, 0) : Math.Abs(g + McpSlope(x, lambda, gamma));

    /// <inheritdoc cref="McpDistance"/>
    public static double ScadDistance(double x, double g, double lambda, double a) =>
        x == 0 ? Math.Max(Math.Abs(g) - lambda, 0) : Math.Abs(g + ScadSlope(x, lambda, a));

    /// <summary>The candidate with the least ½v·x² − z·x + P(x) (ties to the earlier one). Allocates nothing.</summary>
    private static double Best(double z, double v, double lambda, double parameter, bool scad, double first, double second, double third, double fourth)
    {
        var (best, value) = (first, Objective(first));
        foreach (var x in (ReadOnlySpan<double>)[second, third, fourth])
        {
            var h = Objective(x);
            if (h < value) (best, value) = (x, h);
        }
        return best;

        double Objective(double x) => 0.5 * v * x * x - z * x + (scad ? ScadValue(x, lambda, parameter) : McpValue(x, lambda, parameter));
    }
}

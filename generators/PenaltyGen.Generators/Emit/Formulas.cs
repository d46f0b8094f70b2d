using System.Collections.Generic;
using PenaltyGen.Generators.Model;

namespace PenaltyGen.Generators.Emit;

/// <summary>Writes a penalty's g(w) in symbols for documentation, e.g. "0.5·|w| + 0.25·w²".</summary>
internal static class Formulas
{
    public static string Describe(PenaltySpec spec)
    {
        var parts = new List<string>();
        if (spec.L1 != 0) parts.Add(Coefficient(spec.L1) + "|w|");
        if (spec.L2 != 0) parts.Add(Coefficient(spec.L2 / 2) + "w²");
        if (spec.HasRuntimeRatio)
        {
            var enet = "ρ·|w| + ½(1 − ρ)·w²";
            parts.Add(spec.RuntimeRatioWeight == 1 ? enet : Coefficient(spec.RuntimeRatioWeight) + "(" + enet + ")");
        }
        if (spec.HasGroup) parts.Add(Coefficient(spec.Group) + "√|G|·‖w_G‖");
        if (spec.IsConcave)
        {
            var (name, symbol) = spec.Concave == ConcaveKind.Mcp ? ("MCP", "γ") : ("SCAD", "a");
            var parameter = spec.HasRuntimeConcavity ? symbol : symbol + " = " + Numbers.Text(spec.Concavity);
            parts.Insert(0, name + "(w; " + (spec.ConcaveWeight == 1 ? "" : "λ·" + Numbers.Text(spec.ConcaveWeight) + ", ") + parameter + ")");
        }
        if (spec.Proximal is { } p) parts.Add(Coefficient(p.Weight) + p.DisplayName + "(w)");
        foreach (var s in spec.Smooth) parts.Add(Coefficient(s.Weight) + s.DisplayName + "(w)");
        var formula = parts.Count == 0 ? "0" : string.Join(" + ", parts);
        if (spec.HasBounds)
            formula += ", w ∈ " + (double.IsNegativeInfinity(spec.Lower) ? "(" : "[") + Numbers.Text(spec.Lower) + ", "
                + Numbers.Text(spec.Upper) + (double.IsPositiveInfinity(spec.Upper) ? ")" : "]");
        return formula;
    }

    private static string Coefficient(double c) => Numbers.Text(c) + "·";
}

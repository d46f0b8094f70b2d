using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Solvers;

namespace PenaltyGen.Tests.Solvers;

/// <summary>One scikit-learn fit from parity.json.</summary>
public sealed record ParityCase(string Data, string Model, double Alpha, double L1Ratio, bool Tight,
    double[] Coef, double Intercept, int Iterations, double DualGap)
{
    public override string ToString() => $"{Model}({Data}, α={Alpha}, ρ={L1Ratio}, {(Tight ? "tight" : "default tol")})";
}

internal static class ParityFixtures
{
    private static readonly JsonElement Root = Reference.Load("parity.json");

    public static readonly IReadOnlyList<ParityCase> Cases = Root.GetProperty("cases").EnumerateArray().Select(c => new ParityCase(
        c.GetProperty("data").GetString()!, c.GetProperty("model").GetString()!, c.GetProperty("alpha").GetDouble(),
        c.GetProperty("l1_ratio").GetDouble(), c.GetProperty("tight").GetBoolean(), c.GetProperty("coef").Doubles(),
        c.GetProperty("intercept").GetDouble(), c.GetProperty("n_iter").GetInt32(),
        c.GetProperty("dual_gap").ValueKind == JsonValueKind.Null ? double.NaN : c.GetProperty("dual_gap").GetDouble())).ToList();

    private static readonly Dictionary<string, Dataset> Sets = LoadSets();

    private static Dictionary<string, Dataset> LoadSets()
    {
        var sets = new Dictionary<string, Dataset> { ["diabetes"] = Diabetes.Load() };
        foreach (var d in Root.GetProperty("datasets").EnumerateObject())
        {
            var columns = d.Value.GetProperty("X").Matrix();
            var y = d.Value.GetProperty("y").Doubles();
            var names = Enumerable.Range(0, columns.Length).Select(j => $"x{j}").ToArray();
            sets[d.Name] = Dataset.FromColumnMajor(columns.SelectMany(c => c).ToArray(), y, names).ThrowIfFail();
        }
        return sets;
    }

    public static Dataset Data(string name) => Sets[name];

    /// <summary>The scikit-learn estimator of the case, as a PenaltyGen built-in model.</summary>
    public static Fit Fit(ParityCase c, FitOptions options) => c.Model switch
    {
        "lasso" => Lasso.Fit(Data(c.Data), c.Alpha, options).ThrowIfFail(),
        "ridge" => Ridge.Fit(Data(c.Data), c.Alpha, options).ThrowIfFail(),
        _ => ElasticNet.Fit(Data(c.Data), c.Alpha, options with { L1Ratio = c.L1Ratio }).ThrowIfFail(),
    };

    /// <summary>The 1/(2n) objective of a coefficient vector on the case's data.</summary>
    public static double Objective(ParityCase c, double[] w, double b)
    {
        var data = Data(c.Data);
        var n = data.Rows;
        double loss = 0;
        for (var i = 0; i < n; i++)
        {
            var eta = b;
            for (var j = 0; j < data.Columns; j++) eta += data[i, j] * w[j];
            loss += (data.Target[i] - eta) * (data.Target[i] - eta);
        }
        var l1 = w.Sum(Math.Abs);
        var l2 = w.Sum(v => v * v);
        return loss / (2 * n) + c.Alpha * c.L1Ratio * l1 + 0.5 * c.Alpha * (1 - c.L1Ratio) * l2;
    }

    public static double YVariance(ParityCase c)
    {
        var y = Data(c.Data).Target.ToArray();
        var mean = y.Average();
        return y.Sum(v => (v - mean) * (v - mean)) / y.Length;
    }
}

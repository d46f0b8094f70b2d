using System;
using System.Globalization;
using System.Linq;
using CustomPenalty;
using PenaltyGen.Data;
using PenaltyGen.Models;

// User-written penalty terms composed with built-ins, fitted on the Diabetes data next to a plain Lasso.
var data = Diabetes.Load();
var lasso = Lasso.Fit(data, 0.1).ThrowIfFail();
var huber = LassoWithHuber.Fit(data, 0.1).ThrowIfFail();
var steep = SteepL1Ridge.Fit(data, 0.5).ThrowIfFail();

Console.WriteLine($"LassoWithHuber: g(w) = {LassoWithHuber.Penalty.Formula}");
Console.WriteLine($"SteepL1Ridge:   g(w) = {SteepL1Ridge.Penalty.Formula}");
Console.WriteLine();
Console.WriteLine($"{"feature",-8} {"Lasso(0.1)",12} {"L1+Huber",12} {"SteepL1+L2",12}");
for (var j = 0; j < data.Columns; j++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{data.FeatureNames[j],-8} {lasso.Coefficients[j],12:F2} {huber.Coefficients[j],12:F2} {steep.Coefficients[j],12:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{"R²",-8} {lasso.Score(data).ThrowIfFail(),12:F4} {huber.Score(data).ThrowIfFail(),12:F4} {steep.Score(data).ThrowIfFail(),12:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{"KKT",-8} {lasso.KktResidual,12:E1} {huber.KktResidual,12:E1} {steep.KktResidual,12:E1}"));
return new[] { lasso, huber, steep }.All(f => f.Converged) ? 0 : 1;

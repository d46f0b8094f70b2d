using System;
using System.Globalization;
using System.Linq;
using CustomLoss;
using PenaltyGen;
using PenaltyGen.Data;
using PenaltyGen.Models;
using PenaltyGen.Paths;
using PenaltyGen.Solvers;

// A user-written loss through the same pipeline as the built-in ones: the Diabetes data with five targets made gross
// outliers, fitted by the lasso penalty with least squares and with Huber's loss (samples/CustomLoss/Huber.cs).
var data = Diabetes.Load();
var y = data.Target.ToArray();
foreach (var i in new[] { 3, 50, 120, 200, 333 }) y[i] += 400;
var noisy = Dataset.FromMatrix(data.FeatureMatrix(), MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(y), [.. data.FeatureNames]).ThrowIfFail();
var squares = Estimator.Fit<Lasso.Penalty>(noisy, 0.1).ThrowIfFail();
var huber = Estimator.Fit<Lasso.Penalty, Huber>(noisy, 0.1, FitOptions.Default with { Tol = 1e-10 }).ThrowIfFail();
var clean = Estimator.Fit<Lasso.Penalty>(data, 0.1).ThrowIfFail();
Console.WriteLine(huber);
Console.WriteLine($"{"feature",-8} {"clean LS",10} {"noisy LS",10} {"noisy Huber",12}");
for (var j = 0; j < data.Columns; j++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{data.FeatureNames[j],-8} {clean.Coefficients[j],10:F2} {squares.Coefficients[j],10:F2} {huber.Coefficients[j],12:F2}"));
var path = RegularizationPaths.Fit<Lasso.Penalty, Huber>(noisy, 30, 1e-2).ThrowIfFail();
Console.WriteLine($"Huber path: {path.Fits.Length} fits, all converged: {path.Fits.All(f => f.Converged)}, non-zero at the end: {path.Fits[^1].NonZeroCount}");
return huber.Converged && path.Fits.All(f => f.Converged) ? 0 : 1;

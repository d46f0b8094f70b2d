using System;
using System.Linq;
using PenaltyGen.Data;
using PenaltyGen.Metrics;

// The seed article's experiment, step one: the data and the split it used.
var data = Diabetes.Load();
var split = data.TrainTestSplit(testSize: 0.2, randomState: 42).ThrowIfFail();

// The mean-only model predicts the training mean everywhere: the floor any penalty must beat.
var mean = split.Train.Target.ToArray().Average();
var trainR2 = Regression.R2(split.Train.Target, Enumerable.Repeat(mean, split.Train.Rows).ToArray());
var testR2 = Regression.R2(split.Test.Target, Enumerable.Repeat(mean, split.Test.Rows).ToArray());

Console.WriteLine($"Diabetes: {data.Rows} rows × {data.Columns} features ({string.Join(", ", data.FeatureNames)})");
Console.WriteLine($"train_test_split(test_size=0.2, random_state=42): {split.Train.Rows} train, {split.Test.Rows} test");
Console.WriteLine($"mean-only model: train R² = {trainR2:F4}, test R² = {testR2:F4}");

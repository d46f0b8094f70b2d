using System;
using LanguageExt;
using PenaltyGen.Data;
using PenaltyGen.Errors;

namespace PenaltyGen;

/// <summary>Row indices of a split, in the order scikit-learn returns the rows.</summary>
public sealed record SplitIndices(int[] Train, int[] Test);

/// <summary>A dataset split into a training part and a held-out test part.</summary>
public sealed record TrainTest(Dataset Train, Dataset Test, SplitIndices Indices);

/// <summary>
/// scikit-learn's <c>train_test_split(X, y, test_size=t, random_state=s)</c> (shuffle on, no
/// stratification): p = RandomState(s).permutation(n); n_test = ⌈t·n⌉; test = p[:n_test],
/// train = p[n_test:]. Rows keep the permutation's order, as sklearn's do.
/// </summary>
public static class Splits
{
    /// <summary>The row indices of scikit-learn's split of <paramref name="rows"/> rows; an error for a test size outside (0, 1) or no training rows.</summary>
    public static Fin<SplitIndices> TrainTestIndices(int rows, double testSize, uint randomState)
    {
        if (!(testSize > 0 && testSize < 1))
            return new ParameterError("test_size", testSize.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                "must lie strictly between 0 and 1");
        var nTest = (int)Math.Ceiling(testSize * rows);
        var nTrain = rows - nTest;
        if (nTrain <= 0)
            return new ParameterError("test_size", testSize.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                $"leaves no training rows out of {rows}");
        var permutation = new RandomState(randomState).Permutation(rows);
        return new SplitIndices(permutation[nTest..], permutation[..nTest]);
    }

    /// <summary>scikit-learn's <c>train_test_split(X, y, test_size, random_state)</c> of the dataset's rows.</summary>
    public static Fin<TrainTest> TrainTestSplit(this Dataset data, double testSize = 0.25, uint randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return TrainTestIndices(data.Rows, testSize, randomState)
            .Map(ix => new TrainTest(data.SelectRows(ix.Train), data.SelectRows(ix.Test), ix));
    }
}

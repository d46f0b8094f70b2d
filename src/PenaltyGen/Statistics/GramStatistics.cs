using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LanguageExt;
using PenaltyGen.Errors;
using PenaltyGen.Kernels;

namespace PenaltyGen.Statistics;

/// <summary>
/// The sufficient statistics of a weighted least-squares fit (Spark's <c>WeightedLeastSquares</c> aggregates the same):
/// the row count n, Σw, and about a shift (c, c_y) — x̃ = x − c, ỹ = y − c_y — the sums Σwx̃, Σwỹ, Σwỹ², Σwx̃ỹ and the packed
/// upper triangle of Σwx̃x̃ᵀ. The shift keeps the centred moments free of cancellation (a builder takes its first chunk's
/// weighted means; a file written by Spark has c = 0, raw sums). Statistics <see cref="Merge"/> associatively and
/// commutatively (up to rounding), with <see cref="Empty"/> as the identity, so they can be built from row chunks in
/// O(p²) memory, on many machines, and summed; <see cref="Subtract"/> takes a part away (a CV fold's training rows).
/// Packed index of (j, k), k ≥ j: j·p − j(j − 1)/2 + (k − j).
/// </summary>
public sealed record GramStatistics
{
    /// <summary>The identity of <see cref="Merge"/>: no rows, no features (it merges with statistics of any features).</summary>
    public static GramStatistics Empty { get; } = new();

    /// <summary>The features, in the order of every per-feature array.</summary>
    public ImmutableArray<string> FeatureNames { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>The target column's name.</summary>
    public string TargetName { get; init; } = string.Empty;

    /// <summary>n, the rows summed.</summary>
    public long Rows { get; init; }

    /// <summary>Σw (n without weights).</summary>
    public double WeightSum { get; init; }

    /// <summary>c, the features' shift.</summary>
    public ImmutableArray<double> Shift { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>c_y, the target's shift.</summary>
    public double TargetShift { get; init; }

    /// <summary>Σw·x̃ per feature.</summary>
    public ImmutableArray<double> FeatureSums { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>Σw·ỹ.</summary>
    public double TargetSum { get; init; }

    /// <summary>Σw·ỹ².</summary>
    public double TargetSquares { get; init; }

    /// <summary>Σw·x̃ỹ per feature.</summary>
    public ImmutableArray<double> Products { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>Σw·x̃x̃ᵀ, packed upper triangle, row by row.</summary>
    public ImmutableArray<double> Gram { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>p, the number of features.</summary>
    public int Columns => FeatureNames.Length;

    /// <summary>Whether these are the empty statistics (no rows).</summary>
    public bool IsEmpty => Rows == 0;

    /// <summary>The packed index of (j, k) in <see cref="Gram"/>, either order.</summary>
    public static int Packed(int j, int k, int p)
    {
        if (k < j) (j, k) = (k, j);
        return j * p - j * (j - 1) / 2 + (k - j);
    }

    /// <summary>
    /// The statistics of a dataset's rows, <paramref name="chunkRows"/> at a time (memory: one chunk and O(p²)), with the
    /// sample weights (empty: all 1). The shift is the first chunk's weighted means.
    /// </summary>
    /// <returns>The statistics, or an error naming the weights' problem.</returns>
    public static Fin<GramStatistics> Of(Dataset data, ImmutableArray<double> weights = default, int chunkRows = 4096)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasTarget) return new DataError("data", null, null, "has no target column; statistics need one");
        if (!weights.IsDefaultOrEmpty && weights.Length != data.Rows)
            return new ParameterError("sample_weight", $"{weights.Length} values", $"need one per row ({data.Rows})");
        if (chunkRows < 1) return new ParameterError("chunk_rows", chunkRows.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be ≥ 1");
        var total = Empty;
        for (var start = 0; start < data.Rows; start += chunkRows)
        {
            var rows = Enumerable.Range(start, Math.Min(chunkRows, data.Rows - start)).ToArray();
            var chunk = data.SelectRows(rows);
            var w = weights.IsDefaultOrEmpty ? null : rows.Select(i => weights[i]).ToArray();
            var part = OfChunk(chunk, w, total.IsEmpty ? null : total);
            if (part.IsFail) return part;
            total = total.Merge(part.ThrowIfFail()).ThrowIfFail();
        }
        return total.IsEmpty ? total with { FeatureNames = data.FeatureNames, TargetName = data.TargetName } : total;
    }

    /// <summary>
    /// The statistics of one chunk of rows (weights null: all 1), about <paramref name="like"/>'s shift when given, else about
    /// the chunk's own weighted means. Σwx̃x̃ᵀ by the register-blocked Gram kernel on the √w-scaled, shifted columns.
    /// </summary>
    public static Fin<GramStatistics> OfChunk(Dataset chunk, double[]? weights, GramStatistics? like = null)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.IsSparse) return new DataError("data", null, null, "holds sparse features; statistics are summed from dense rows: convert them with Dataset.ToDense()");
        int n = chunk.Rows, p = chunk.Columns;
        var weightSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var s = weights?[i] ?? 1.0;
            if (!(s >= 0) || double.IsInfinity(s)) return new ParameterError($"sample_weight[{i}]", s.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "must be a finite number ≥ 0");
            weightSum += s;
        }
        var y = chunk.Target;
        var (shift, targetShift) = like is { IsEmpty: false } ? (like.Shift.ToArray(), like.TargetShift) : Means(chunk, weights, weightSum);
        var roots = new double[n];
        for (var i = 0; i < n; i++) roots[i] = Math.Sqrt(weights?[i] ?? 1.0);
        var scaled = new double[n * p];
        var featureSums = new double[p];
        var products = new double[p];
        var targetTilde = new double[n];
        double targetSum = 0, targetSquares = 0;
        for (var i = 0; i < n; i++)
        {
            var s = weights?[i] ?? 1.0;
            targetTilde[i] = y[i] - targetShift;
            targetSum += s * targetTilde[i];
            targetSquares += s * targetTilde[i] * targetTilde[i];
        }
        for (var j = 0; j < p; j++)
        {
            var x = chunk.Column(j);
            for (var i = 0; i < n; i++)
            {
                var xt = x[i] - shift[j];
                var s = weights?[i] ?? 1.0;
                featureSums[j] += s * xt;
                products[j] += s * xt * targetTilde[i];
                scaled[j * n + i] = roots[i] * xt;
            }
        }
        return new GramStatistics
        {
            FeatureNames = chunk.FeatureNames, TargetName = chunk.TargetName, Rows = n, WeightSum = weightSum,
            Shift = [.. shift], TargetShift = targetShift, FeatureSums = [.. featureSums], TargetSum = targetSum,
            TargetSquares = targetSquares, Products = [.. products], Gram = [.. PackedGram(scaled, n, p)],
        };
    }

    private static (double[] Shift, double TargetShift) Means(Dataset chunk, double[]? weights, double weightSum)
    {
        var shift = new double[chunk.Columns];
        if (!(weightSum > 0)) return (shift, 0.0);
        for (var j = 0; j < shift.Length; j++)
        {
            var x = chunk.Column(j);
            for (var i = 0; i < x.Length; i++) shift[j] += (weights?[i] ?? 1.0) * x[i];
            shift[j] /= weightSum;
        }
        var target = 0.0;
        for (var i = 0; i < chunk.Rows; i++) target += (weights?[i] ?? 1.0) * chunk.Target[i];
        return (shift, target / weightSum);
    }

    /// <summary>The packed upper triangle of XᵀX for column-major X (the Gram kernel's mirrored square).</summary>
    private static double[] PackedGram(double[] x, int rows, int p)
    {
        var columns = Enumerable.Range(0, p).ToArray();
        var square = new double[p * p];
        if (rows > 0 && p > 0) Kernels.Gram.Cross(x, rows, columns, columns, square, p, 0);
        var packed = new double[p * (p + 1) / 2];
        for (var k = 0; k < p; k++)
        {
            // Entries (i, k) with i ≤ k are promised: result[k·p + i].
            for (var i = 0; i <= k; i++) packed[Packed(i, k, p)] = square[k * p + i];
        }
        return packed;
    }

    /// <summary>
    /// The statistics of both parts' rows: every sum added after moving <paramref name="other"/> to this shift (exact
    /// algebra: x̃' = x̃ + d with d = c_other − c_this). Empty statistics are the identity; different features are an error.
    /// </summary>
    public Fin<GramStatistics> Merge(GramStatistics other) => Combine(other, 1.0);

    /// <summary>These statistics with <paramref name="part"/>'s rows taken away (a fold's training rows = total − fold).</summary>
    public Fin<GramStatistics> Subtract(GramStatistics part) => Combine(part, -1.0);

    private Fin<GramStatistics> Combine(GramStatistics other, double sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty && other.Columns == 0) return this;
        if (IsEmpty && Columns == 0) return sign > 0 ? other : new ParameterError("statistics", "empty", "cannot have rows taken away");
        if (!FeatureNames.SequenceEqual(other.FeatureNames))
            return new DataError("statistics", null, null, $"hold the features {string.Join(", ", other.FeatureNames)}, but the others hold {string.Join(", ", FeatureNames)}; statistics merge only over the same features in the same order");
        if (TargetName != other.TargetName)
            return new DataError("statistics", null, other.TargetName, $"is the target of one part and '{TargetName}' of the other");
        var moved = other.ShiftedTo(Shift, TargetShift);
        int p = Columns;
        var gram = new double[Gram.Length];
        for (var m = 0; m < gram.Length; m++) gram[m] = Gram[m] + sign * moved.Gram[m];
        return this with
        {
            Rows = Rows + (long)sign * other.Rows,
            WeightSum = WeightSum + sign * other.WeightSum,
            FeatureSums = [.. Enumerable.Range(0, p).Select(j => FeatureSums[j] + sign * moved.FeatureSums[j])],
            Products = [.. Enumerable.Range(0, p).Select(j => Products[j] + sign * moved.Products[j])],
            TargetSum = TargetSum + sign * moved.TargetSum,
            TargetSquares = TargetSquares + sign * moved.TargetSquares,
            Gram = [.. gram],
        };
    }

    /// <summary>The same rows' sums about another shift (c', c_y'): with d = c − c' and e = c_y − c_y', x' = x̃ + d, y' = ỹ + e.</summary>
    public GramStatistics ShiftedTo(ImmutableArray<double> shift, double targetShift)
    {
        int p = Columns;
        var d = Enumerable.Range(0, p).Select(j => Shift[j] - shift[j]).ToArray();
        var e = TargetShift - targetShift;
        if (e == 0 && d.All(v => v == 0)) return this;
        var gram = new double[Gram.Length];
        for (var j = 0; j < p; j++)
        {
            for (var k = j; k < p; k++)
            {
                var m = Packed(j, k, p);
                gram[m] = Gram[m] + d[j] * FeatureSums[k] + d[k] * FeatureSums[j] + d[j] * d[k] * WeightSum;
            }
        }
        return this with
        {
            Shift = shift,
            TargetShift = targetShift,
            FeatureSums = [.. Enumerable.Range(0, p).Select(j => FeatureSums[j] + d[j] * WeightSum)],
            Products = [.. Enumerable.Range(0, p).Select(j => Products[j] + d[j] * TargetSum + e * FeatureSums[j] + d[j] * e * WeightSum)],
            TargetSum = TargetSum + e * WeightSum,
            TargetSquares = TargetSquares + 2 * e * TargetSum + e * e * WeightSum,
            Gram = [.. gram],
        };
    }

    /// <summary>
    /// The statistics of a CSV file read in chunks of <paramref name="chunkRows"/> rows (memory: one chunk and O(p²), whatever
    /// the file's size), with the sample weights of <paramref name="weightColumn"/> (taken out of the features) when given.
    /// </summary>
    /// <returns>The statistics, or the first error naming the file, line and column.</returns>
    public static Fin<GramStatistics> FromCsv(string path, string targetColumn, string? weightColumn = null, int chunkRows = 4096)
    {
        var total = Empty;
        return CsvDataset.ReadChunks(path, targetColumn, chunkRows, chunk =>
        {
            var split = weightColumn is null ? Fin<(Dataset Remaining, double[] Values)>.Succ((chunk, null!)) : chunk.TakeColumn(weightColumn);
            return split.Bind(t => OfChunk(t.Remaining, t.Values, total.IsEmpty ? null : total)).Bind(part => total.Merge(part)).Map(merged =>
            {
                total = merged;
                return Prelude.unit;
            });
        }).Map(_ => total);
    }

    /// <summary>Merges every part (in order); the empty statistics for none.</summary>
    public static Fin<GramStatistics> MergeAll(IEnumerable<GramStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var total = Fin<GramStatistics>.Succ(Empty);
        foreach (var part in parts) total = total.Bind(t => t.Merge(part));
        return total;
    }
}

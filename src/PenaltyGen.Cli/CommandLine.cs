using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.IO;
using System.Linq;
using LanguageExt;
using Option = System.CommandLine.Option;
using LanguageExt.Common;
using PenaltyGen.Data;
using PenaltyGen.Errors;
using PenaltyGen.Solvers;

namespace PenaltyGen.Cli;

/// <summary>
/// The <c>penaltygen</c> commands. Exit codes: 0 success (non-convergence included, with a <c>warning:</c>
/// line), 2 bad input (one <c>error:</c> line on stderr naming the file, row, column or parameter, and no
/// output folder left behind). Everything takes its writers so tests run it in process.
/// </summary>
public static partial class CommandLine
{
    private static readonly System.CommandLine.Option<FileInfo> Data = new("--data") { Description = "CSV file with a header row, or sparse rows: LibSVM (.svm, .libsvm, .svmlight) or Matrix Market (.mtx) (fit, path, cv: or --stats)" };
    private static readonly System.CommandLine.Option<string> Target = new("--target") { Description = "name of the target column (a Matrix Market --data: the target's .mtx file; a LibSVM --data: none, its labels are the target)" };
    private static readonly System.CommandLine.Option<string> Model = new("--model") { Description = "lasso | ridge | elasticnet | grouplasso | linear | logistic | multinomial | poisson", Required = true };
    private static readonly System.CommandLine.Option<string> Groups = new("--groups") { Description = "grouplasso: one group id per feature, in column order, e.g. 0,0,1,1,1 (a group's features adjacent)" };
    private static readonly System.CommandLine.Option<string> PenaltyFactors = new("--penalty-factors") { Description = "per-feature penalty factors f ≥ 0 in column order: a,b,c or a file holding them (comma- or line-separated)" };
    private static readonly System.CommandLine.Option<string> Scaling = new("--penalty-factor-scaling") { Description = "as-given | glmnet (rescaled to sum to the number of features, as glmnet's penalty.factor)", DefaultValueFactory = _ => "as-given" };
    private static readonly System.CommandLine.Option<string> Selection = new("--selection") { Description = "cyclic | random: the coordinate order (scikit-learn's selection)", DefaultValueFactory = _ => "cyclic" };
    private static readonly System.CommandLine.Option<uint?> SelectionSeed = Numbers.Optional<uint>("--selection-seed", "random_state of --selection random (default 0)");
    private static readonly System.CommandLine.Option<FileInfo?> WarmStart = new("--warm-start") { Description = "a model file (from --save) whose coefficients start the fit, matched to the columns by name" };
    private static readonly System.CommandLine.Option<bool> Positive = new("--positive") { Description = "coefficients ≥ 0 (scikit-learn's positive=True; lasso, elasticnet, ridge)" };
    private static readonly System.CommandLine.Option<double?> Alpha = Numbers.Optional<double>("--alpha", "strength, scikit-learn's alpha (lasso, ridge, elasticnet, grouplasso; default 1)");
    private static readonly System.CommandLine.Option<double?> L1Ratio = Numbers.Optional<double>("--l1-ratio", "scikit-learn's l1_ratio (elasticnet; logistic with --penalty elasticnet; default 0.5)");
    private static readonly System.CommandLine.Option<string?> L1Ratios = new("--l1-ratios") { Description = "cv: ElasticNetCV's l1_ratio list, e.g. 0.1,0.5,0.9,1: each cross-validated on the same folds, the best (l1_ratio, alpha) chosen (elasticnet; logistic with --penalty elasticnet)" };
    private static readonly System.CommandLine.Option<string?> Penalty = new("--penalty") { Description = "linear, logistic, multinomial and poisson penalty: l1 | l2 | elasticnet (default l2); linear also mcp | scad" };
    private static readonly System.CommandLine.Option<double?> Gamma = Numbers.Optional<double>("--gamma", "--penalty mcp: γ > 1 (default 3); --penalty scad: a > 2 (default 3.7)");
    private static readonly System.CommandLine.Option<bool> Grouped = new("--grouped") { Description = "multinomial: the penalty on each feature's K coefficients as a group (glmnet's type.multinomial = \"grouped\")" };
    private static readonly System.CommandLine.Option<string?> Measure = new("--measure") { Description = "cv, multinomial: deviance | class (cv.glmnet's type.measure; default deviance)" };
    private static readonly System.CommandLine.Option<double?> C = Numbers.Optional<double>("--C", "logistic, multinomial: inverse strength C > 0 (α = 1/(C·n); default 1)");
    private static readonly System.CommandLine.Option<double> Tol = Numbers.With("--tol", "stopping tolerance (scikit-learn's meaning)", 1e-4);
    private static readonly System.CommandLine.Option<int> MaxIter = Numbers.With("--max-iter", "iteration budget", 1000);
    private static readonly System.CommandLine.Option<bool> NoIntercept = new("--no-intercept") { Description = "fit without an intercept" };
    private static readonly System.CommandLine.Option<string> Format = new("--format") { Description = "json | table", DefaultValueFactory = _ => "json" };
    private static readonly System.CommandLine.Option<string> Alphas = new("--alphas") { Description = "N (scikit-learn's grid of N values) or a list a,b,c", DefaultValueFactory = _ => "100" };
    private static readonly System.CommandLine.Option<double> Eps = Numbers.With("--eps", "grid: α_min = eps·α_max", 1e-3);
    private static readonly System.CommandLine.Option<double> TestSize = Numbers.With("--test-size", "held-out fraction, as train_test_split; 0: fit every row (lasso_path) and score on them alone", 0.2);
    private static readonly System.CommandLine.Option<uint> Seed = Numbers.With("--seed", "random_state of the split", 42u);
    private static readonly System.CommandLine.Option<string> Out = new("--out") { Description = "run folder to create (must not exist)" };
    private static readonly System.CommandLine.Option<double?> Relax = Numbers.Optional<double>("--relax", "glmnet's relaxed lasso at gamma in [0, 1]: the support refitted without the penalty, blended as gamma*fit + (1 - gamma)*refit (fit, path)");
    private static readonly System.CommandLine.Option<string?> Gammas = new("--gammas") { Description = "cv: cv.glmnet's relax = TRUE over these gammas, e.g. 0,0.25,0.5,0.75,1: every fit also relaxed and scored, the best (alpha, gamma) chosen" };
    private static readonly System.CommandLine.Option<bool> StandardizeFlag = new("--standardize") { Description = "glmnet's standardize = TRUE: features scaled to unit variance inside the fit, coefficients reported on the original scale" };
    private static readonly System.CommandLine.Option<string> OffsetColumn = new("--offset") { Description = "poisson (fit, cv): a column of per-row offsets, glmnet's offset (log exposure; taken out of the features)" };
    private static readonly System.CommandLine.Option<string> SampleWeight = new("--sample-weight") { Description = "a column of per-row weights (least squares; taken out of the features)" };
    private static readonly System.CommandLine.Option<string> Save = new("--save") { Description = "write the fitted model to this JSON file (read it back with predict --model)" };
    private static readonly System.CommandLine.Option<FileInfo> ModelFile = new("--model") { Description = "a model file written by fit --save or cv --save", Required = true };
    private static readonly System.CommandLine.Option<FileInfo> PredictData = new("--data") { Description = "CSV file with a header row; columns are matched to the model's features by name (any order, others ignored); or sparse rows (.svm, .mtx: features x1 … xp)", Required = true };
    private static readonly System.CommandLine.Option<string> PredictOut = new("--out") { Description = "CSV file to write the predictions to (default: standard output)" };
    private static readonly System.CommandLine.Option<int?> Folds = Numbers.Optional<int>("--folds", "K of K-fold cross-validation (scikit-learn's KFold; default 5)");
    private static readonly System.CommandLine.Option<bool> Shuffle = new("--shuffle") { Description = "shuffle the rows before cutting folds, as KFold(shuffle=True)" };
    private static readonly System.CommandLine.Option<uint?> ShuffleSeed = Numbers.Optional<uint>("--shuffle-seed", "random_state of --shuffle (default 0)");
    private static readonly System.CommandLine.Option<string> FoldIds = new("--fold-ids") { Description = "a column holding each row's fold (integers; glmnet's foldid), taken out of the features" };

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // A named root (not RootCommand, which takes the assembly's name): usage lines read "penaltygen …" as typed.
        var root = new Command("penaltygen", "penaltygen: regularized linear models (scikit-learn's numbers) on any CSV")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(DefineFit(stdout, stderr));
        root.Subcommands.Add(DefinePath(stdout, stderr));
        root.Subcommands.Add(DefineCv(stdout, stderr));
        root.Subcommands.Add(DefinePredict(stdout, stderr));
        root.Subcommands.Add(DefineStats(stdout, stderr));
        root.Subcommands.Add(DefineRuns(stdout, stderr));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {ErrorText.Printable(parsed.Errors[0].Message)} (try --help)");
            return 2;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The machine refused (a full disk, a closed or full stdout, a run folder taken by another run meanwhile).
            return Environmental(stderr, e.Message);
        }
#pragma warning disable CA1031 // The last line of defence: a user sees one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"error: internal error ({e.GetType().Name}): {e.Message}");
            return 1;
        }
    }

    /// <summary>The exit code of a failure of the machine rather than the input (docs/cli.md).</summary>
    internal const int EnvironmentExit = 3;

    private static int Environmental(TextWriter stderr, string message)
    {
        try
        {
            stderr.WriteLine($"error: environment: {ErrorText.Printable(message)}");
        }
        catch (IOException)
        {
            // stderr itself is gone: the exit code alone carries it.
        }
        return EnvironmentExit;
    }

    private static Command DefineFit(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("fit", "fit one model and print its coefficients");
        foreach (var o in new Option[] { Data, StatsFiles, Sql, ChunkRows, Target, Model, Alpha, L1Ratio, Penalty, Gamma, Grouped, C, Tol, MaxIter, NoIntercept, StandardizeFlag, Relax, SampleWeight, OffsetColumn, Groups, PenaltyFactors, Scaling, Positive, Selection, SelectionSeed, WarmStart, Format, Save }) command.Options.Add(o);
        command.SetAction(r => Report(stderr, StreamedFit(r, command, stdout, stderr) ?? (StatisticsSource(r) is { } stats ? FitOnStatistics(r, stats, command, stdout, stderr) :
            from s in Common(r, strength: true, offsetColumn: r.GetValue(OffsetColumn))
            from format in CheckFormat(r.GetValue(Format)!)
            from _ in CheckGamma(r.GetValue(Relax), s.Choice)
            from penalized in s.Choice.FitAt(s.Data, s.Alpha, s.Choice.Options)
            from fit in r.GetValue(Relax) is { } gamma ? Paths.Relaxation.Relax(s.Data, penalized, gamma, s.Choice.Options) : Fin<Fit>.Succ(penalized)
            from saved in SaveIfAsked(fit, r.GetValue(Save))
            select PrintFit(s, fit, format, s.Choice.IsClassifier ? r.GetValue(C) ?? 1.0 : null, r.GetValue(Relax), stdout, stderr))));
        return command;
    }

    /// <summary>--relax: γ in [0, 1] on a model with one linear predictor per row, checked before anything runs or is written.</summary>
    private static Fin<Unit> CheckGamma(double? gamma, ModelChoice choice) => gamma switch
    {
        { } g when !(g >= 0 && g <= 1) => new ParameterError("--relax", g.ToString("R", CultureInfo.InvariantCulture), "must lie in [0, 1] (glmnet's gamma)"),
        { } g when choice.Options.Loss == LossKind.Multinomial =>
            new ParameterError("--relax", g.ToString("R", CultureInfo.InvariantCulture), "does not apply to --model multinomial (the relaxed refit is built for one linear predictor per row)"),
        _ => Prelude.unit,
    };

    private static Fin<Unit> SaveIfAsked(Fit fit, string? path) => path is { Length: > 0 } ? fit.Save(path) : Prelude.unit;

    /// <summary>The one place <c>fit</c> writes: a non-convergence warning to stderr, the fit to stdout.</summary>
    private static Unit PrintFit(Setup s, Fit fit, string format, double? c, double? relaxGamma, TextWriter stdout, TextWriter stderr)
    {
        if (fit.Warning is { } warning) stderr.WriteLine($"warning: {warning}");
        stdout.WriteLine(format == "json" ? Output.FitJson(s.Choice.Name, fit, s.Data.Rows, c, relaxGamma) : Output.FitTable(s.Choice.Name, fit, s.Data.Rows).TrimEnd('\n'));
        return Prelude.unit;
    }

    private static Command DefinePath(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("path", "fit a regularization path on a train/test split and write a run folder");
        foreach (var o in new Option[] { Data, StatsFiles, Sql, ChunkRows, Target, Model, L1Ratio, Penalty, Gamma, Grouped, Tol, MaxIter, NoIntercept, StandardizeFlag, Relax, SampleWeight, Groups, PenaltyFactors, Scaling, Positive, Selection, SelectionSeed, Alphas, Eps, TestSize, Seed, Out }) command.Options.Add(o);
        command.SetAction(r => Report(stderr, StreamedPath(r, command, stdout, stderr) ?? (StatisticsSource(r) is { } stats ? PathOnStatistics(r, stats, command, stdout, stderr) :
            from s in Common(r)
            from folder in RequireOut(r)
            from _ in CheckGamma(r.GetValue(Relax), s.Choice)
            from rows in PathSplit(r, s.Data)
            let choice = TrainingChoice(s.Choice, rows.TrainRows)
            from grid in Grid(r, choice, rows.Split.Train)
            from done in PathCommand.Run(choice, rows.Split, grid, folder, stdout, stderr, r.GetValue(Relax))
            select done)));
        return command;
    }

    /// <summary>
    /// How cv cuts its folds: --folds K (KFold), --shuffle [--shuffle-seed S], or --fold-ids COLUMN. Options that would be
    /// ignored together (a seed without --shuffle, --folds or --shuffle with fold ids) are errors naming the option.
    /// </summary>
    private static Fin<CrossValidationOptions> CvSplit(ParseResult r, Setup s)
    {
        var (folds, shuffle, seed) = (r.GetValue(Folds), r.GetValue(Shuffle), r.GetValue(ShuffleSeed));
        if (seed is { } given && !shuffle)
            return new ParameterError("--shuffle-seed", given.ToString(CultureInfo.InvariantCulture), "applies only with --shuffle");
        if (!s.FoldIds.IsEmpty)
        {
            if (folds is { } k) return new ParameterError("--folds", k.ToString(CultureInfo.InvariantCulture), "does not apply with --fold-ids, which name the folds themselves");
            if (shuffle) return new ParameterError("--shuffle", "true", "does not apply with --fold-ids, which assign every row its fold");
            return new CrossValidationOptions { FoldIds = s.FoldIds };
        }
        var count = folds ?? Validation.CrossValidation.DefaultFolds;
        if (count < 2 || count > s.Data.Rows)
            return new ParameterError("--folds", count.ToString(CultureInfo.InvariantCulture), $"must lie between 2 and the number of rows ({s.Data.Rows})");
        return new CrossValidationOptions { Folds = count, Shuffle = shuffle, Seed = shuffle ? seed ?? 0 : null };
    }

    /// <summary>The model choice for the training part of a split: the training rows' sample weights go with them.</summary>
    private static ModelChoice TrainingChoice(ModelChoice choice, int[] trainRows) =>
        choice.Options.SampleWeights.IsEmpty ? choice
            : choice with { Options = choice.Options with { SampleWeights = [.. trainRows.Select(i => choice.Options.SampleWeights[i])] } };

    /// <summary>
    /// path's rows: scikit-learn's train_test_split at --test-size (and --seed), or with --test-size 0 every row in file order
    /// (lasso_path's data) and no test part — then a --seed would be ignored, so it is an error.
    /// </summary>
    private static Fin<(PathRows Split, int[] TrainRows)> PathSplit(ParseResult r, Dataset data)
    {
        var size = r.GetValue(TestSize);
        if (size != 0)
            return data.TrainTestSplit(size, r.GetValue(Seed)).Map(t => (new PathRows(t.Train, t.Test), t.Indices.Train));
        if (r.GetResult(Seed) is { Implicit: false })
            return new ParameterError("--seed", r.GetValue(Seed).ToString(CultureInfo.InvariantCulture), "applies only to a split; --test-size 0 fits every row");
        return (new PathRows(data, null), Enumerable.Range(0, data.Rows).ToArray());
    }

    private static Command DefineCv(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("cv", "K-fold cross-validation over the grid: best alpha and glmnet's one-standard-error alpha");
        foreach (var o in new Option[] { Data, StatsFiles, Sql, ChunkRows, Target, Model, L1Ratio, L1Ratios, Gammas, Penalty, Gamma, Grouped, Measure, Tol, MaxIter, NoIntercept, StandardizeFlag, SampleWeight, OffsetColumn, Groups, PenaltyFactors, Scaling, Positive, Selection, SelectionSeed, Alphas, Eps, Folds, Shuffle, ShuffleSeed, FoldIds, Out, Format, Save }) command.Options.Add(o);
        command.SetAction(r => Report(stderr, r.GetValue(StatsFiles) is { } pattern ? CvOnStatistics(r, StatisticsSource(r)!.Value, command, stdout) : CvOnQuery(r, command, stdout) ?? (
            from s in Common(r, foldIdColumn: r.GetValue(FoldIds), offsetColumn: r.GetValue(OffsetColumn))
            from format in CheckFormat(r.GetValue(Format)!)
            from split in CvSplit(r, s)
            from ratios in ParseRatios(r)
            from gammas in ParseList(r.GetValue(Gammas), "--gammas")
            from measure in ParseMeasure(r.GetValue(Measure), s.Choice)
            let choice = ratios.IsEmpty ? s.Choice : s.Choice with { Options = s.Choice.Options with { L1Ratio = null } }
            from cv in CvGrid(r, choice, s.Data, split with { L1Ratios = ratios, Gammas = gammas, Measure = measure })
            from done in CvCommand.Run(choice, s.Data, cv, r.GetValue(Out) ?? DefaultOut("cv"), format, r.GetValue(Save), stdout)
            select done)));
        return command;
    }

    /// <summary>
    /// --l1-ratios: a list of ratios in [0, 1] for a model whose ratio is read at run time (elasticnet, logistic --penalty
    /// elasticnet), and not together with --l1-ratio. Empty when not given.
    /// </summary>
    private static Fin<System.Collections.Immutable.ImmutableArray<double>> ParseRatios(ParseResult r)
    {
        var text = r.GetValue(L1Ratios);
        if (text is null) return System.Collections.Immutable.ImmutableArray<double>.Empty;
        if (r.GetValue(L1Ratio) is { } one)
            return new ParameterError("--l1-ratio", one.ToString("R", CultureInfo.InvariantCulture), "does not apply with --l1-ratios, which cross-validates each ratio; give one of them");
        var (model, penalty) = (r.GetValue(Model)!, r.GetValue(Penalty));
        if (!(model == "elasticnet" || ModelChoice.IsGlm(model) && penalty == "elasticnet"))
            return new ParameterError("--l1-ratios", text, "applies to --model elasticnet and to --model linear|logistic|multinomial|poisson --penalty elasticnet only");
        var values = new List<double>();
        foreach (var part in text.Split(','))
        {
            if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0 && v <= 1))
                return new ParameterError("--l1-ratios", text, $"'{part.Trim()}' is not a number in [0, 1]; give a list like 0.1,0.5,1");
            values.Add(v);
        }
        return System.Collections.Immutable.ImmutableArray.CreateRange(values);
    }

    /// <summary>A comma-separated list of numbers in [0, 1] (empty when not given); a bad value names the option.</summary>
    private static Fin<System.Collections.Immutable.ImmutableArray<double>> ParseList(string? text, string option)
    {
        if (text is null) return System.Collections.Immutable.ImmutableArray<double>.Empty;
        var values = new List<double>();
        foreach (var part in text.Split(','))
        {
            if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0 && v <= 1))
                return new ParameterError(option, text, $"'{part.Trim()}' is not a number in [0, 1]; give a list like 0,0.5,1");
            values.Add(v);
        }
        return System.Collections.Immutable.ImmutableArray.CreateRange(values);
    }

    /// <summary>
    /// cv's grid: the --alphas list, or with a count, scikit-learn's grid — made here for one ratio, and by the library for
    /// each ratio of a --l1-ratios list (each ratio has its own α_max).
    /// </summary>
    private static Fin<CrossValidationOptions> CvGrid(ParseResult r, ModelChoice choice, Dataset data, CrossValidationOptions cv)
    {
        var text = r.GetValue(Alphas)!;
        var count = 0;
        var isCount = !text.Contains(',', StringComparison.Ordinal) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out count);
        if (cv.L1Ratios.IsEmpty || !isCount) return Grid(r, cv.L1Ratios.IsEmpty ? choice : choice with { Options = choice.Options with { L1Ratio = cv.L1Ratios[0] } }, data).Map(g => cv with { Alphas = g });
        if (count < 1) return new ParameterError("--alphas", text, "a grid needs at least 1 value");
        return cv with { AlphaCount = count, Eps = r.GetValue(Eps) };
    }

    /// <summary>
    /// <c>predict</c>: one prediction per row of a CSV (columns matched by name, the target may be absent), plus the
    /// probability of class 1 for a logistic model. Written whole to --out (or to standard output), never half.
    /// </summary>
    private static Command DefinePredict(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("predict", "predict every row of a CSV with a saved model");
        foreach (var o in new Option[] { ModelFile, PredictData, PredictOut }) command.Options.Add(o);
        command.SetAction(r => Report(stderr, PredictCommand.Run(r.GetValue(ModelFile)!.FullName, r.GetValue(PredictData)!.FullName, r.GetValue(PredictOut), stdout)));
        return command;
    }

    private sealed record Setup(Dataset Data, ModelChoice Choice, double Alpha)
    {
        /// <summary>Each row's fold, from --fold-ids (cv only); empty otherwise.</summary>
        public System.Collections.Immutable.ImmutableArray<int> FoldIds { get; init; } = System.Collections.Immutable.ImmutableArray<int>.Empty;
    }

    /// <summary>
    /// Reads the data and resolves the model shared by every command, and for <c>fit</c> (<paramref name="strength"/>)
    /// the strength: --alpha, or for logistic α = 1/(C·n). Paths and CV take their strengths from the grid.
    /// </summary>
    private static Fin<Setup> Common(ParseResult r, bool strength = false, string? foldIdColumn = null, string? offsetColumn = null)
    {
        var file = r.GetValue(Data);
        if (file is null) return new ParameterError("--data", "(missing)", "names the CSV to fit; it is required (fit, path and cv take --stats instead)");
        if (DuckDbSource.IsParquet(file.FullName) || r.GetValue(Sql) is not null)
            return new ParameterError(r.GetValue(Sql) is null ? "--data" : "--sql", r.GetValue(Sql) ?? file.FullName,
                "is read through DuckDB by stats, fit, path and cv (cv with --fold-ids naming each row's fold), not by this command");
        var options = new FitOptions
        {
            Tol = r.GetValue(Tol), MaxIterations = r.GetValue(MaxIter), FitIntercept = !r.GetValue(NoIntercept), Standardize = r.GetValue(StandardizeFlag),
            Multinomial = r.GetValue(Grouped) ? MultinomialType.Grouped : MultinomialType.Ungrouped,
            Concavity = r.GetValue(Gamma),
        };
        var model = r.GetValue(Model)!;
        return from loaded in DataFiles.Load(file.FullName, r.GetValue(Target))
               from folded in FoldColumn(loaded, foldIdColumn, file.FullName)
               from weighted in Weighted(folded.Data, r.GetValue(SampleWeight))
               from offset in Weighted(weighted.Data, offsetColumn)
               from groups in ParseGroups(r.GetValue(Groups), model, offset.Data.Columns)
               from factors in ParseFactors(r.GetValue(PenaltyFactors), offset.Data.Columns)
               from scaling in ParseScaling(r.GetValue(Scaling)!)
               from order in ParseSelection(r.GetValue(Selection)!, r.GetValue(SelectionSeed))
               from start in ReadWarmStart(r.GetValue(WarmStart), offset.Data)
               from choice in ModelChoice.Resolve(model, r.GetValue(Penalty), r.GetValue(L1Ratio),
                   options with
                   {
                       SampleWeights = weighted.Weights, Offset = offset.Weights, Groups = groups, PenaltyFactors = factors, PenaltyFactorScaling = scaling,
                       Selection = order.Selection, Seed = order.Seed, WarmStart = start,
                   },
                   r.GetValue(Positive))
               from alpha in strength ? Strength(r, model, choice, offset.Data.Rows) : Fin<double>.Succ(double.NaN)
               select new Setup(offset.Data, choice, alpha) { FoldIds = folded.Ids };
    }

    /// <summary>With --fold-ids, that column is taken out of the features; each value must be an integer (a fold's id).</summary>
    private static Fin<(Dataset Data, System.Collections.Immutable.ImmutableArray<int> Ids)> FoldColumn(Dataset data, string? column, string file)
    {
        if (string.IsNullOrEmpty(column)) return (data, System.Collections.Immutable.ImmutableArray<int>.Empty);
        return data.TakeColumn(column).Bind(t =>
        {
            var ids = new int[t.Values.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                var v = t.Values[i];
                if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                    return Fin<(Dataset, System.Collections.Immutable.ImmutableArray<int>)>.Fail(
                        new DataError(file, i + 2, column, $"'{v.ToString("R", CultureInfo.InvariantCulture)}' is not a fold id; --fold-ids needs an integer per row"));
                ids[i] = (int)v;
            }
            return (t.Remaining, System.Collections.Immutable.ImmutableArray.Create(ids));
        });
    }
}

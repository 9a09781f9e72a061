using StableTune.Data;
using StableTune.Runtime;
using StableTune.Models;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Experiments;

/// <summary>
/// Measures extra numbers on a trained model before it is disposed (robustness under noise, weight statistics...).
/// Gets the model in eval mode, the run's evaluation data (standardized like the training data when the setup
/// standardizes) and seed; returns named metrics added to the run's result.
/// </summary>
public delegate IReadOnlyDictionary<string, double> RunProbe(nn.Module<Tensor, Tensor> model, TensorData evaluation, int seed);

/// <summary>Options of a <see cref="Study"/>.</summary>
public sealed record StudyOptions
{
    /// <summary>
    /// Folder of the results file: a study run again with the same folder skips the runs that finished. Null: a fresh
    /// temporary folder, deleted afterwards (nothing is reused).
    /// </summary>
    public string? Directory { get; init; }
    /// <summary>Set aside results of a different grid found in <see cref="Directory"/> instead of failing.</summary>
    public bool StartOver { get; init; }
    /// <summary>Extra metrics measured on every trained model.</summary>
    public RunProbe? Probe { get; init; }
    /// <summary>Keep each run's predictions on the evaluation data (needed for churn and per-class reports).</summary>
    public bool KeepPredictions { get; init; } = true;
    /// <summary>Title of the progress display.</summary>
    public string? Title { get; init; }
}

/// <summary>
/// Trains named <see cref="TrainingSetup"/>s over seeds (and folds) and collects one <see cref="RunResult"/> per run:
/// the one-call experiment of every course notebook. Each run builds a fresh model from its seed, trains it with
/// <see cref="Trainer"/> and measures, on the evaluation data: <c>accuracy</c>, <c>loss</c>; on the training data in
/// eval mode: <c>train_accuracy</c>, <c>train_loss</c>; <c>gap</c> (train minus evaluation accuracy);
/// <c>parameters</c>; <c>epochs</c> (epochs actually run); the other classification metrics; plus the probe's metrics.
/// The per-run code is shared with <see cref="StandardRunner"/> (config-described grids over the course datasets).
/// </summary>
public static class Study
{
    /// <summary>Trains every setup with every seed on <paramref name="train"/>, evaluating on <paramref name="evaluation"/>.</summary>
    public static ResultSet Run(IEnumerable<GridConfig<TrainingSetup>> setups, IReadOnlyList<int> seeds,
                                TensorData train, TensorData evaluation, StudyOptions? options = null)
    {
        var grid = new Grid<TrainingSetup> { Configs = setups.ToList(), Seeds = seeds };
        return RunGrid(grid, (_, _) => (train, evaluation), options ?? new StudyOptions());
    }

    /// <summary>
    /// Trains every setup with every seed on every split of <paramref name="splits"/> (from <see cref="Folds"/>): trains on
    /// the split's training rows of <paramref name="data"/> and evaluates on its test rows. Runs are keyed by repeat and fold.
    /// </summary>
    public static ResultSet Run(IEnumerable<GridConfig<TrainingSetup>> setups, IReadOnlyList<int> seeds,
                                TensorData data, IReadOnlyList<FoldSplit> splits, StudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(splits);
        if (splits.Count == 0) throw new ArgumentException("No splits given: make them with Folds.KFold, Folds.StratifiedKFold or Folds.HoldOut.", nameof(splits));
        var byKey = splits.ToDictionary(s => (s.Repeat, s.Fold));
        var repeats = splits.Max(s => s.Repeat) + 1;
        var folds = splits.Max(s => s.Fold) + 1;
        if (byKey.Count != repeats * folds)
            throw new ArgumentException($"The splits must cover repeats 0..{repeats - 1} x folds 0..{folds - 1} once each; got {splits.Count} splits.", nameof(splits));
        var parts = new Dictionary<(int, int), (TensorData Train, TensorData Evaluation)>();
        try
        {
            var grid = new Grid<TrainingSetup> { Configs = setups.ToList(), Seeds = seeds, Folds = folds, Repeats = repeats };
            return RunGrid(grid, (repeat, fold) =>
            {
                if (!parts.TryGetValue((repeat, fold), out var part))
                {
                    var split = byKey[(repeat, fold)];
                    part = (data.Subset(split.Train, $"{data.Source} (repeat {repeat}, fold {fold}, train)"),
                            data.Subset(split.Test, $"{data.Source} (repeat {repeat}, fold {fold}, test)"));
                    parts[(repeat, fold)] = part;
                }
                return part;
            }, options ?? new StudyOptions());
        }
        finally
        {
            foreach (var (train, evaluation) in parts.Values) { train.Dispose(); evaluation.Dispose(); }
        }
    }

    /// <summary>Names one setup for a study: <c>Study.Setup("lr=0.1", setup)</c>.</summary>
    public static GridConfig<TrainingSetup> Setup(string name, TrainingSetup setup) => new(name, setup);

    /// <summary>
    /// One setup per value of a varied setting, named <c>key=value</c> (see <see cref="ConfigNames"/>):
    /// <c>Study.Vary(baseline, "lr", [1e-3, 1e-2], (s, lr) =&gt; s with { Train = s.Train with { LearningRate = lr } })</c>.
    /// </summary>
    public static IReadOnlyList<GridConfig<TrainingSetup>> Vary<T>(TrainingSetup baseline, string key, IEnumerable<T> values,
        Func<TrainingSetup, T, TrainingSetup> apply) =>
        ConfigNames.Vary(baseline, key, values, apply);

    /// <summary>
    /// Every setup of <paramref name="setups"/> crossed with every value of a second setting, named
    /// <c>"&lt;setup name&gt; key=value"</c>: e.g. optimizers x learning rates.
    /// </summary>
    public static IReadOnlyList<GridConfig<TrainingSetup>> Vary<T>(IEnumerable<GridConfig<TrainingSetup>> setups, string key,
        IEnumerable<T> values, Func<TrainingSetup, T, TrainingSetup> apply)
    {
        var list = values.ToList();
        return setups.SelectMany(s => list.Select(v =>
            new GridConfig<TrainingSetup>($"{s.Name} {ConfigNames.Of(key, v)}", apply(s.Config, v)))).ToList();
    }

    /// <summary>
    /// Builds the setup's model from <paramref name="seed"/> (loading and freezing a pretrained backbone if the setup says
    /// so) and trains it, both stages for a fine-tune. The caller owns the returned model.
    /// </summary>
    public static FittedModel Fit(TrainingSetup setup, TensorData train, TensorData? evaluation, int seed,
                                  IEnumerable<ICallback>? callbacks = null, CancellationToken cancel = default)
    {
        var options = new RunOptions { Device = Devices.Select(), Callbacks = callbacks?.ToList() ?? [], Cancellation = cancel };
        var model = RunExecutor.Build(setup, seed, options.Device);
        try
        {
            return new FittedModel(model, RunExecutor.Fit(setup, model, train, evaluation, seed, options));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pretrains a backbone: trains <paramref name="setup"/> (a <see cref="BackboneHeadConfig"/> model) on
    /// <paramref name="train"/> and saves its backbone to <paramref name="path"/> for
    /// <see cref="TrainingSetup.PretrainedBackbone"/>. Returns the fit (history, status); the model is disposed.
    /// </summary>
    public static FitResult PretrainBackbone(TrainingSetup setup, TensorData train, TensorData? evaluation, string path, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.Model is not BackboneHeadConfig)
            throw new ArgumentException($"Pretraining saves a backbone, so the model must be a {nameof(BackboneHeadConfig)}, not a {setup.Model.GetType().Name}.", nameof(setup));
        using var fitted = Fit(setup, train, evaluation, seed);
        if (fitted.Result.Status is not (RunStatus.Completed or RunStatus.EarlyStopped))
            throw new InvalidOperationException($"Pretraining ended {fitted.Result.Status}: {fitted.Result.Message}. Lower the learning rate before saving a backbone.");
        ((BackboneHeadModel)fitted.Model).SaveBackbone(path);
        return fitted.Result;
    }

    /// <summary>Runs a grid whose runs take their train and evaluation data from <paramref name="data"/> (by repeat and fold).</summary>
    internal static ResultSet RunGrid(Grid<TrainingSetup> grid, Func<int, int, (TensorData Train, TensorData Evaluation)> data,
                                      StudyOptions options)
    {
        var temporary = options.Directory is null;
        var directory = options.Directory ?? Path.Combine(Path.GetTempPath(), $"stabletune-study-{Guid.NewGuid():N}");
        try
        {
            var gridOptions = new GridOptions { Directory = directory, StartOver = options.StartOver, Title = options.Title ?? "study" };
            return grid.Run(gridOptions, (spec, context) =>
            {
                var (train, evaluation) = data(spec.Repeat, spec.Fold);
                return RunOne(spec, train, evaluation, options, context.Cancellation);
            });
        }
        finally
        {
            if (temporary && System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    static RunResult RunOne(RunSpec<TrainingSetup> spec, TensorData train, TensorData evaluation, StudyOptions options,
                            CancellationToken cancel)
    {
        // The evaluation data doubles as the per-epoch validation data (the learning curves show it).
        var runOptions = new RunOptions { Device = Devices.Select(), Probe = options.Probe, KeepPredictions = options.KeepPredictions, Cancellation = cancel };
        var run = new RunTrace(spec.Seed, spec.Repeat, spec.Fold, DateTimeOffset.UtcNow);
        var (result, model) = RunExecutor.Execute(spec.Config, run, new RunData(train, evaluation, evaluation), runOptions);
        model.Dispose();
        return result with { ConfigName = spec.ConfigName, ConfigJson = spec.ConfigJson };
    }
}

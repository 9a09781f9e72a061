using System.Diagnostics;
using StableTune.Models;
using StableTune.Runtime;
using StableTune.Stability;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Experiments;

/// <summary>How a run is made besides its setup, seed and data.</summary>
internal sealed record RunOptions
{
    /// <summary>The device the model trains on (recorded in the manifest).</summary>
    public required Device Device { get; init; }
    /// <summary>Checkpoint folder of the fit (resumed when it holds one); null = no checkpoint.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Extra training callbacks (after the checkpoint), shared by both stages of a fine-tune.</summary>
    public IReadOnlyList<ICallback> Callbacks { get; init; } = [];
    /// <summary>Extra metrics measured on the trained model.</summary>
    public RunProbe? Probe { get; init; }
    /// <summary>Robustness to perturbed evaluation inputs (<see cref="Probes.RobustnessMetrics"/>); null = skip.</summary>
    public RobustnessConfig? Robustness { get; init; }
    /// <summary>Keep the predictions on the evaluation part in the result.</summary>
    public bool KeepPredictions { get; init; } = true;
    /// <summary>Stops the fit after the current batch.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>Which run a result describes and when it started.</summary>
internal readonly record struct RunTrace(int Seed, int Repeat, int Fold, DateTimeOffset Started);

/// <summary>
/// The one per-run body of <see cref="Study"/> and <see cref="StandardRunner"/>: build a model from the seed (with a
/// pretrained, frozen backbone when the setup says so), fit it (both stages of a fine-tune, with an optional checkpoint),
/// evaluate it on the evaluation part with the fit's standardizer, measure probes, and write the result.
/// </summary>
internal static class RunExecutor
{
    // Weight initialisation reads torch's global generator: seeding and building must not interleave across threads.
    static readonly Lock BuildGate = new();

    /// <summary>
    /// Builds, trains and evaluates one run; returns the result (without configuration name and JSON) and the trained
    /// model, which the caller disposes.
    /// </summary>
    public static (RunResult Result, nn.Module<Tensor, Tensor> Model) Execute(TrainingSetup setup, RunTrace run, RunData parts, RunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var model = Build(setup, run.Seed, options.Device);
        try
        {
            var fit = Fit(setup, model, parts.Train, parts.Validation, run.Seed, options);
            var result = Finish(setup, model, fit, parts, run, options);
            return (result with { Seconds = clock.Elapsed.TotalSeconds }, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A fresh model of the setup, initialised from <paramref name="seed"/>, on <paramref name="device"/>, its backbone prepared.</summary>
    public static nn.Module<Tensor, Tensor> Build(TrainingSetup setup, int seed, Device device)
    {
        ArgumentNullException.ThrowIfNull(setup);
        nn.Module<Tensor, Tensor> model;
        lock (BuildGate)
        {
            manual_seed(Seeds.Derive(seed, Seeds.Init)); // the same init stream as Trainer.Fit(ModelConfig, ...)
            model = ModelBuilder.Build(setup.Model);
        }
        try
        {
            model.to(device);
            PrepareBackbone(setup, model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains <paramref name="model"/> by the setup: one stage, or for a fine-tune with <see cref="TrainingSetup.ThenUnfrozen"/>
    /// a second stage with the backbone unfrozen (history concatenated). Each stage keeps its own checkpoint.
    /// </summary>
    public static FitResult Fit(TrainingSetup setup, nn.Module<Tensor, Tensor> model, Data.TensorData train, Data.TensorData? validation,
                                int seed, RunOptions options)
    {
        var first = Stage(setup.Train, model, train, validation, seed, options, options.CheckpointDirectory);
        if (setup.ThenUnfrozen is null || first.Status is not (RunStatus.Completed or RunStatus.EarlyStopped)) return first;
        ((BackboneHeadModel)model).UnfreezeBackbone();
        var second = Stage(setup.ThenUnfrozen, model, train, validation, seed, options,
            options.CheckpointDirectory is { } dir ? dir + "-unfrozen" : null);
        var offset = first.History.Count;
        var history = first.History.Concat(second.History.Select(r => r with { Epoch = r.Epoch + offset })).ToArray();
        return second with { History = history, BestEpoch = second.BestEpoch + offset };
    }

    static FitResult Stage(TrainConfig config, nn.Module<Tensor, Tensor> model, Data.TensorData train, Data.TensorData? validation,
                           int seed, RunOptions options, string? checkpoint)
    {
        var callbacks = new List<ICallback>();
        if (checkpoint is not null && config.Optimizer.Kind != OptimizerKind.LBFGS) callbacks.Add(new Checkpoint(checkpoint, resume: true));
        callbacks.AddRange(options.Callbacks);
        return new Trainer(config).Fit(model, train, validation, seed, callbacks, options.Cancellation);
    }

    /// <summary>
    /// Evaluates a fitted model into the run's result: on the evaluation part <c>accuracy</c>, <c>loss</c> and the other
    /// classification metrics; on the training part in eval mode <c>train_accuracy</c>, <c>train_loss</c>; <c>gap</c>,
    /// <c>parameters</c>, <c>epochs</c>; <c>val_accuracy</c> (at the best epoch) when a separate validation part exists;
    /// then robustness and the probe's metrics (not for diverged runs). A cancelled fit gets no metrics.
    /// <see cref="RunResult.Seconds"/> is left 0 for the caller.
    /// </summary>
    public static RunResult Finish(TrainingSetup setup, nn.Module<Tensor, Tensor> model, FitResult fit, RunData parts, RunTrace run, RunOptions options)
    {
        var metrics = new Dictionary<string, double>();
        int[] predictions = [];
        if (fit.Status != RunStatus.Cancelled)
        {
            var evaluator = new Trainer(setup.ThenUnfrozen ?? setup.Train);
            var standardizer = fit.Standardizer; // fitted on the training part when the setup standardizes
            var test = evaluator.Evaluate(model, parts.Test, standardizer);
            var seen = evaluator.Evaluate(model, parts.Train, standardizer);
            predictions = options.KeepPredictions ? test.Predictions : [];
            foreach (var (name, value) in test.Metrics.ToDictionary()) metrics[name] = value;
            metrics["accuracy"] = test.Accuracy;
            metrics["loss"] = test.Loss;
            metrics["train_accuracy"] = seen.Accuracy;
            metrics["train_loss"] = seen.Loss;
            metrics["gap"] = seen.Accuracy - test.Accuracy;
            metrics["parameters"] = ModelBuilder.ParameterCount(model);
            metrics["epochs"] = fit.History.Count;
            if (parts.Validation is not null && !ReferenceEquals(parts.Validation, parts.Test) && fit.History.Count > 0
                && fit.History[Math.Clamp(fit.BestEpoch, 0, fit.History.Count - 1)].ValidationAccuracy is var val && !double.IsNaN(val))
                metrics["val_accuracy"] = val;
            if (fit.Status != RunStatus.Diverged) Probe(model, fit, parts.Test, run.Seed, options, metrics);
        }
        return new RunResult
        {
            ConfigName = "", ConfigJson = "", Seed = run.Seed, Repeat = run.Repeat, Fold = run.Fold,
            Status = fit.Status, Message = fit.Message, History = fit.History, Metrics = metrics, Predictions = predictions,
            Manifest = Manifest.Capture(options.Device, run.Started),
        };
    }

    static void Probe(nn.Module<Tensor, Tensor> model, FitResult fit, Data.TensorData evaluation, int seed, RunOptions options,
                      Dictionary<string, double> metrics)
    {
        if (options.Robustness is null && options.Probe is null) return;
        model.eval();
        using var noGrad = no_grad();
        if (options.Robustness is { } robustness)
        {
            // Perturbations act on the raw inputs; the model sees them standardized like its training data.
            Tensor Logits(Tensor x) => model.call(fit.Standardizer is { } s ? s.Transform(x) : x);
            foreach (var (name, value) in Probes.RobustnessMetrics(Logits, evaluation, robustness, options.Device)) metrics[name] = value;
        }
        if (options.Probe is { } probe)
        {
            using var standardized = fit.Standardizer?.Transform(evaluation);
            foreach (var (name, value) in probe(model, standardized ?? evaluation, seed)) metrics[name] = value;
        }
    }

    static void PrepareBackbone(TrainingSetup setup, nn.Module<Tensor, Tensor> model)
    {
        var needsBackbone = setup.PretrainedBackbone is not null || setup.FreezeBackbone || setup.ThenUnfrozen is not null;
        if (!needsBackbone) return;
        if (model is not BackboneHeadModel backboneModel)
            throw new ArgumentException(
                $"The setup loads, freezes or unfreezes a backbone, but its model is a {setup.Model.GetType().Name}: use a " +
                $"{nameof(BackboneHeadConfig)}, or leave {nameof(TrainingSetup.PretrainedBackbone)}, " +
                $"{nameof(TrainingSetup.FreezeBackbone)} and {nameof(TrainingSetup.ThenUnfrozen)} unset.", nameof(setup));
        if (setup.PretrainedBackbone is { } path)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"Pretrained backbone {path} not found: save one with BackboneHeadModel.SaveBackbone first.", path);
            backboneModel.LoadBackbone(path);
        }
        if (setup.FreezeBackbone) backboneModel.FreezeBackbone();
    }
}

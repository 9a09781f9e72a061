using System.Diagnostics;
using StableTune.Data;
using StableTune.Models;
using StableTune.Runtime;
using StableTune.Stability;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Experiments;

/// <summary>
/// The course's runner for <see cref="RunConfig"/> grids: cut the data by the validation scheme, build the model from
/// the run's seed, fit it (the trainer standardizes with training statistics when asked; a checkpoint in the run's
/// folder, so an interrupted run resumes), then evaluate on the test part: loss, accuracy and the other
/// classification metrics, predictions, and robustness to perturbed inputs when configured.
/// Dispose it to free the loaded datasets.
/// </summary>
/// <param name="device">Device name for <c>Devices.Select</c>; null = <c>$STABLETUNE_DEVICE</c> or auto.</param>
/// <param name="callbacks">Extra training callbacks, made afresh for every run (they run after the checkpoint).</param>
public sealed class StandardRunner(string? device = null, Func<IEnumerable<ICallback>>? callbacks = null) : IDisposable
{
    // Weight initialisation reads torch's global generator: seeding and building must not interleave across threads.
    static readonly Lock BuildGate = new();
    readonly ExperimentData _data = new();

    /// <summary>Makes one run of a grid (a <see cref="GridRunFunc{TConfig}"/>).</summary>
    public RunResult Run(RunSpec<RunConfig> spec, RunContext context)
    {
        var (result, model) = Execute(spec.Config, spec.Seed, spec.Repeat, spec.Fold, Path.Combine(context.CheckpointDirectory, "fit"), context.Cancellation);
        model.Dispose();
        return result with { ConfigName = spec.ConfigName, ConfigJson = spec.ConfigJson };
    }

    /// <summary>
    /// Runs <paramref name="config"/> with <paramref name="seed"/> on (<paramref name="repeat"/>, <paramref name="fold"/>)
    /// and returns the result with the trained model (the caller disposes it). No checkpoint when
    /// <paramref name="checkpointDirectory"/> is null.
    /// </summary>
    public (RunResult Result, nn.Module<Tensor, Tensor> Model) Execute(RunConfig config, int seed, int repeat, int fold,
        string? checkpointDirectory = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var target = Devices.Select(device);
        using var parts = _data.Parts(config, repeat, fold);
        CheckShapes(config, parts.Train);

        nn.Module<Tensor, Tensor> model;
        lock (BuildGate)
        {
            manual_seed(Seeds.Derive(seed, Seeds.Init)); // the same init stream as Trainer.Fit(ModelConfig, ...)
            model = ModelBuilder.Build(config.Model);
        }
        try
        {
            model.to(target);
            var trainer = new Trainer(config.Train);
            var all = new List<ICallback>();
            if (checkpointDirectory is not null && config.Train.Optimizer.Kind != OptimizerKind.LBFGS)
                all.Add(new Checkpoint(checkpointDirectory, resume: true));
            all.AddRange(callbacks?.Invoke() ?? []);
            var fit = trainer.Fit(model, parts.Train, parts.Validation, seed, all, cancel);
            var result = Finish(config, model, fit, parts.Test, new RunTrace(seed, repeat, fold, target, started, clock.Elapsed.TotalSeconds));
            return (result, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The device this runner trains on.</summary>
    public Device Device => Devices.Select(device);

    /// <summary>
    /// Trains the seeds <paramref name="seeds"/> of <paramref name="config"/> on (<paramref name="repeat"/>, <paramref name="fold"/>)
    /// together as one batched model (<see cref="Ensembles.BatchedTrainer"/>, on the runner's device), then evaluates each
    /// member like a single run. Each result's Seconds is its share of the batched time. No checkpoints.
    /// </summary>
    internal IReadOnlyList<RunResult> ExecuteBatched(RunConfig config, IReadOnlyList<int> seeds, int repeat, int fold, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var parts = _data.Parts(config, repeat, fold);
        CheckShapes(config, parts.Train);
        var members = seeds.Select(s => new Ensembles.BatchedMember(s, config.Train)).ToList();
        var target = Devices.Select(device);
        using var fit = Ensembles.BatchedTrainer.Fit(config.Model, members, parts.Train, parts.Validation, cancel, target);
        var share = clock.Elapsed.TotalSeconds / seeds.Count;
        var results = new List<RunResult>(seeds.Count);
        for (var k = 0; k < seeds.Count; k++)
        {
            using var single = ModelBuilder.Build(config.Model); // the architecture; the member's weights are copied in
            single.to(target);
            fit.Model.CopyMemberTo(k, single);
            results.Add(Finish(config, single, fit.Results[k], parts.Test, new RunTrace(seeds[k], repeat, fold, target, started, share)));
        }
        return results;
    }

    /// <summary>Which run a result describes and where and how long it ran.</summary>
    readonly record struct RunTrace(int Seed, int Repeat, int Fold, Device Device, DateTimeOffset Started, double Seconds);

    /// <summary>Evaluates a fitted model on the test part (metrics, predictions, robustness) into the run's result.</summary>
    static RunResult Finish(RunConfig config, nn.Module<Tensor, Tensor> model, FitResult fit, TensorData test, RunTrace run)
    {
        var metrics = new Dictionary<string, double>();
        int[] predictions = [];
        if (fit.Status != RunStatus.Cancelled)
        {
            var evaluation = new Trainer(config.Train).Evaluate(model, test, fit.Standardizer);
            predictions = evaluation.Predictions;
            AddMetrics(metrics, evaluation, fit);
            if (config.Robustness is { } robustness && fit.Status != RunStatus.Diverged)
            {
                model.eval();
                // Perturbations act on the raw inputs; the model sees them standardized like its training data.
                Tensor Logits(Tensor x) => model.call(fit.Standardizer is { } s ? s.Transform(x) : x);
                foreach (var p in Robustness.Evaluate(Logits, test, robustness, run.Device))
                {
                    metrics[$"{p.Name}_accuracy"] = p.Accuracy;
                    metrics[$"{p.Name}_flip"] = p.FlipRate;
                }
            }
        }
        return new RunResult
        {
            ConfigName = "", ConfigJson = ExperimentJson.Config(config), Seed = run.Seed, Repeat = run.Repeat, Fold = run.Fold,
            Status = fit.Status, Message = fit.Message, History = fit.History, Metrics = metrics, Predictions = predictions,
            Manifest = Manifest.Capture(run.Device, run.Started), Seconds = run.Seconds,
        };
    }

    static void AddMetrics(Dictionary<string, double> metrics, EvaluationResult evaluation, FitResult fit)
    {
        foreach (var (name, value) in evaluation.Metrics.ToDictionary()) metrics[name] = value;
        metrics["accuracy"] = evaluation.Accuracy;
        metrics["loss"] = evaluation.Loss;
        if (fit.History.Count > 0)
        {
            var last = fit.History[^1];
            metrics["train_loss"] = last.TrainLoss;
            metrics["train_accuracy"] = last.TrainAccuracy;
            if (!double.IsNaN(last.ValidationAccuracy)) metrics["val_accuracy"] = fit.History[Math.Max(fit.BestEpoch, 0)].ValidationAccuracy;
        }
    }

    static void CheckShapes(RunConfig config, TensorData train)
    {
        var classes = train.ClassNames.Count;
        if (config.Model.Classes != classes)
            throw new ArgumentException($"{train.Source} has {classes} classes but the model has Classes = {config.Model.Classes}: " +
                                        $"set Model = ... with {{ Classes = {classes} }}.");
        var features = train.ExampleShape.Aggregate(1L, (a, b) => a * b);
        if (config.Model is MlpConfig mlp && mlp.Inputs != features)
            throw new ArgumentException($"{train.Source} has {features} input features per example but the MLP has Inputs = {mlp.Inputs}: " +
                                        $"set Model = new MlpConfig {{ Inputs = {features}, ... }}.");
    }

    /// <summary>Frees the loaded datasets.</summary>
    public void Dispose() => _data.Dispose();
}

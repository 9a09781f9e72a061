using System.Diagnostics;
using StableTune.Data;
using StableTune.Models;
using StableTune.Runtime;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Experiments;

/// <summary>
/// The course's runner for <see cref="RunConfig"/> grids: cut the data by the validation scheme, then make the run
/// like a <see cref="Study"/> run (the same code): build the model from the run's seed, fit it (a checkpoint in the
/// run's folder, so an interrupted run resumes), evaluate on the test part (loss, accuracy and the other classification
/// metrics, training metrics, predictions) and measure robustness to perturbed inputs when configured.
/// Dispose it to free the loaded datasets.
/// </summary>
/// <param name="device">Device name for <c>Devices.Select</c>; null = <c>$STABLETUNE_DEVICE</c> or auto.</param>
/// <param name="callbacks">Extra training callbacks, made afresh for every run (they run after the checkpoint).</param>
public sealed class StandardRunner(string? device = null, Func<IEnumerable<ICallback>>? callbacks = null) : IDisposable
{
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
        var run = new RunTrace(seed, repeat, fold, DateTimeOffset.UtcNow);
        using var parts = _data.Parts(config, repeat, fold);
        CheckShapes(config, parts.Train);
        var options = Options(config) with { CheckpointDirectory = checkpointDirectory, Callbacks = callbacks?.Invoke().ToList() ?? [], Cancellation = cancel };
        var (result, model) = RunExecutor.Execute(config.Setup, run, parts, options);
        return (result with { ConfigJson = ExperimentJson.Config(config) }, model);
    }

    /// <summary>The device this runner trains on.</summary>
    public Device Device => Devices.Select(device);

    /// <summary>
    /// Trains the seeds <paramref name="seeds"/> of <paramref name="config"/> on (<paramref name="repeat"/>, <paramref name="fold"/>)
    /// together as one batched model (<see cref="Ensembles.BatchedTrainer"/>, on the runner's device), then evaluates each
    /// member like a single run. Each result's Seconds is its share of the batched time. No checkpoints or fine-tuning.
    /// </summary>
    internal IReadOnlyList<RunResult> ExecuteBatched(RunConfig config, IReadOnlyList<int> seeds, int repeat, int fold, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var parts = _data.Parts(config, repeat, fold);
        CheckShapes(config, parts.Train);
        var members = seeds.Select(s => new Ensembles.BatchedMember(s, config.Train)).ToList();
        var options = Options(config);
        using var fit = Ensembles.BatchedTrainer.Fit(config.Model, members, parts.Train, parts.Validation, cancel, options.Device);
        var share = clock.Elapsed.TotalSeconds / seeds.Count;
        var results = new List<RunResult>(seeds.Count);
        for (var k = 0; k < seeds.Count; k++)
        {
            using var single = ModelBuilder.Build(config.Model); // the architecture; the member's weights are copied in
            single.to(options.Device);
            fit.Model.CopyMemberTo(k, single);
            var result = RunExecutor.Finish(config.Setup, single, fit.Results[k], parts, new RunTrace(seeds[k], repeat, fold, started), options);
            results.Add(result with { ConfigJson = ExperimentJson.Config(config), Seconds = share });
        }
        return results;
    }

    RunOptions Options(RunConfig config) => new() { Device = Devices.Select(device), Robustness = config.Robustness };

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

using StableTune.Ensembles;

namespace StableTune.Experiments;

/// <summary>
/// A runner that trains all seeds of a (configuration, repeat, fold) at once as one batched model
/// (<see cref="BatchedTrainer"/>) when the configuration allows it (no fine-tuning, <see cref="BatchedSupport.WhyNot(Models.ModelConfig, Training.TrainConfig)"/>),
/// and otherwise runs one seed at a time with the <see cref="StandardRunner"/>. Seeds are innermost in the grid's
/// order, so the first seed of a group trains the group (the seeds still to run, from <see cref="RunContext.Upcoming"/>)
/// and the following calls return the results kept from it; each is still saved as soon as it is returned.
/// A group interrupted while training is trained again; batched runs keep no checkpoints. Runs one group at a time.
/// </summary>
public sealed class BatchedSeedRunner(StandardRunner single)
{
    readonly Dictionary<RunKey, RunResult> _ready = [];

    /// <summary>Makes one run of a grid (a <see cref="GridRunFunc{TConfig}"/>).</summary>
    public RunResult Run(RunSpec<RunConfig> spec, RunContext context)
    {
        if (_ready.Remove(spec.Key, out var kept)) return Named(kept, spec);
        if (BatchedSupport.WhyNot(spec.Config.Model, spec.Config.Train) is not null || IsFineTune(spec.Config)) return single.Run(spec, context);
        // On the CPU a CNN's time is in its convolutions, which a grouped convolution does no faster than one member
        // after another (bench/run.sh measures it): there, batching CNNs would only cost.
        if (spec.Config.Model is Models.CnnConfig && single.Device.type == TorchSharp.DeviceType.CPU) return single.Run(spec, context);
        var group = context.Upcoming
            .Where(k => k.ConfigName == spec.ConfigName && k.Repeat == spec.Repeat && k.Fold == spec.Fold)
            .Select(k => k.Seed).Prepend(spec.Seed).Distinct().ToList();
        if (group.Count == 1) return single.Run(spec, context);
        _ready.Clear(); // results of a group the grid moved past (cancelled or failed) are never returned
        var results = single.ExecuteBatched(spec.Config, group, spec.Repeat, spec.Fold, context.Cancellation);
        for (var i = 1; i < group.Count; i++) _ready[spec.Key with { Seed = group[i] }] = results[i];
        return Named(results[0], spec);
    }

    static bool IsFineTune(RunConfig config) => config.PretrainedBackbone is not null || config.FreezeBackbone || config.ThenUnfrozen is not null;

    static RunResult Named(RunResult result, RunSpec<RunConfig> spec) => result with { ConfigName = spec.ConfigName, ConfigJson = spec.ConfigJson };
}

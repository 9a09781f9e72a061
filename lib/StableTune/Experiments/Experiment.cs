namespace StableTune.Experiments;

/// <summary>What <see cref="Experiment.Run"/> runs: configurations x seeds x the folds of their validation scheme.</summary>
public sealed record ExperimentSpec
{
    /// <summary>Results folder (see <see cref="GridOptions.Directory"/>): run again to resume.</summary>
    public required string Directory { get; init; }
    /// <summary>The configurations, e.g. from <see cref="Experiment.Vary{T}"/>. They must share one validation scheme's fold count.</summary>
    public required IReadOnlyList<GridConfig<RunConfig>> Configs { get; init; }
    /// <summary>Seeds of every configuration.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2, 3, 4];
    /// <summary>Runs at once in this process (each fit draws only from its own generators, so runs stay reproducible).</summary>
    public int MaxParallel { get; init; } = 1;
    /// <summary>The part of the grid this process runs; use <c>Shard.FromEnvironment()</c> in Slurm or Kubernetes jobs.</summary>
    public Shard Shard { get; init; } = Shard.Whole;
    /// <summary>See <see cref="GridOptions.StartOver"/>.</summary>
    public bool StartOver { get; init; }
    /// <summary>See <see cref="GridOptions.RetryFailed"/>.</summary>
    public bool RetryFailed { get; init; }
    /// <summary>Device name ("cpu", "cuda", "auto"); null = <c>$STABLETUNE_DEVICE</c> or auto. Recorded in each manifest, not in the fingerprint.</summary>
    public string? Device { get; init; }
    /// <summary>
    /// Train the seeds of each (configuration, repeat, fold) together as one batched model where the configuration
    /// allows it (MLP/CNN without dropout, augmentation, early stopping or clipping; see <c>Ensembles.BatchedSupport</c>),
    /// one at a time otherwise. Faster for small models; results equal single runs within float rounding. Needs MaxParallel = 1.
    /// </summary>
    public bool BatchSeeds { get; init; }
    /// <summary>
    /// Replaces the <see cref="StandardRunner"/> (and <see cref="BatchSeeds"/>). A runner that trains several runs at once
    /// finds the runs still to come in <see cref="RunContext.Upcoming"/>; seeds are innermost in the grid's order.
    /// </summary>
    public GridRunFunc<RunConfig>? Runner { get; init; }
}

/// <summary>One-call experiments for notebooks: vary a setting, run it over seeds (and folds), get a <see cref="ResultSet"/>.</summary>
public static class Experiment
{
    /// <summary>
    /// Runs (or resumes) the grid of <paramref name="spec"/> and returns its results: one row per run,
    /// <c>results.Summary()</c>, stability statistics, charts.
    /// </summary>
    public static ResultSet Run(ExperimentSpec spec, CancellationToken cancel = default)
    {
        if (spec.Configs.Count == 0) throw new ArgumentException("The experiment has no configurations.", nameof(spec));
        var schemes = spec.Configs.Select(c => (c.Config.Validation.RepeatCount, c.Config.Validation.FoldCount)).Distinct().ToList();
        if (schemes.Count > 1)
            throw new ArgumentException("The configurations use validation schemes with different numbers of folds or repeats " +
                $"({string.Join(", ", schemes.Select(s => $"{s.RepeatCount} x {s.FoldCount}"))}): give them one scheme, or run them as separate experiments.", nameof(spec));
        if (spec.BatchSeeds && spec.MaxParallel > 1)
            throw new ArgumentException("BatchSeeds trains the seeds of a configuration together, one group at a time: use MaxParallel = 1 with it.", nameof(spec));
        var grid = new Grid<RunConfig> { Configs = spec.Configs, Seeds = spec.Seeds, Repeats = schemes[0].RepeatCount, Folds = schemes[0].FoldCount };
        var options = new GridOptions
        {
            Directory = spec.Directory, MaxParallel = spec.MaxParallel, Shard = spec.Shard,
            StartOver = spec.StartOver, RetryFailed = spec.RetryFailed,
        };
        if (spec.Runner is { } custom) return grid.Run(options, custom, cancel);
        using var runner = new StandardRunner(spec.Device);
        return spec.BatchSeeds ? grid.Run(options, new BatchedSeedRunner(runner).Run, cancel) : grid.Run(options, runner.Run, cancel);
    }

    /// <summary>
    /// Configurations that differ from <paramref name="baseline"/> in one setting, named "<paramref name="setting"/>=value"
    /// (e.g. "lr=0.01", see <see cref="ConfigNames"/>), for example <c>Experiment.Vary(baseline, "lr", [1e-3, 1e-2], (c, lr) =&gt; c with { Train = c.Train with { LearningRate = lr } })</c>.
    /// </summary>
    public static IReadOnlyList<GridConfig<RunConfig>> Vary<T>(RunConfig baseline, string setting, IEnumerable<T> values, Func<RunConfig, T, RunConfig> apply) =>
        ConfigNames.Vary(baseline, setting, values, apply);
}

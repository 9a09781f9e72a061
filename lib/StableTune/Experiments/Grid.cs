using System.Security.Cryptography;
using System.Text;

namespace StableTune.Experiments;

/// <summary>A configuration of a grid under a short, unique name (e.g. "lr=0.01").</summary>
public sealed record GridConfig<TConfig>(string Name, TConfig Config);

/// <summary>Identifies one run of a grid: configuration x seed x repeat x fold.</summary>
public readonly record struct RunKey(string ConfigName, int Seed, int Repeat, int Fold)
{
    /// <summary>The key of a finished run.</summary>
    public static RunKey Of(RunResult result) => new(result.ConfigName, result.Seed, result.Repeat, result.Fold);

    /// <inheritdoc />
    public override string ToString() => $"{ConfigName} seed={Seed} repeat={Repeat} fold={Fold}";
}

/// <summary>One run to make: which configuration, seed, repeat and fold, and its place in the grid.</summary>
public sealed record RunSpec<TConfig>(int Index, string ConfigName, TConfig Config, string ConfigJson, int Seed, int Repeat, int Fold)
{
    /// <summary>The run's key.</summary>
    public RunKey Key => new(ConfigName, Seed, Repeat, Fold);
}

/// <summary>
/// A grid of experiments: named configurations x seeds x repeats x folds. Immutable. Any record can be a configuration;
/// it is written to the results as JSON, and the grid's fingerprint (configurations, seeds, folds, repeats) guards a
/// results folder against being mixed with the results of a different grid.
/// </summary>
public sealed record Grid<TConfig>
{
    /// <summary>The configurations, each under a unique name.</summary>
    public required IReadOnlyList<GridConfig<TConfig>> Configs { get; init; }
    /// <summary>Seeds each configuration runs with.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0];
    /// <summary>Folds per repeat (1 for a single hold-out split).</summary>
    public int Folds { get; init; } = 1;
    /// <summary>Repeats of the fold split (repeated k-fold; 1 otherwise).</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Number of runs: configurations x seeds x repeats x folds.</summary>
    public int Count => Configs.Count * Seeds.Count * Repeats * Folds;

    /// <summary>All runs in the grid's fixed order: configuration, then repeat, fold, seed.</summary>
    public IReadOnlyList<RunSpec<TConfig>> Runs()
    {
        Validate();
        var runs = new List<RunSpec<TConfig>>(Count);
        foreach (var c in Configs)
        {
            var json = ExperimentJson.Config(c.Config);
            for (var r = 0; r < Repeats; r++)
                for (var f = 0; f < Folds; f++)
                    foreach (var s in Seeds)
                        runs.Add(new RunSpec<TConfig>(runs.Count, c.Name, c.Config, json, s, r, f));
        }
        return runs;
    }

    /// <summary>The description written at the top of every results file of this grid.</summary>
    public GridHeader Header()
    {
        Validate();
        var configs = Configs.Select(c => new GridHeaderConfig(c.Name, ExperimentJson.Config(c.Config))).ToList();
        var text = new StringBuilder();
        foreach (var c in configs) text.Append(c.Name).Append('\n').Append(c.Json).Append('\n');
        text.Append("seeds=").AppendJoin(',', Seeds).Append("\nrepeats=").Append(Repeats).Append("\nfolds=").Append(Folds);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        return new GridHeader(GridHeader.CurrentFormat, hash, configs, Seeds.ToList(), Repeats, Folds);
    }

    void Validate()
    {
        if (Configs is null || Configs.Count == 0) throw new ArgumentException("The grid has no configurations: add at least one to Configs.", nameof(Configs));
        if (Seeds is null || Seeds.Count == 0) throw new ArgumentException("The grid has no seeds: add at least one to Seeds.", nameof(Seeds));
        if (Folds < 1) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Folds must be at least 1 (1 = a single hold-out split).");
        if (Repeats < 1) throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "Repeats must be at least 1.");
        foreach (var c in Configs)
            if (string.IsNullOrWhiteSpace(c.Name)) throw new ArgumentException("Every configuration needs a non-empty name.", nameof(Configs));
        var dupName = Configs.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (dupName is not null) throw new ArgumentException($"Configuration name \"{dupName.Key}\" is used {dupName.Count()} times: names must be unique.", nameof(Configs));
        var dupSeed = Seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (dupSeed is not null) throw new ArgumentException($"Seed {dupSeed.Key} is listed {dupSeed.Count()} times: seeds must be unique.", nameof(Seeds));
    }
}

/// <summary>A configuration as recorded in a results file.</summary>
public sealed record GridHeaderConfig(string Name, string Json);

/// <summary>The first line of every results file: the grid it belongs to and its fingerprint.</summary>
public sealed record GridHeader(string Format, string Fingerprint, IReadOnlyList<GridHeaderConfig> Configs, IReadOnlyList<int> Seeds, int Repeats, int Folds)
{
    /// <summary>The results-file format this version writes and reads.</summary>
    public const string CurrentFormat = "stabletune-results/1";

    /// <summary>Number of runs in the whole grid.</summary>
    public int RunCount => Configs.Count * Seeds.Count * Repeats * Folds;
}

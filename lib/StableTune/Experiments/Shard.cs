using System.Globalization;

namespace StableTune.Experiments;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> of a grid: the runs whose position in the grid's fixed order is
/// <c>Index</c> modulo <c>Count</c>. The shards of one count are disjoint and together make the whole grid, so a Slurm
/// job array or a Kubernetes Indexed Job can run them in parallel; <see cref="ResultStore.Merge"/> joins their files.
/// </summary>
public sealed record Shard
{
    /// <summary>Environment variables read by <see cref="FromEnvironment"/> before the schedulers' own ones.</summary>
    public const string IndexVariable = "STABLETUNE_SHARD_INDEX", CountVariable = "STABLETUNE_SHARD_COUNT";

    /// <summary>Shard <paramref name="index"/> (0-based) of <paramref name="count"/>.</summary>
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "The shard count must be at least 1.");
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The shard index must be in 0..{count - 1} for {count} shards.");
        Index = index;
        Count = count;
    }

    /// <summary>0-based shard index.</summary>
    public int Index { get; }
    /// <summary>Number of shards.</summary>
    public int Count { get; }

    /// <summary>The whole grid as one shard.</summary>
    public static Shard Whole { get; } = new(0, 1);

    /// <summary>Whether the run at <paramref name="gridIndex"/> belongs to this shard.</summary>
    public bool Contains(int gridIndex) => gridIndex % Count == Index;

    /// <summary>
    /// The shard given by the environment: <c>STABLETUNE_SHARD_INDEX</c>/<c>STABLETUNE_SHARD_COUNT</c>; else a Slurm job
    /// array (<c>SLURM_ARRAY_TASK_ID</c> minus <c>SLURM_ARRAY_TASK_MIN</c>, of <c>SLURM_ARRAY_TASK_COUNT</c>); else a
    /// Kubernetes Indexed Job (<c>JOB_COMPLETION_INDEX</c>, of <c>STABLETUNE_SHARD_COUNT</c>); else the whole grid.
    /// </summary>
    public static Shard FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary><see cref="FromEnvironment"/> over a given variable lookup (for tests and custom launchers).</summary>
    public static Shard FromVariables(Func<string, string?> get)
    {
        int? Read(string name)
        {
            var text = get(name);
            if (string.IsNullOrWhiteSpace(text)) return null;
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new FormatException($"Environment variable {name}=\"{text}\" is not an integer.");
        }
        var count = Read(CountVariable);
        if (Read(IndexVariable) is { } index)
            return new Shard(index, count ?? throw new InvalidOperationException($"{IndexVariable} is set but {CountVariable} is not: set both."));
        if (Read("SLURM_ARRAY_TASK_ID") is { } task)
        {
            var min = Read("SLURM_ARRAY_TASK_MIN") ?? 0;
            var n = count ?? Read("SLURM_ARRAY_TASK_COUNT")
                ?? throw new InvalidOperationException($"SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor {CountVariable}.");
            return new Shard(task - min, n);
        }
        if (Read("JOB_COMPLETION_INDEX") is { } completion)
            return new Shard(completion, count ?? throw new InvalidOperationException(
                $"JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job) but {CountVariable} is not: set it to the Job's completions."));
        return Whole;
    }

    /// <inheritdoc />
    public override string ToString() => $"shard {Index} of {Count}";
}

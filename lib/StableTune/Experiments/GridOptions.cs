namespace StableTune.Experiments;

/// <summary>Where and how a grid runs. Immutable.</summary>
public sealed record GridOptions
{
    /// <summary>The results folder. Running the same grid into it again skips finished runs and resumes the rest.</summary>
    public required string Directory { get; init; }
    /// <summary>Runs made at the same time (1 = one after the other, on the calling thread).</summary>
    public int MaxParallel { get; init; } = 1;
    /// <summary>The part of the grid this process runs (see <see cref="Experiments.Shard.FromEnvironment"/>).</summary>
    public Shard Shard { get; init; } = Shard.Whole;
    /// <summary>
    /// If the folder holds results of a different grid: false (default) throws <see cref="GridMismatchException"/>;
    /// true sets those files aside (renamed <c>*.replaced-&lt;time&gt;</c>), drops old checkpoints and starts again.
    /// </summary>
    public bool StartOver { get; init; }
    /// <summary>Runs saved as <c>Failed</c> are made again; the new result supersedes the old line.</summary>
    public bool RetryFailed { get; init; }
    /// <summary>Title of the progress display (default: the folder's name).</summary>
    public string? Title { get; init; }
}

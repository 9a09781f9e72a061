namespace StableTune.Experiments;

/// <summary>What a runner gets besides its <see cref="RunSpec{TConfig}"/>: cancellation and a place for checkpoints.</summary>
public sealed class RunContext
{
    internal RunContext(string checkpointDirectory, CancellationToken cancellation, IReadOnlyList<RunKey> upcoming)
    {
        CheckpointDirectory = checkpointDirectory;
        Cancellation = cancellation;
        Upcoming = upcoming;
    }

    /// <summary>
    /// The runs this process will make after this one, in order (a snapshot). A runner that trains several runs at
    /// once (all seeds of a configuration and fold: seeds are innermost in the grid's order) finds its group here.
    /// </summary>
    public IReadOnlyList<RunKey> Upcoming { get; }

    /// <summary>Signalled when the grid is cancelled; a runner stops soon after and returns a Cancelled result (not saved).</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>
    /// A folder that belongs to this run until it finishes: keep checkpoints here. It survives an interrupted run, so a
    /// restarted grid finds it and the run can resume; it is deleted once the run's result is saved.
    /// </summary>
    public string CheckpointDirectory { get; }

    /// <summary>The conventional checkpoint file inside <see cref="CheckpointDirectory"/>.</summary>
    public string CheckpointPath => Path.Combine(CheckpointDirectory, "checkpoint.bin");

    /// <summary>Whether an earlier, interrupted attempt left anything in <see cref="CheckpointDirectory"/>.</summary>
    public bool HasCheckpoint => Directory.Exists(CheckpointDirectory) && Directory.EnumerateFileSystemEntries(CheckpointDirectory).Any();
}

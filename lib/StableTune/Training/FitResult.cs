namespace StableTune.Training;

/// <summary>How a run ended.</summary>
public enum RunStatus { Completed, EarlyStopped, Diverged, Cancelled, Failed }

/// <summary>One epoch of history. Validation fields are NaN when there is no validation set.</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds);

/// <summary>What <see cref="Trainer.Fit"/> returns.</summary>
public sealed record FitResult(RunStatus Status, IReadOnlyList<EpochRecord> History, int BestEpoch, string? Message = null);

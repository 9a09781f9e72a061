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

/// <summary>What <see cref="Trainer.Fit(TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, Data.TensorData, Data.TensorData?, int, IEnumerable{ICallback}?, CancellationToken)"/> returns.</summary>
public sealed record FitResult(RunStatus Status, IReadOnlyList<EpochRecord> History, int BestEpoch, string? Message = null)
{
    /// <summary>
    /// The statistics the fit standardized with (<c>TrainConfig.Standardize</c>), fitted on the training part only; pass
    /// it to <see cref="Trainer.Evaluate"/> for test data. Null without standardization.
    /// </summary>
    public Data.Standardizer? Standardizer { get; init; }
}

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// A training-loop callback. The loop raises events in this order: BeforeFit, then per epoch BeforeEpoch,
/// per batch BeforeBatch, AfterBackward (gradients ready, before the optimizer step; once per closure evaluation for
/// L-BFGS) and AfterBatch, then AfterEpoch (after validation and after the epoch's <see cref="EpochRecord"/> is in
/// <see cref="TrainContext.History"/>), and finally AfterFit. Implement only what you need.
/// The trainer's own callbacks (schedule, clipping, divergence guard, early stopping) run first, then the caller's in
/// the order given, then progress. A callback stops training by setting <see cref="TrainContext.StopReason"/>.
/// </summary>
public interface ICallback
{
    /// <summary>Once, before the first epoch (a resuming callback may set <see cref="TrainContext.StartEpoch"/> here).</summary>
    void BeforeFit(TrainContext context) { }
    /// <summary>At the start of each epoch.</summary>
    void BeforeEpoch(TrainContext context) { }
    /// <summary>Before each batch's forward pass (the schedule sets the learning rate here).</summary>
    void BeforeBatch(TrainContext context) { }
    /// <summary>After back-propagation, before the optimizer step: gradients can be read or changed (clipping).</summary>
    void AfterBackward(TrainContext context) { }
    /// <summary>After the optimizer step; <see cref="TrainContext.BatchLoss"/> holds the batch's loss.</summary>
    void AfterBatch(TrainContext context) { }
    /// <summary>After validation, with the epoch's record last in <see cref="TrainContext.History"/>.</summary>
    void AfterEpoch(TrainContext context) { }
    /// <summary>Once, after the last epoch (also after a stop); early stopping restores the best weights here.</summary>
    void AfterFit(TrainContext context) { }
}

/// <summary>The mutable state of one fit, shared with callbacks.</summary>
public sealed class TrainContext
{
    /// <summary>The model being trained.</summary>
    public required nn.Module<Tensor, Tensor> Model { get; init; }
    /// <summary>The optimizer (parameter group 0 is the head's, or the whole model's).</summary>
    public required optim.Optimizer Optimizer { get; init; }
    /// <summary>The fit's configuration.</summary>
    public required TrainConfig Config { get; init; }
    /// <summary>The device the model's parameters are on; batches are moved there.</summary>
    public required Device Device { get; init; }
    /// <summary>The run's seed (what <see cref="Trainer.Fit(nn.Module{Tensor, Tensor}, Data.TensorData, Data.TensorData?, int, IEnumerable{ICallback}?, CancellationToken)"/> was given).</summary>
    public required int Seed { get; init; }
    /// <summary>The fit's generator of augmentation (batch order comes from <see cref="Data.Batches.Order"/>, a pure function).</summary>
    public required Generator AugmentGenerator { get; init; }
    /// <summary>The fit's generator of dropout masks (used by the model's <see cref="Models.SeededDropout"/> layers).</summary>
    public required Generator DropoutGenerator { get; init; }
    /// <summary>True when the fit has validation data (val_* values in the history are real numbers).</summary>
    public bool HasValidation { get; init; }
    /// <summary>First epoch to run; 0 unless a callback resumed a run in BeforeFit.</summary>
    public int StartEpoch { get; set; }
    /// <summary>0-based epoch index.</summary>
    public int Epoch { get; set; }
    /// <summary>0-based batch index within the epoch.</summary>
    public int Batch { get; set; }
    /// <summary>Number of batches in a full epoch.</summary>
    public int BatchesPerEpoch { get; set; }
    /// <summary>In AfterEpoch: true when every batch of the epoch ran (false when a stop cut it short).</summary>
    public bool EpochComplete { get; set; }
    /// <summary>Optimizer steps since the start of the run: <c>Epoch * BatchesPerEpoch + Batch</c>.</summary>
    public long Step => (long)Epoch * BatchesPerEpoch + Batch;
    /// <summary>Optimizer steps of the whole run: <c>Config.Epochs * BatchesPerEpoch</c>.</summary>
    public long TotalSteps => (long)Config.Epochs * BatchesPerEpoch;
    /// <summary>Data loss of the last batch, without the regularization penalty (a CPU value, already read from the tensor).</summary>
    public double BatchLoss { get; set; } = double.NaN;
    /// <summary>Current learning rate (of the head's group for models with a separate backbone rate).</summary>
    public double LearningRate { get; set; }
    /// <summary>Completed epochs so far.</summary>
    public List<EpochRecord> History { get; } = [];
    /// <summary>Set by a callback to stop training after the current batch (the epoch is still validated and recorded).</summary>
    public RunStatus? StopReason { get; set; }
    /// <summary>Why training stopped, in words (null while running or when it completed).</summary>
    public string? StopMessage { get; set; }
    /// <summary>Best epoch so far by the early-stopping monitor (or the last epoch without one).</summary>
    public int BestEpoch { get; set; } = -1;

    /// <summary>Stops training after the current batch unless another callback already did.</summary>
    public void Stop(RunStatus reason, string message)
    {
        if (StopReason is not null) return;
        StopReason = reason;
        StopMessage = message;
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// A training-loop callback. The loop raises events in this order: BeforeFit, then per epoch BeforeEpoch,
/// per batch BeforeBatch/AfterBatch, AfterEpoch (after validation), and finally AfterFit. Implement only what you need.
/// Callbacks run in the order they were added; a callback stops training by setting <see cref="TrainContext.StopReason"/>.
/// </summary>
public interface ICallback
{
    void BeforeFit(TrainContext context) { }
    void BeforeEpoch(TrainContext context) { }
    void BeforeBatch(TrainContext context) { }
    void AfterBatch(TrainContext context) { }
    void AfterEpoch(TrainContext context) { }
    void AfterFit(TrainContext context) { }
}

/// <summary>The mutable state of one fit, shared with callbacks.</summary>
public sealed class TrainContext
{
    public required nn.Module<Tensor, Tensor> Model { get; init; }
    public required optim.Optimizer Optimizer { get; init; }
    public required TrainConfig Config { get; init; }
    public required Device Device { get; init; }
    /// <summary>0-based epoch index.</summary>
    public int Epoch { get; set; }
    /// <summary>0-based batch index within the epoch.</summary>
    public int Batch { get; set; }
    public int BatchesPerEpoch { get; set; }
    /// <summary>Loss of the last batch (a CPU value, already read from the tensor).</summary>
    public double BatchLoss { get; set; } = double.NaN;
    /// <summary>Current learning rate (of the head's group for models with a separate backbone rate).</summary>
    public double LearningRate { get; set; }
    /// <summary>Completed epochs so far.</summary>
    public List<EpochRecord> History { get; } = [];
    /// <summary>Set by a callback to stop training after the current batch.</summary>
    public RunStatus? StopReason { get; set; }
    public string? StopMessage { get; set; }
    /// <summary>Best epoch so far by the early-stopping monitor (or the last epoch without one).</summary>
    public int BestEpoch { get; set; } = -1;
}

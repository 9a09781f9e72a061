using StableTune.Models;
using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>
/// Everything one training run needs besides data and seed: the model, how to train it and, for fine-tuning, where its
/// backbone comes from. Immutable; a grid of setups runs with <see cref="Study"/>, and the whole record is saved with
/// every result. Vary one field with <c>with</c>: <c>setup with { Train = setup.Train with { LearningRate = 0.1 } }</c>.
/// </summary>
/// <param name="Model">The model to build (a fresh one per run, initialised from the run's seed).</param>
/// <param name="Train">The training configuration (for a two-stage fine-tune: the first, frozen-backbone stage).</param>
public sealed record TrainingSetup(ModelConfig Model, TrainConfig Train)
{
    /// <summary>
    /// A backbone saved with <see cref="BackboneHeadModel.SaveBackbone"/>, loaded into the model before training
    /// (<see cref="BackboneHeadConfig"/> models only). Null: train from scratch.
    /// </summary>
    public string? PretrainedBackbone { get; init; }

    /// <summary>Train with the backbone frozen (only the head learns) during <see cref="Train"/>.</summary>
    public bool FreezeBackbone { get; init; }

    /// <summary>
    /// A second stage after <see cref="Train"/>: unfreeze the backbone and train everything with this configuration
    /// (typically a lower learning rate, or <c>Optimizer.BackboneLearningRateScale</c> below 1). Null: one stage.
    /// </summary>
    public TrainConfig? ThenUnfrozen { get; init; }

    /// <summary>Total epochs over all stages.</summary>
    public int TotalEpochs => Train.Epochs + (ThenUnfrozen?.Epochs ?? 0);
}

using StableTune.Regularization;

namespace StableTune.Training;

/// <summary>Optimizers the trainer can build from a config.</summary>
public enum OptimizerKind { SGD, Momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad, LBFGS }

/// <summary>Loss functions on class logits.</summary>
public enum LossKind { CrossEntropy, LabelSmoothing, MseOneHot }

/// <summary>Learning-rate schedules, applied per batch.</summary>
public enum ScheduleKind { Constant, Step, Cosine, OneCycle }

/// <summary>The optimizer and its hyper-parameters.</summary>
public sealed record OptimizerConfig
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;
    /// <summary>Momentum for <see cref="OptimizerKind.Momentum"/>, <see cref="OptimizerKind.Nesterov"/> and RMSprop.</summary>
    public double Momentum { get; init; } = 0.9;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Decoupled weight decay (AdamW) or the optimizer's own weight decay (others).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Learning rate of a frozen-able backbone as a fraction of the head's (backbone + head models only).</summary>
    public double BackboneLearningRateScale { get; init; } = 1.0;
}

/// <summary>A learning-rate schedule.</summary>
public sealed record ScheduleConfig
{
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;
    /// <summary>Linear warm-up length in epochs (fractions allowed).</summary>
    public double WarmupEpochs { get; init; }
    /// <summary>Step schedule: multiply by <see cref="Gamma"/> every <see cref="StepEpochs"/> epochs.</summary>
    public int StepEpochs { get; init; } = 10;
    public double Gamma { get; init; } = 0.1;
    /// <summary>Cosine / one-cycle: final learning rate as a fraction of the peak.</summary>
    public double FinalFraction { get; init; } = 0.01;
}

/// <summary>Data augmentation applied to training batches only.</summary>
public sealed record AugmentConfig
{
    /// <summary>Pad each side by this many pixels, then crop back at a random offset (0 = off).</summary>
    public int CropPadding { get; init; }
    /// <summary>Flip images left-right with probability 0.5.</summary>
    public bool HorizontalFlip { get; init; }
}

/// <summary>Stop when the validation metric has not improved for <see cref="Patience"/> epochs; restore the best weights.</summary>
public sealed record EarlyStoppingConfig
{
    public int Patience { get; init; } = 5;
    /// <summary>"val_loss" (minimized) or "val_accuracy" (maximized).</summary>
    public string Monitor { get; init; } = "val_loss";
    public double MinDelta { get; init; }
    public bool RestoreBest { get; init; } = true;
}

/// <summary>Everything the training loop needs besides the model and the data. Immutable; saved beside results.</summary>
public sealed record TrainConfig
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public OptimizerConfig Optimizer { get; init; } = new();
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;
    /// <summary>Smoothing for <see cref="LossKind.LabelSmoothing"/>.</summary>
    public double LabelSmoothing { get; init; } = 0.1;
    public ScheduleConfig Schedule { get; init; } = new();
    public RegularizationConfig Regularization { get; init; } = new();
    public AugmentConfig Augment { get; init; } = new();
    /// <summary>Clip the global gradient norm to this value (null = off).</summary>
    public double? ClipGradNorm { get; init; }
    public EarlyStoppingConfig? EarlyStopping { get; init; }
    /// <summary>A run whose training loss exceeds this multiple of its first-epoch loss, or is NaN, is marked diverged.</summary>
    public double DivergenceFactor { get; init; } = 1e3;
    /// <summary>Standardize features with statistics of the training part only.</summary>
    public bool Standardize { get; init; }
}

using StableTune.Metrics;

namespace StableTune.Training;

/// <summary>What <see cref="Trainer.Evaluate"/> returns: the metrics and each example's predicted class, in data order.</summary>
public sealed record EvaluationResult(ClassificationMetrics Metrics, int[] Predictions)
{
    /// <summary>Mean loss (the trainer's loss function, without regularization penalty).</summary>
    public double Loss => Metrics.Loss;
    /// <summary>Fraction of correct predictions.</summary>
    public double Accuracy => Metrics.Accuracy;
}

namespace StableTune.Training;

/// <summary>What <see cref="Trainer.Evaluate"/> returns: mean loss, accuracy and each example's predicted class, in order.</summary>
public sealed record EvaluationResult(double Loss, double Accuracy, int[] Predictions);

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>Loss functions on class logits <c>[N, C]</c> and int64 targets <c>[N]</c>, each returning the batch mean.</summary>
public static class Losses
{
    /// <summary>
    /// The loss a config names. <see cref="LossKind.MseOneHot"/> is the Brier score: the squared distance between the
    /// <i>softmax probabilities</i> and the one-hot target, summed over classes and averaged over the batch. We use
    /// probabilities, not raw logits, because a regression target of exactly 0/1 on unbounded logits would push the
    /// logits themselves to 0 and 1 (an arbitrary scale); on probabilities the loss is bounded by 2 and its weak
    /// gradient for confidently wrong predictions is exactly what the lesson compares with cross-entropy.
    /// </summary>
    public static Func<Tensor, Tensor, Tensor> Create(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Loss switch
        {
            LossKind.CrossEntropy => (logits, targets) => nn.functional.cross_entropy(logits, targets),
            LossKind.LabelSmoothing => (logits, targets) => nn.functional.cross_entropy(logits, targets, label_smoothing: config.LabelSmoothing),
            LossKind.MseOneHot => Brier,
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Loss, "Unknown loss kind."),
        };
    }

    static Tensor Brier(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        // [N, C] probabilities vs [N, C] one-hot -> sum over C -> mean over N
        var probabilities = logits.softmax(1);
        var oneHot = nn.functional.one_hot(targets, logits.shape[1]).to(probabilities.dtype);
        return probabilities.sub(oneHot).square().sum(1).mean().MoveToOuterDisposeScope();
    }
}

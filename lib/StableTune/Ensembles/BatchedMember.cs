using StableTune.Models;
using StableTune.Training;

namespace StableTune.Ensembles;

/// <summary>One member of a batched ensemble: its seed and its training configuration.</summary>
public sealed record BatchedMember(int Seed, TrainConfig Train);

/// <summary>Which runs can be trained together as one batched model, and why not otherwise.</summary>
public static class BatchedSupport
{
    /// <summary>
    /// Null when <paramref name="model"/> trained with <paramref name="train"/> can be a member of a batched ensemble,
    /// else the reason. Supported: MLP and CNN models without dropout; SGD, momentum, Nesterov, Adam, AdamW; cross-entropy
    /// (with or without label smoothing); L1/L2 penalties; no augmentation, early stopping,
    /// or gradient clipping. Everything random must follow the member's own seed, which is why
    /// dropout and augmentation are excluded. Every learning-rate schedule is supported.
    /// </summary>
    public static string? WhyNot(ModelConfig model, TrainConfig train)
    {
        if (model is not (MlpConfig or CnnConfig)) return $"{model.GetType().Name} models are not batched (only MLP and CNN).";
        if (model is MlpConfig { Dropout: > 0 } or CnnConfig { Dropout: > 0 }) return "dropout draws masks from the shared random state, so members would not match their single runs.";
        if (!BatchedOptimizer.Supported.Contains(train.Optimizer.Kind)) return $"optimizer {train.Optimizer.Kind} is not elementwise-batched.";
        if (train.Loss == LossKind.MseOneHot) return "the MSE loss is not batched.";
        if (train.Augment.CropPadding > 0 || train.Augment.HorizontalFlip) return "augmentation draws from the shared random state.";
        if (train.EarlyStopping is not null) return "early stopping is not batched.";
        if (train.ClipGradNorm is not null) return "gradient clipping is not batched.";
        return null;
    }

    /// <summary>
    /// Null when the members can share one batched model: each is supported and they differ only in seed, learning
    /// rate, L1/L2 strength and weight decay. Otherwise the reason.
    /// </summary>
    public static string? WhyNot(ModelConfig model, IReadOnlyList<BatchedMember> members)
    {
        if (members.Count == 0) return "no members.";
        foreach (var m in members)
            if (WhyNot(model, m.Train) is { } reason) return reason;
        var shared = Shared(members[0].Train);
        for (int i = 1; i < members.Count; i++)
            if (Shared(members[i].Train) != shared)
                return $"member {i} differs from member 0 in more than seed, learning rate, L1/L2 and weight decay.";
        return null;
    }

    /// <summary>The configuration with the per-member settings blanked out.</summary>
    static TrainConfig Shared(TrainConfig t) => t with
    {
        LearningRate = 0,
        Regularization = t.Regularization with { L1 = 0, L2 = 0 },
        Optimizer = t.Optimizer with { WeightDecay = 0 },
    };
}

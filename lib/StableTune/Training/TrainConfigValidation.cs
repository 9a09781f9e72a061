namespace StableTune.Training;

/// <summary>
/// Checks a <see cref="TrainConfig"/> before training starts. Each problem is an <see cref="ArgumentException"/>
/// whose <c>ParamName</c> is the config path (e.g. <c>Optimizer.Momentum</c>) and whose message gives the value and the rule.
/// </summary>
public static class TrainConfigValidation
{
    /// <summary>Throws on the first invalid field.</summary>
    public static void Validate(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Epochs < 1) Fail("Epochs", config.Epochs, "must be at least 1");
        if (config.BatchSize < 1) Fail("BatchSize", config.BatchSize, "must be at least 1");
        Positive("LearningRate", config.LearningRate);
        if (config.Loss == LossKind.LabelSmoothing && !(config.LabelSmoothing >= 0 && config.LabelSmoothing < 1))
            Fail("LabelSmoothing", config.LabelSmoothing, "must be in [0, 1)");
        if (config.ClipGradNorm is { } clip) Positive("ClipGradNorm", clip);
        if (!(config.DivergenceFactor > 1)) Fail("DivergenceFactor", config.DivergenceFactor, "must be greater than 1 (a multiple of the first loss)");

        var o = config.Optimizer ?? throw new ArgumentNullException("Optimizer");
        if (!Enum.IsDefined(o.Kind)) Fail("Optimizer.Kind", o.Kind, "is not an optimizer kind");
        UnitInterval("Optimizer.Momentum", o.Momentum);
        UnitInterval("Optimizer.Beta1", o.Beta1);
        UnitInterval("Optimizer.Beta2", o.Beta2);
        NonNegative("Optimizer.WeightDecay", o.WeightDecay);
        NonNegative("Optimizer.BackboneLearningRateScale", o.BackboneLearningRateScale);

        var s = config.Schedule ?? throw new ArgumentNullException("Schedule");
        NonNegative("Schedule.WarmupEpochs", s.WarmupEpochs);
        if (s.WarmupEpochs > config.Epochs) Fail("Schedule.WarmupEpochs", s.WarmupEpochs, $"must not exceed Epochs ({config.Epochs})");
        if (s.StepEpochs < 1) Fail("Schedule.StepEpochs", s.StepEpochs, "must be at least 1");
        if (!(s.Gamma > 0 && s.Gamma <= 1)) Fail("Schedule.Gamma", s.Gamma, "must be in (0, 1]");
        if (!(s.FinalFraction >= 0 && s.FinalFraction <= 1)) Fail("Schedule.FinalFraction", s.FinalFraction, "must be in [0, 1]");

        var r = config.Regularization ?? throw new ArgumentNullException("Regularization");
        NonNegative("Regularization.L1", r.L1);
        NonNegative("Regularization.L2", r.L2);

        var a = config.Augment ?? throw new ArgumentNullException("Augment");
        if (a.CropPadding < 0) Fail("Augment.CropPadding", a.CropPadding, "must be 0 (off) or positive");

        if (config.EarlyStopping is { } e)
        {
            if (e.Patience < 1) Fail("EarlyStopping.Patience", e.Patience, "must be at least 1 epoch");
            if (e.Monitor is not (EarlyStopping.ValidationLoss or EarlyStopping.ValidationAccuracy))
                Fail("EarlyStopping.Monitor", $"\"{e.Monitor}\"", $"must be \"{EarlyStopping.ValidationLoss}\" or \"{EarlyStopping.ValidationAccuracy}\"");
            NonNegative("EarlyStopping.MinDelta", e.MinDelta);
        }
    }

    static void Positive(string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value))) Fail(name, value, "must be a positive number");
    }

    static void NonNegative(string name, double value)
    {
        if (!(value >= 0 && double.IsFinite(value))) Fail(name, value, "must be 0 or a positive number");
    }

    static void UnitInterval(string name, double value)
    {
        if (!(value >= 0 && value < 1)) Fail(name, value, "must be in [0, 1)");
    }

    static void Fail(string name, object value, string rule) =>
        throw new ArgumentException($"TrainConfig.{name} = {value}: {rule}.", name);
}

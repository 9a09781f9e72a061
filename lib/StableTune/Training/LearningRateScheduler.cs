namespace StableTune.Training;

/// <summary>
/// Sets every parameter group's learning rate before each batch to its base rate (the head's, or the backbone's
/// scaled one) times <see cref="LearningRateSchedule.Factor"/>. Added by the trainer to every fit.
/// </summary>
public sealed class LearningRateScheduler : ICallback
{
    double[] _baseRates = [];

    /// <inheritdoc />
    public void BeforeFit(TrainContext context) =>
        _baseRates = context.Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    /// <inheritdoc />
    public void BeforeBatch(TrainContext context)
    {
        var factor = LearningRateSchedule.Factor(context.Config.Schedule, context.Step, context.BatchesPerEpoch, context.TotalSteps);
        var i = 0;
        foreach (var group in context.Optimizer.ParamGroups) group.LearningRate = _baseRates[i++] * factor;
        context.LearningRate = context.Config.LearningRate * factor;
    }
}

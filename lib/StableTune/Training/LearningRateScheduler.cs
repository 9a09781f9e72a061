using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// Sets every parameter group's learning rate before each batch to its base rate (the head's, or the backbone's
/// scaled one) times <see cref="LearningRateSchedule.Factor"/>. Added by the trainer to every fit.
/// </summary>
public sealed class LearningRateScheduler : ICallback
{
    optim.ILearningRateController[] _groups = [];
    double[] _baseRates = [];

    /// <inheritdoc />
    public void BeforeFit(TrainContext context)
    {
        _groups = context.Optimizer.ParamGroups.ToArray(); // cached: no enumerator per batch
        _baseRates = _groups.Select(g => g.LearningRate).ToArray();
    }

    /// <inheritdoc />
    public void BeforeBatch(TrainContext context)
    {
        var factor = LearningRateSchedule.Factor(context.Config.Schedule, context.Step, context.BatchesPerEpoch, context.TotalSteps);
        for (var i = 0; i < _groups.Length; i++) _groups[i].LearningRate = _baseRates[i] * factor;
        context.LearningRate = context.Config.LearningRate * factor;
    }
}

using StableTune.Training;

namespace StableTune.Tests.Training;

public class TrainConfigValidationTests
{
    public static TheoryData<string, TrainConfig> BadConfigs() => new()
    {
        { "LearningRate", new TrainConfig { LearningRate = -0.1 } },
        { "LearningRate", new TrainConfig { LearningRate = 0 } },
        { "LearningRate", new TrainConfig { LearningRate = double.NaN } },
        { "BatchSize", new TrainConfig { BatchSize = 0 } },
        { "BatchSize", new TrainConfig { BatchSize = -8 } },
        { "Epochs", new TrainConfig { Epochs = 0 } },
        { "LabelSmoothing", new TrainConfig { Loss = LossKind.LabelSmoothing, LabelSmoothing = 1.0 } },
        { "ClipGradNorm", new TrainConfig { ClipGradNorm = 0 } },
        { "DivergenceFactor", new TrainConfig { DivergenceFactor = 0.5 } },
        { "Optimizer.Momentum", new TrainConfig { Optimizer = new OptimizerConfig { Momentum = 1.0 } } },
        { "Optimizer.Beta2", new TrainConfig { Optimizer = new OptimizerConfig { Beta2 = -0.1 } } },
        { "Optimizer.WeightDecay", new TrainConfig { Optimizer = new OptimizerConfig { WeightDecay = -1e-4 } } },
        { "Optimizer.BackboneLearningRateScale", new TrainConfig { Optimizer = new OptimizerConfig { BackboneLearningRateScale = -1 } } },
        { "Schedule.WarmupEpochs", new TrainConfig { Epochs = 2, Schedule = new ScheduleConfig { WarmupEpochs = 3 } } },
        { "Schedule.StepEpochs", new TrainConfig { Schedule = new ScheduleConfig { StepEpochs = 0 } } },
        { "Schedule.Gamma", new TrainConfig { Schedule = new ScheduleConfig { Gamma = 0 } } },
        { "Schedule.FinalFraction", new TrainConfig { Schedule = new ScheduleConfig { FinalFraction = 1.5 } } },
        { "Regularization.L1", new TrainConfig { Regularization = new() { L1 = -1e-3 } } },
        { "Regularization.L2", new TrainConfig { Regularization = new() { L2 = double.PositiveInfinity } } },
        { "Augment.CropPadding", new TrainConfig { Augment = new AugmentConfig { CropPadding = -2 } } },
        { "EarlyStopping.Patience", new TrainConfig { EarlyStopping = new EarlyStoppingConfig { Patience = 0 } } },
        { "EarlyStopping.Monitor", new TrainConfig { EarlyStopping = new EarlyStoppingConfig { Monitor = "val_acc" } } },
        { "EarlyStopping.MinDelta", new TrainConfig { EarlyStopping = new EarlyStoppingConfig { MinDelta = -1 } } },
    };

    [Theory, MemberData(nameof(BadConfigs))]
    public void BadValueIsRejectedNamingTheParameterAndValue(string parameter, TrainConfig config)
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(config));
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith($"TrainConfig.{parameter} = ", e.Message);
    }

    [Fact]
    public void DefaultsAndEveryOptimizerAreValid()
    {
        foreach (var kind in Enum.GetValues<OptimizerKind>())
        {
            var config = new TrainConfig { Optimizer = new OptimizerConfig { Kind = kind } };
            Assert.Equal(config, new Trainer(config).Config);
        }
    }
}

using StableTune.Models;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class OptimizerTests
{
    public static TheoryData<OptimizerKind, double> Kinds() => new()
    {
        { OptimizerKind.SGD, 0.1 }, { OptimizerKind.Momentum, 0.05 }, { OptimizerKind.Nesterov, 0.05 },
        { OptimizerKind.Adam, 0.01 }, { OptimizerKind.AdamW, 0.01 }, { OptimizerKind.RMSprop, 0.005 },
        { OptimizerKind.Adagrad, 0.05 }, { OptimizerKind.LBFGS, 0.5 },
    };

    [Theory, MemberData(nameof(Kinds))]
    public void EachOptimizerReducesTheLossOnATinyProblem(OptimizerKind kind, double rate)
    {
        using var data = Synthetic.Blobs(20);
        var trainer = new Trainer(new TrainConfig
        {
            Epochs = 3, BatchSize = 60, LearningRate = rate, // one full batch per epoch: three optimizer steps
            Optimizer = new OptimizerConfig { Kind = kind, WeightDecay = kind == OptimizerKind.AdamW ? 0.01 : 0 },
        });
        manual_seed(1);
        using var model = ModelBuilder.Build(new MlpConfig { Inputs = 8, Depth = 1, Width = 16, Classes = 3 });
        var before = trainer.Evaluate(model, data).Loss;
        var result = trainer.Fit(model, data, null, seed: 1);
        var after = trainer.Evaluate(model, data).Loss;

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(after < before * 0.9, $"{kind}: loss {before:F4} -> {after:F4}");
    }
}

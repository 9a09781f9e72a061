using StableTune.Models;
using StableTune.Regularization;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Regularization;

public class WeightDecayTests
{
    /// <summary>One AdamW step with all-zero gradients: the Adam part moves nothing, so only decoupled decay acts.</summary>
    static (float[] Weights, float[] Biases, float[] WeightsAfter, float[] BiasesAfter) StepWithZeroGradients(bool includeBiasAndNorm)
    {
        using var model = ModelBuilder.Build(new MlpConfig { Inputs = 4, Depth = 1, Width = 3, Classes = 2 });
        var config = new TrainConfig
        {
            LearningRate = 0.1,
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.AdamW, WeightDecay = 0.5 },
            Regularization = new RegularizationConfig { IncludeBiasAndNorm = includeBiasAndNorm },
        };
        using var optimizer = Optimizers.Create(config, model);
        foreach (var p in model.parameters()) p.grad = zeros_like(p);
        float[] Values(bool weights) => model.parameters().Where(p => WeightPenalty.IsWeightMatrix(p) == weights)
            .SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();
        var (w, b) = (Values(true), Values(false));
        optimizer.step();
        return (w, b, Values(true), Values(false));
    }

    [Fact]
    public void DecoupledDecayShrinksWeightsButNotBiasesByDefault()
    {
        var (w, b, w2, b2) = StepWithZeroGradients(includeBiasAndNorm: false);
        Assert.Equal(w.Select(v => v * (1 - 0.1f * 0.5f)), w2, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal(b, b2);
    }

    [Fact]
    public void DecoupledDecayShrinksBiasesTooWhenIncluded()
    {
        var (_, b, _, b2) = StepWithZeroGradients(includeBiasAndNorm: true);
        Assert.Equal(b.Select(v => v * (1 - 0.1f * 0.5f)), b2, (x, y) => Math.Abs(x - y) < 1e-6);
    }
}

using StableTune.Models;
using StableTune.Regularization;
using StableTune.Tests.Training;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Regularization;

[Collection(TorchRandomCollection.Name)]
public class WeightPenaltyTests
{
    /// <summary>A 2-3-2 MLP with hand-set weights: fc0.weight all 0.5, fc0.bias all -1, classifier.weight all -2, classifier.bias all 3.</summary>
    static nn.Module<Tensor, Tensor> TinyModel()
    {
        var model = ModelBuilder.Build(new MlpConfig { Inputs = 2, Depth = 1, Width = 3, Classes = 2 });
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
            p.fill_(name switch { "hidden.fc0.weight" => 0.5, "hidden.fc0.bias" => -1, "classifier.weight" => -2, "classifier.bias" => 3, _ => throw new InvalidOperationException(name) });
        return model;
    }

    [Fact]
    public void PenaltyEqualsTheHandComputedSumOverWeightMatrices()
    {
        using var model = TinyModel();
        var penalty = WeightPenalty.Create(new RegularizationConfig { L1 = 0.1, L2 = 0.01 }, model)!;
        // weights: 6 x 0.5 (fc0, 3x2) and 6 x -2 (classifier, 2x3); biases excluded
        var l1 = 6 * 0.5 + 6 * 2.0;
        var l2 = 6 * 0.25 + 6 * 4.0;
        using var value = penalty.Compute();
        Assert.Equal(0.1 * l1 + 0.01 * l2, value.item<float>(), 5);
        Assert.Equal(2, penalty.TensorCount);
    }

    [Fact]
    public void BiasesAreIncludedOnlyWhenAskedFor()
    {
        using var model = TinyModel();
        var penalty = WeightPenalty.Create(new RegularizationConfig { L1 = 1, IncludeBiasAndNorm = true }, model)!;
        using var value = penalty.Compute();
        Assert.Equal(6 * 0.5 + 6 * 2.0 + 3 * 1 + 2 * 3, value.item<float>(), 5);
        Assert.Equal(4, penalty.TensorCount);
    }

    [Fact]
    public void NormParametersAreExcludedByDefault()
    {
        using var model = ModelBuilder.Build(new CnnConfig { Channels = [4], ImageSize = 8, Dense = 4, BatchNorm = true, Classes = 2 });
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        var penalized = WeightPenalty.PenalizedParameters(model, includeBiasAndNorm: false).ToHashSet();
        var penalizedNames = model.named_parameters().Where(p => penalized.Contains(p.parameter)).Select(p => p.name).ToArray();
        Assert.Equal(["features.conv0.weight", "dense.fc.weight", "classifier.weight"], penalizedNames);
        Assert.Contains("features.norm0.weight", names);
        Assert.Contains("features.norm0.bias", names);
    }

    [Fact]
    public void NoPenaltyWithoutCoefficients() =>
        Assert.Null(WeightPenalty.Create(new RegularizationConfig(), TinyModel()));

    [Fact]
    public void L1TrainingLeavesMoreNearZeroWeights()
    {
        using var train = Synthetic.Blobs(40, features: 20);
        var model = new MlpConfig { Inputs = 20, Depth = 1, Width = 32, Classes = 3 };
        var plain = new TrainConfig { Epochs = 8, BatchSize = 20, LearningRate = 0.01 };
        using var none = new Trainer(plain).Fit(model, train, null, seed: 1);
        using var l1 = new Trainer(plain with { Regularization = new RegularizationConfig { L1 = 3e-3 } }).Fit(model, train, null, seed: 1);

        static int NearZero(nn.Module m) =>
            WeightPenalty.PenalizedParameters(m, false).Sum(p => (int)p.abs().lt(1e-2).sum().item<long>());
        Assert.True(NearZero(l1.Model) > 2 * NearZero(none.Model), $"near-zero weights: L1 {NearZero(l1.Model)}, none {NearZero(none.Model)}");
    }

    [Fact]
    public void TheTrainingObjectiveIncludesThePenaltyButTheReportedLossDoesNot()
    {
        // With a huge L2, SGD shrinks weights towards zero, so the data loss moves towards log(3) (uniform prediction).
        using var train = Synthetic.Blobs(20);
        var model = new MlpConfig { Inputs = 8, Depth = 1, Width = 8, Classes = 3 };
        var config = new TrainConfig { Epochs = 10, BatchSize = 60, LearningRate = 0.1, Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD } };
        using var strong = new Trainer(config with { Regularization = new RegularizationConfig { L2 = 2.0 } }).Fit(model, train, null, seed: 1);
        var weights = WeightPenalty.PenalizedParameters(strong.Model, false).Sum(p => p.abs().max().item<float>());
        Assert.True(weights < 0.05, $"largest weights sum {weights}");
        Assert.Equal(Math.Log(3), strong.Result.History[^1].TrainLoss, 1);
    }
}

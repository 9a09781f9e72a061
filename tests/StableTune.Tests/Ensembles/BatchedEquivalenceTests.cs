using StableTune.Data;
using StableTune.Ensembles;
using StableTune.Models;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Ensembles;

/// <summary>Every member of a batched ensemble must end where the kit's Trainer, training it alone, ends.</summary>
public class BatchedEquivalenceTests
{
    static TensorData SmallImages(int n, int seed)
    {
        StableTune.Runtime.TorchNative.Install();
        using var generator = new Generator((ulong)seed);
        var x = rand([n, 1, 12, 12], generator: generator);
        // Labels depend on the image so that training makes progress.
        var y = (x.mean([1, 2, 3]) * 30).to(ScalarType.Int64).remainder(3);
        return new TensorData(x, y, ["a", "b", "c"], "synthetic");
    }

    static void AssertMembersMatch(ModelConfig model, IReadOnlyList<BatchedMember> members, TensorData train, TensorData validation)
    {
        using var fit = BatchedTrainer.Fit(model, members, train, validation);
        var predictions = BatchedTrainer.Predict(fit.Model, validation, fit.Results[0].Standardizer);
        for (int m = 0; m < members.Count; m++)
        {
            var trainer = new Trainer(members[m].Train);
            using var alone = trainer.Fit(model, train, validation, members[m].Seed);
            Assert.Equal(alone.Result.Status, fit.Results[m].Status);
            Assert.Equal(alone.Result.History.Count, fit.Results[m].History.Count);
            for (int e = 0; e < alone.Result.History.Count; e++)
            {
                var (a, b) = (alone.Result.History[e], fit.Results[m].History[e]);
                Assert.Equal(a.Epoch, b.Epoch);
                Assert.Equal(a.TrainLoss, b.TrainLoss, 1e-4);
                Assert.Equal(a.TrainAccuracy, b.TrainAccuracy, 0.02); // a rounding flip of an argmax moves one example
                Assert.Equal(a.ValidationLoss, b.ValidationLoss, 1e-4);
                Assert.Equal(a.LearningRate, b.LearningRate, 1e-9);
            }
            var single = trainer.Evaluate(alone.Model, validation, alone.Result.Standardizer).Predictions;
            Assert.True(single.Zip(predictions[m]).Count(p => p.First != p.Second) <= 1, $"member {m}: predictions differ from its single run");

            manual_seed(12345);
            using var extracted = ModelBuilder.Build(model);
            fit.Model.CopyMemberTo(m, extracted);
            var expected = alone.Model.parameters().ToList();
            var actual = extracted.parameters().ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                // Float rounding differs between bmm/grouped conv and the single kernels; training amplifies it a little.
                var gap = (expected[i] - actual[i]).abs().max().item<float>();
                var scale = expected[i].abs().max().item<float>();
                Assert.True(gap <= 1e-3f * Math.Max(scale, 1f), $"member {m} parameter {i}: max difference {gap} (scale {scale})");
            }
            if (m > 0)
            {
                // The members really differ (distinct seeds/settings), so the comparison above is not trivially met.
                using var other = ModelBuilder.Build(model);
                fit.Model.CopyMemberTo(0, other);
                Assert.True((other.parameters().First() - actual[0]).abs().max().item<float>() > 1e-3f);
            }
        }
    }

    [Fact]
    public void MlpMembersMatchSingleRunsWithPerMemberSettings()
    {
        using var train = SmallImages(96, 1);
        using var validation = SmallImages(40, 11);
        var model = new MlpConfig { Inputs = 144, Depth = 2, Width = 16, Classes = 3 };
        var baseTrain = new TrainConfig
        {
            Epochs = 2, BatchSize = 20, Loss = LossKind.LabelSmoothing, Standardize = true,
            Schedule = new ScheduleConfig { Kind = ScheduleKind.Cosine, WarmupEpochs = 0.5 },
        };
        BatchedMember[] members =
        [
            new(1, baseTrain),
            new(2, baseTrain with { LearningRate = 3e-3 }),
            new(3, baseTrain with { Regularization = new() { L2 = 1e-2, L1 = 1e-3 } }),
            new(4, baseTrain with { Optimizer = baseTrain.Optimizer with { WeightDecay = 1e-2 } }),
        ];
        AssertMembersMatch(model, members, train, validation);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Nesterov)]
    public void MembersDifferingOnlyInSeedMatchSingleRuns(OptimizerKind optimizer)
    {
        // All members share one learning rate and decay: the optimizer's scalar path.
        using var train = SmallImages(80, 4);
        using var validation = SmallImages(30, 14);
        var model = new MlpConfig { Inputs = 144, Depth = 3, Width = 12, Classes = 3, Activation = Activation.Tanh };
        var config = new TrainConfig { Epochs = 2, BatchSize = 32, LearningRate = 5e-3, Optimizer = new OptimizerConfig { Kind = optimizer, WeightDecay = 1e-2 } };
        AssertMembersMatch(model, [new(21, config), new(22, config), new(23, config)], train, validation);
    }

    [Theory]
    [InlineData(false, OptimizerKind.Momentum)]
    [InlineData(true, OptimizerKind.AdamW)]
    public void CnnMembersMatchSingleRuns(bool batchNorm, OptimizerKind optimizer)
    {
        using var train = SmallImages(64, 2);
        using var validation = SmallImages(30, 12);
        var model = new CnnConfig { ImageSize = 12, Channels = [4, 6], Dense = 8, Classes = 3, BatchNorm = batchNorm };
        var baseTrain = new TrainConfig
        {
            Epochs = 2, BatchSize = 16, LearningRate = 1e-2, Optimizer = new OptimizerConfig { Kind = optimizer, WeightDecay = 1e-3 },
            Regularization = new() { IncludeBiasAndNorm = !batchNorm }, // both ways of choosing the penalized tensors
        };
        BatchedMember[] members =
        [
            new(7, baseTrain),
            new(8, baseTrain with { LearningRate = 5e-3 }),
            new(9, baseTrain with { Regularization = baseTrain.Regularization with { L2 = 1e-3 } }),
        ];
        AssertMembersMatch(model, members, train, validation);
    }

    [Fact]
    public void ADivergingMemberStopsLikeItsSingleRunWhileTheOthersTrainOn()
    {
        using var train = SmallImages(64, 3);
        using var validation = SmallImages(20, 13);
        var model = new MlpConfig { Inputs = 144, Depth = 1, Width = 8, Classes = 3 };
        var sgd = new TrainConfig { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD } };
        BatchedMember[] members = [new(1, sgd), new(2, sgd with { LearningRate = 1e4 })];
        using var fit = BatchedTrainer.Fit(model, members, train, validation);
        Assert.Equal(RunStatus.Completed, fit.Results[0].Status);
        Assert.Equal(3, fit.Results[0].History.Count);
        Assert.Equal(RunStatus.Diverged, fit.Results[1].Status);
        using var alone = new Trainer(members[1].Train).Fit(model, train, validation, members[1].Seed);
        Assert.Equal(RunStatus.Diverged, alone.Result.Status);
        Assert.Equal(alone.Result.History.Count, fit.Results[1].History.Count);
        Assert.Equal(alone.Result.Message, fit.Results[1].Message);
    }

    [Fact]
    public void MembersDifferingInMoreThanPerMemberSettingsAreRefused()
    {
        var model = new MlpConfig();
        var a = new TrainConfig();
        Assert.Null(BatchedSupport.WhyNot(model, [new BatchedMember(1, a), new BatchedMember(2, a with { LearningRate = 0.1 })]));
        Assert.Contains("differs", BatchedSupport.WhyNot(model, [new BatchedMember(1, a), new BatchedMember(2, a with { BatchSize = 32 })]));
        Assert.Contains("dropout", BatchedSupport.WhyNot(model with { Dropout = 0.5 }, a));
        Assert.Contains("RMSprop", BatchedSupport.WhyNot(model, a with { Optimizer = new OptimizerConfig { Kind = OptimizerKind.RMSprop } }));
        Assert.Contains("BackboneHeadConfig", BatchedSupport.WhyNot(new BackboneHeadConfig(), a));
        var error = Assert.Throws<ArgumentException>(() => BatchedTrainer.Fit(model with { Dropout = 0.2 }, [new BatchedMember(1, a)], null!, null));
        Assert.Contains("dropout", error.Message);
    }
}

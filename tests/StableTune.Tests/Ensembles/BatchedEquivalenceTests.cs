using StableTune.Data;
using StableTune.Ensembles;
using StableTune.Models;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Ensembles;

/// <summary>Every member of a batched ensemble must end where training it alone ends.</summary>
public class BatchedEquivalenceTests
{
    static TensorData SmallImages(int n, int seed)
    {
        StableTune.Runtime.TorchNative.Install();
        var generator = new Generator((ulong)seed);
        var x = rand([n, 1, 12, 12], generator: generator);
        // Labels depend on the image so that training makes progress.
        var y = (x.mean([1, 2, 3]) * 30).to(ScalarType.Int64).remainder(3);
        return new TensorData(x, y, ["a", "b", "c"], "synthetic");
    }

    /// <summary>The reference: one model trained alone with TorchSharp's own optimizer and the same batch order.</summary>
    static nn.Module<Tensor, Tensor> TrainAlone(ModelConfig model, BatchedMember member, TensorData data, Func<ModelConfig, nn.Module<Tensor, Tensor>> build)
    {
        var t = member.Train;
        manual_seed(member.Seed);
        var net = build(model);
        optim.Optimizer optimizer = t.Optimizer.Kind switch
        {
            OptimizerKind.Adam => optim.Adam(net.parameters(), t.LearningRate, weight_decay: t.Optimizer.WeightDecay),
            OptimizerKind.AdamW => optim.AdamW(net.parameters(), t.LearningRate, weight_decay: t.Optimizer.WeightDecay),
            OptimizerKind.Momentum => optim.SGD(net.parameters(), t.LearningRate, momentum: t.Optimizer.Momentum, weight_decay: t.Optimizer.WeightDecay),
            _ => optim.SGD(net.parameters(), t.LearningRate, weight_decay: t.Optimizer.WeightDecay),
        };
        var order = new BatchOrder(member.Seed);
        net.train();
        for (int epoch = 0; epoch < t.Epochs; epoch++)
        {
            using var permutation = order.Next(data.Count);
            for (long start = 0; start < data.Count; start += t.BatchSize)
            {
                using var scope = NewDisposeScope();
                var index = permutation.narrow(0, start, Math.Min(t.BatchSize, data.Count - start));
                var loss = nn.functional.cross_entropy(net.call(data.Features.index_select(0, index)), data.Labels.index_select(0, index));
                foreach (var (name, p) in net.named_parameters())
                    if (name.EndsWith("weight") && p.dim() > 1 && t.Regularization.L2 != 0) loss = loss + p.square().sum() * t.Regularization.L2;
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        return net;
    }

    static void AssertMembersMatch(ModelConfig model, IReadOnlyList<BatchedMember> members, TensorData data)
    {
        var build = ReferenceModels.Build;
        var fit = BatchedTrainer.Fit(model, members, data, validation: null, build);
        Assert.All(fit.Results, r => Assert.Equal(RunStatus.Completed, r.Status));
        for (int m = 0; m < members.Count; m++)
        {
            using var alone = TrainAlone(model, members[m], data, build);
            manual_seed(12345);
            using var extracted = build(model);
            fit.Model.CopyMemberTo(m, extracted);
            var expected = alone.parameters().ToList();
            var actual = extracted.parameters().ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                // Float rounding differs between bmm/grouped conv and the single kernels; training amplifies it a little.
                var gap = (expected[i] - actual[i]).abs().max().item<float>();
                var scale = expected[i].abs().max().item<float>();
                Assert.True(gap <= 1e-3f * Math.Max(scale, 1f), $"member {m} parameter {i}: max difference {gap} (scale {scale})");
            }
            // The members really differ (distinct seeds), so the comparison is not trivially satisfied.
            if (m > 0)
            {
                using var mine = actual[0].clone();
                fit.Model.CopyMemberTo(0, extracted);
                Assert.True((extracted.parameters().First() - mine).abs().max().item<float>() > 1e-3f);
            }
        }
        fit.Model.Dispose();
    }

    [Fact]
    public void MlpMembersMatchSingleRunsWithAdamAndPerMemberSettings()
    {
        using var data = SmallImages(96, 1);
        var model = new MlpConfig { Inputs = 144, Depth = 2, Width = 16, Classes = 3 };
        var baseTrain = new TrainConfig { Epochs = 2, BatchSize = 20, Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam } };
        BatchedMember[] members =
        [
            new(1, baseTrain),
            new(2, baseTrain with { LearningRate = 3e-3 }),
            new(3, baseTrain with { Regularization = baseTrain.Regularization with { L2 = 1e-2 } }),
            new(4, baseTrain with { Optimizer = baseTrain.Optimizer with { WeightDecay = 1e-2 } }),
        ];
        AssertMembersMatch(model, members, data);
    }

    [Theory]
    [InlineData(false, OptimizerKind.Momentum)]
    [InlineData(true, OptimizerKind.AdamW)]
    public void CnnMembersMatchSingleRuns(bool batchNorm, OptimizerKind optimizer)
    {
        using var data = SmallImages(64, 2);
        var model = new CnnConfig { ImageSize = 12, Channels = [4, 6], Dense = 8, Classes = 3, BatchNorm = batchNorm };
        var baseTrain = new TrainConfig { Epochs = 2, BatchSize = 16, LearningRate = 1e-2, Optimizer = new OptimizerConfig { Kind = optimizer, WeightDecay = 1e-3 } };
        BatchedMember[] members = [new(7, baseTrain), new(8, baseTrain with { LearningRate = 5e-3 }), new(9, baseTrain)];
        AssertMembersMatch(model, members, data);
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
    }
}

using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

public class LossesTests
{
    [Fact]
    public void MseOneHotIsTheBrierScoreOfSoftmaxProbabilities()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0, 0, 0, (float)Math.Log(2), 0, (float)Math.Log(1) }, 2, 3);
        var targets = tensor(new long[] { 0, 1 });
        var loss = Losses.Create(new TrainConfig { Loss = LossKind.MseOneHot })(logits, targets).item<float>();
        // row 0: p = 1/3 each, target 0 -> (2/3)^2 + 2 (1/3)^2 = 2/3; row 1: p = (1/2, 1/4, 1/4), target 1 -> 1/4 + 9/16 + 1/16 = 7/8
        Assert.Equal((2.0 / 3 + 7.0 / 8) / 2, loss, 5);
    }

    [Fact]
    public void LabelSmoothingMixesTheTargetWithTheUniformDistribution()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2, 0, -1 }, 1, 3);
        var targets = tensor(new long[] { 0 });
        var logp = logits.log_softmax(1).data<float>().ToArray();
        var expected = -(0.9 + 0.1 / 3) * logp[0] - 0.1 / 3 * (logp[1] + logp[2]);
        var loss = Losses.Create(new TrainConfig { Loss = LossKind.LabelSmoothing, LabelSmoothing = 0.1 })(logits, targets).item<float>();
        Assert.Equal(expected, loss, 5);
        var plain = Losses.Create(new TrainConfig())(logits, targets).item<float>();
        Assert.Equal(-logp[0], plain, 5);
    }
}

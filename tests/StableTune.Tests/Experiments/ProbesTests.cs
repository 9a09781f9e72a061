using StableTune.Experiments;
using StableTune.Plots;
using StableTune.Stability;
using StableTune.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Experiments;

public class ProbesTests
{
    [Fact]
    public void SparsityCountsSmallWeightEntriesButNotBiases()
    {
        using var model = nn.Linear(4, 2);
        using (no_grad())
        {
            model.weight!.copy_(tensor(new float[] { 0, 2e-5f, 0.5f, -2, 3e-4f, -0.3f, 0, 1 }).reshape(2, 4));
            model.bias!.zero_();
        }
        using var data = Synthetic.Blobs(2, classes: 2, features: 4);

        var metrics = Probes.WeightSparsity(1e-3)(model, data, 0);

        Assert.Equal(4 / 8.0, metrics["sparsity"], 12);
        Assert.Equal((2e-5 + 0.5 + 2 + 3e-4 + 0.3 + 1) / 8, metrics["weight_l1_mean"], 6);
        var shares = WeightHistogram.Shares(model, bins: 6, low: -6, width: 1);
        Assert.Equal(1.0, shares.Sum(), 12);
        Assert.Equal(2 / 8.0, shares[0], 12);            // the exact zeros fall in the first bin
        Assert.Equal(1 / 8.0, shares[1], 12);            // 2e-5 is in [-5, -4)
    }

    [Fact]
    public void RobustnessProbeNamesMetricsLikeTheStandardRunnerAndCombineMergesThem()
    {
        using var model = nn.Sequential(nn.Flatten(), nn.Linear(64, 3));
        using var data = Synthetic.Images(10);
        var probe = Probes.Combine(Probes.Robustness(new RobustnessConfig { NoiseLevels = [0.1], Shifts = [1] }), Probes.WeightSparsity());

        var metrics = probe(model, data, 0);

        Assert.Contains("noise0.1_accuracy", metrics.Keys);
        Assert.Contains("noise0.1_flip", metrics.Keys);
        Assert.Contains("shift1_accuracy", metrics.Keys);
        Assert.Contains("sparsity", metrics.Keys);
        Assert.InRange(metrics["noise0.1_flip"], 0, 1);
    }
}

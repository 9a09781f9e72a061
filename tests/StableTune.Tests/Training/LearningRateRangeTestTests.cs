using StableTune.Models;
using StableTune.Plots;
using StableTune.Training;

namespace StableTune.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class LearningRateRangeTestTests
{
    [Fact]
    public void RatesGrowExponentiallyAndTheLossFallsThenBlowsUp()
    {
        using var data = Synthetic.Blobs(60);
        var model = new MlpConfig { Inputs = 8, Depth = 1, Width = 16, Classes = 3 };
        var train = new TrainConfig { BatchSize = 16, Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD } };

        var result = LearningRateRangeTest.Run(model, train, data, seed: 1, start: 1e-4, end: 100, steps: 60);

        var points = result.Points;
        Assert.Equal(1e-4, points[0].LearningRate, 12);
        var ratio = Math.Pow(100 / 1e-4, 1 / 59.0);
        for (var i = 1; i < points.Count; i++) Assert.Equal(points[i - 1].LearningRate * ratio, points[i].LearningRate, 9);
        Assert.True(points.Count < 60, "the loss should blow up before the rate reaches 100");
        Assert.InRange(result.SteepestLearningRate, 1e-3, 10);
        Assert.True(result.SteepestLearningRate <= result.MinimumLossLearningRate);
        Assert.True(points.Min(p => p.SmoothedLoss) < points[0].SmoothedLoss * 0.7);
        Assert.Contains("\"log\"", Plotly.NET.GenericChart.toChartHTML(Curves.RangeTest([result])));
    }

    [Fact]
    public void SummarizeFindsTheSteepestFallBeforeTheMinimum()
    {
        double[] rates = [0.001, 0.01, 0.1, 1, 10];
        double[] losses = [2.0, 1.9, 1.0, 0.8, 5.0];
        var points = rates.Select((r, i) => new RangeTestPoint(i, r, losses[i], losses[i])).ToList();
        var result = LearningRateRangeTest.Summarize(0, points);
        Assert.Equal(0.1, result.SteepestLearningRate);
        Assert.Equal(1, result.MinimumLossLearningRate);
    }
}

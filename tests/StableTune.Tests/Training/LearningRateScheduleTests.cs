using StableTune.Training;

namespace StableTune.Tests.Training;

public class LearningRateScheduleTests
{
    static double[] Curve(ScheduleConfig schedule, int epochs, int stepsPerEpoch) =>
        Enumerable.Range(0, epochs * stepsPerEpoch)
            .Select(s => LearningRateSchedule.Factor(schedule, s, stepsPerEpoch, epochs * stepsPerEpoch)).ToArray();

    [Fact]
    public void StepDecaysByGammaEveryStepEpochs()
    {
        var curve = Curve(new ScheduleConfig { Kind = ScheduleKind.Step, StepEpochs = 2, Gamma = 0.5 }, epochs: 6, stepsPerEpoch: 3);
        Assert.Equal([1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25], curve);
    }

    [Fact]
    public void WarmupRisesLinearlyThenConstant()
    {
        var curve = Curve(new ScheduleConfig { WarmupEpochs = 1 }, epochs: 2, stepsPerEpoch: 4);
        Assert.Equal([0.25, 0.5, 0.75, 1, 1, 1, 1, 1], curve);
    }

    [Fact]
    public void CosineGoesFromPeakToFinalFraction()
    {
        var curve = Curve(new ScheduleConfig { Kind = ScheduleKind.Cosine, FinalFraction = 0.1 }, epochs: 5, stepsPerEpoch: 1);
        // 0.1 + 0.9 * (1 + cos(pi * t)) / 2 at t = 0, 1/4, 1/2, 3/4, 1
        double[] expected = [1, 0.1 + 0.9 * (1 + Math.Sqrt(0.5)) / 2, 0.55, 0.1 + 0.9 * (1 - Math.Sqrt(0.5)) / 2, 0.1];
        Assert.Equal(expected, curve, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void CosineAfterWarmupStartsAtThePeak()
    {
        var curve = Curve(new ScheduleConfig { Kind = ScheduleKind.Cosine, WarmupEpochs = 1, FinalFraction = 0 }, epochs: 3, stepsPerEpoch: 2);
        Assert.Equal([0.5, 1, 1, 0.75, 0.25, 0], curve, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void OneCycleRisesFromAFractionToThePeakThenAnneals()
    {
        var curve = Curve(new ScheduleConfig { Kind = ScheduleKind.OneCycle, FinalFraction = 0.01 }, epochs: 10, stepsPerEpoch: 10);
        var peak = Array.IndexOf(curve, curve.Max());
        Assert.Equal(LearningRateSchedule.OneCycleStart, curve[0], 12);
        Assert.Equal(29, peak); // the first 30% of 100 steps rise
        Assert.Equal(1, curve[peak], 12);
        Assert.Equal(0.01, curve[^1], 12);
        for (var i = 1; i <= peak; i++) Assert.True(curve[i] > curve[i - 1]);
        for (var i = peak + 1; i < curve.Length; i++) Assert.True(curve[i] < curve[i - 1]);
    }
}

public class LearningRateSchedulerTests
{
    [Fact]
    public void TheFitAppliesTheScheduleToEveryGroupPerBatch()
    {
        using var train = Synthetic.Images(10); // 30 examples, batch 8: 4 steps per epoch
        var schedule = new ScheduleConfig { Kind = ScheduleKind.Step, StepEpochs = 1, Gamma = 0.5, WarmupEpochs = 0.5 };
        var trainer = new Trainer(new TrainConfig
        {
            Epochs = 3, BatchSize = 8, LearningRate = 0.02, Schedule = schedule,
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD, BackboneLearningRateScale = 0.1 },
        });
        var seen = new Recorder();
        using var fitted = trainer.Fit(new StableTune.Models.BackboneHeadConfig { Channels = [2], HeadWidth = 4, Classes = 3 }, train, null, seed: 1, [seen]);

        var expected = Enumerable.Range(0, 12).Select(s => 0.02 * LearningRateSchedule.Factor(schedule, s, 4, 12)).ToArray();
        Assert.Equal(expected, seen.Head, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(expected.Select(r => r * 0.1), seen.Backbone, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([expected[3], expected[7], expected[11]], fitted.Result.History.Select(h => h.LearningRate), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    sealed class Recorder : ICallback
    {
        public List<double> Head { get; } = [];
        public List<double> Backbone { get; } = [];
        public void BeforeBatch(TrainContext context)
        {
            var groups = context.Optimizer.ParamGroups.ToArray();
            Head.Add(groups[0].LearningRate);
            Backbone.Add(groups[1].LearningRate);
            Assert.Equal(groups[0].LearningRate, context.LearningRate, 12);
        }
    }
}

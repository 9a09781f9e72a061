using StableTune.Experiments;
using StableTune.Runtime;
using StableTune.Stability;
using StableTune.Training;

namespace StableTune.Tests.Stability;

public class StabilityReportTests
{
    static RunResult Run(string config, int seed, int fold, double accuracy, IReadOnlyList<int> predictions, double noiseAccuracy = double.NaN, double noiseFlip = double.NaN)
    {
        var metrics = new Dictionary<string, double> { ["accuracy"] = accuracy };
        if (!double.IsNaN(noiseFlip)) { metrics["noise0.2_accuracy"] = noiseAccuracy; metrics["noise0.2_flip"] = noiseFlip; }
        return new RunResult
        {
            ConfigName = config, ConfigJson = "{}", Seed = seed, Fold = fold, Status = RunStatus.Completed, History = [],
            Metrics = metrics, Predictions = predictions,
            Manifest = new Manifest("k", "t", "l", "cpu", "os", "net", 1, "n", DateTimeOffset.UnixEpoch),
        };
    }

    [Fact]
    public void OneRowPerConfigurationWithEveryStabilityNumber()
    {
        // seed 1 is always 0.1 better: all variance comes from the seed
        var folds = new ResultSet(null,
        [
            Run("a", 0, 0, 0.70, []), Run("a", 0, 1, 0.70, []), Run("a", 1, 0, 0.80, []), Run("a", 1, 1, 0.80, []),
        ]);
        var holdOut = new ResultSet(null,
        [
            Run("a", 0, 0, 0.8, [0, 1, 1, 2], noiseAccuracy: 0.6, noiseFlip: 0.25),
            Run("a", 1, 0, 0.6, [0, 1, 2, 2], noiseAccuracy: 0.4, noiseFlip: 0.5),
        ]);

        var report = StabilityReport.Build(folds, holdOut);

        Assert.Equal(1, report.Rows.Count);
        Assert.Equal(0.75, (double)report["cv_accuracy_mean"][0], 12);
        Assert.Equal(1.0, (double)report["seed_share"][0], 12);
        Assert.Equal(0.0, (double)report["fold_share"][0], 12);
        Assert.Equal(0.0, (double)report["divergence_rate"][0], 12);
        Assert.Equal(0.25, (double)report["churn"][0], 12);               // one of four predictions differs
        Assert.Equal(0.2, (double)report["noise0.2_drop"][0], 12);        // 0.7 clean vs 0.5 under noise
        Assert.Equal(0.375, (double)report["noise0.2_flips"][0], 12);
        Assert.Throws<ArgumentException>(() => StabilityReport.Build(folds, new ResultSet(null, [Run("b", 0, 0, 0.5, [])])));
    }
}

using StableTune.Data;
using StableTune.Experiments;
using StableTune.Models;
using StableTune.Tests.Training;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

[Collection(TorchRandomCollection.Name)]
public class ResultViewsTests
{
    [Fact]
    public void PooledMetricsScoreEveryExampleOnceAndTablesShowEachRun()
    {
        using var data = Synthetic.Blobs(15);
        var splits = Folds.StratifiedKFold(data.LabelArray(), 3, seed: 1);
        var setup = new TrainingSetup(new MlpConfig { Inputs = 8, Depth = 1, Width = 8, Classes = 3 }, new TrainConfig { Epochs = 2, BatchSize = 8, LearningRate = 0.01 });
        var results = Study.Run([Study.Setup("a", setup)], [4], data, splits);

        var pooled = results.PooledMetrics("a", data, splits, seed: 4);

        Assert.Equal(data.Count, pooled.Count);
        var correct = results.Runs.Sum(r => r.Metrics["accuracy"] * splits[r.Fold].Test.Length);
        Assert.Equal(correct / data.Count, pooled.Accuracy, 9);
        var table = results.RunTable("accuracy", "macro_f1");
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["config", "seed", "repeat", "fold", "status", "accuracy", "macro_f1"], table.Columns.Select(c => c.Name));
        Assert.Throws<ArgumentException>(() => results.PooledMetrics("a", data, splits, seed: 5));

        var combined = ResultViews.Combine([("x", results), ("y", results)]);
        Assert.Equal(["x", "y"], combined.Configs);
        Assert.Equal(6, combined.Runs.Count);

        // Concat keeps both sets' runs in order and refuses a run that is in both.
        var x = combined.Where(r => r.ConfigName == "x");
        var y = combined.Where(r => r.ConfigName == "y");
        var both = y.Concat(x);
        Assert.Equal(["y", "x"], both.Configs);
        Assert.Equal(y.Runs.Concat(x.Runs).Select(r => r.Metrics["accuracy"]), both.Runs.Select(r => r.Metrics["accuracy"]));
        Assert.Null(both.Header);
        var error = Assert.Throws<ArgumentException>(() => both.Concat(x));
        Assert.Contains("x", error.Message);
    }
}

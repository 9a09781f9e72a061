using StableTune.Data;
using StableTune.Experiments;
using StableTune.Models;
using StableTune.Tests.Training;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

[Collection(TorchRandomCollection.Name)]
public class StudyTests
{
    static readonly TrainingSetup Baseline = new(
        new MlpConfig { Inputs = 8, Depth = 1, Width = 16, Classes = 3 },
        new TrainConfig { Epochs = 3, BatchSize = 16, LearningRate = 0.01 });

    [Fact]
    public void RunsEverySetupAndSeedWithMetricsThatMatchTheirPredictions()
    {
        using var train = Synthetic.Blobs(40);
        using var test = Synthetic.Blobs(20, seed: 2);
        var setups = Study.Vary(Baseline, "lr", [0.01, 1e6], (s, lr) => s with { Train = s.Train with { LearningRate = lr } });

        var results = Study.Run(setups, [1, 2], train, test);

        Assert.Equal(4, results.Runs.Count);
        var good = results.Of("lr=0.01");
        Assert.All(good, r => Assert.Equal(RunStatus.Completed, r.Status));
        var labels = test.LabelArray();
        foreach (var r in good)
        {
            Assert.True(r.Metrics["accuracy"] > 0.85, $"accuracy {r.Metrics["accuracy"]}");
            Assert.Equal(r.Metrics["accuracy"], r.Predictions.Where((p, i) => p == labels[i]).Count() / (double)labels.Length, 12);
            Assert.Equal(r.Metrics["train_accuracy"] - r.Metrics["accuracy"], r.Metrics["gap"], 12);
            Assert.Equal(16 * 8 + 16 + 3 * 16 + 3, r.Metrics["parameters"]);
            Assert.Equal(3, r.History.Count);
        }
        Assert.Equal(1.0, results.DivergenceRate("lr=1000000"));
        // different seeds give different models, the same seed the same one (fresh model per run)
        Assert.NotEqual(good[0].Metrics["loss"], good[1].Metrics["loss"]);
        var again = Study.Run([Study.Setup("lr=0.01", Baseline)], [1], train, test);
        Assert.Equal(good.Single(r => r.Seed == 1).Metrics["loss"], again.Runs[0].Metrics["loss"], 12);
    }

    [Fact]
    public void RunsEveryFoldOnItsOwnRowsAndAppliesTheProbe()
    {
        using var data = Synthetic.Blobs(30);
        var splits = Folds.StratifiedKFold(data.LabelArray(), 3, seed: 0);
        var options = new StudyOptions { Probe = (_, evaluation, seed) => new Dictionary<string, double> { ["rows"] = evaluation.Count, ["seed"] = seed } };

        var results = Study.Run([Study.Setup("base", Baseline)], [5], data, splits, options);

        Assert.Equal([0, 1, 2], results.Runs.Select(r => r.Fold).Order());
        foreach (var r in results.Runs)
        {
            Assert.Equal(splits[r.Fold].Test.Length, r.Metrics["rows"]);
            Assert.Equal(splits[r.Fold].Test.Length, r.Predictions.Count);
            Assert.Equal(5, r.Metrics["seed"]);
        }
    }

    [Fact]
    public void FineTuneLoadsFreezesThenUnfreezesTheBackbone()
    {
        using var images = Synthetic.Images(20);
        var model = new BackboneHeadConfig { Channels = [4], HeadWidth = 8, Classes = 3 };
        var train = new TrainConfig { Epochs = 2, BatchSize = 16, LearningRate = 0.01 };
        var path = Path.Combine(Path.GetTempPath(), $"study-backbone-{Guid.NewGuid():N}.bin");
        try
        {
            var pretraining = Study.PretrainBackbone(new TrainingSetup(model, train), images, null, path, seed: 3);
            Assert.Equal(2, pretraining.History.Count);
            var frozenOnly = new TrainingSetup(model, train) { PretrainedBackbone = path, FreezeBackbone = true };
            var twoStage = frozenOnly with { ThenUnfrozen = train with { Epochs = 1, LearningRate = 0.001 } };

            using var reference = Study.Fit(new TrainingSetup(model, train) { PretrainedBackbone = path, FreezeBackbone = true }, images, null, seed: 9);
            using var frozen = Study.Fit(frozenOnly, images, null, seed: 4);
            using var tuned = Study.Fit(twoStage, images, null, seed: 4);

            // frozen: the backbone still holds the saved weights; two-stage: it moved in the unfrozen stage
            var saved = Synthetic.Weights(((BackboneHeadModel)reference.Model).Backbone);
            Assert.Equal(saved, Synthetic.Weights(((BackboneHeadModel)frozen.Model).Backbone));
            Assert.NotEqual(saved, Synthetic.Weights(((BackboneHeadModel)tuned.Model).Backbone));
            Assert.Equal([0, 1, 2], tuned.Result.History.Select(h => h.Epoch));
            Assert.False(((BackboneHeadModel)tuned.Model).BackboneFrozen);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BackboneOptionsOnAModelWithoutBackboneFailClearly()
    {
        using var train = Synthetic.Blobs(10);
        var error = Assert.Throws<ArgumentException>(() => Study.Fit(Baseline with { FreezeBackbone = true }, train, null, seed: 0));
        Assert.Contains("BackboneHeadConfig", error.Message);
    }

    [Fact]
    public void HistoryFrameHasOneRowPerRunAndEpoch()
    {
        using var train = Synthetic.Blobs(20);
        var results = Study.Run([Study.Setup("a", Baseline), Study.Setup("b", Baseline with { Train = Baseline.Train with { Epochs = 2 } })], [1, 2], train, train);

        var frame = results.HistoryFrame();

        Assert.Equal(2 * 3 + 2 * 2, frame.Rows.Count);
        var run = results.Of("b").Single(r => r.Seed == 2);
        var rows = Enumerable.Range(0, (int)frame.Rows.Count)
            .Where(i => (string)frame["config"][i] == "b" && (int)frame["seed"][i] == 2).ToArray();
        Assert.Equal(run.History.Select(h => h.ValidationAccuracy), rows.Select(i => (double)frame["val_accuracy"][i]));
        Assert.Equal(run.History.Count, run.History.ToDataFrame().Rows.Count);
    }

    [Fact]
    public void StandardizingSetupsAreEvaluatedAndProbedOnStandardizedData()
    {
        using var rawTrain = Synthetic.Blobs(40);
        using var rawTest = Synthetic.Blobs(20, seed: 2);
        // far from zero and spread wide: without the training statistics, the test inputs would look nothing like the training inputs
        using var train = new TensorData(rawTrain.Features.mul(50).add(1000), rawTrain.Labels.clone(), rawTrain.ClassNames, "shifted train");
        using var test = new TensorData(rawTest.Features.mul(50).add(1000), rawTest.Labels.clone(), rawTest.ClassNames, "shifted test");
        var setup = Baseline with { Train = Baseline.Train with { Standardize = true } };
        var options = new StudyOptions { Probe = (_, evaluation, _) => new Dictionary<string, double> { ["probe_mean"] = evaluation.Features.mean().item<float>() } };

        var run = Study.Run([Study.Setup("std", setup)], [1], train, test, options).Runs.Single();

        Assert.True(run.Metrics["accuracy"] > 0.85, $"accuracy {run.Metrics["accuracy"]}");
        Assert.InRange(run.Metrics["probe_mean"], -1, 1);
    }
}

using StableTune.Models;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class TrainerTests
{
    static readonly MlpConfig Mlp = new() { Inputs = 8, Depth = 1, Width = 16, Classes = 3, Dropout = 0.2 };

    [Fact]
    public void LearnsSeparableBlobsAndRecordsHistory()
    {
        using var train = Synthetic.Blobs(60);
        using var validation = Synthetic.Blobs(30, seed: 2);
        var trainer = new Trainer(new TrainConfig { Epochs = 4, BatchSize = 16, LearningRate = 0.01 });
        using var fitted = trainer.Fit(Mlp, train, validation, seed: 1);

        Assert.Equal(RunStatus.Completed, fitted.Result.Status);
        Assert.Equal(4, fitted.Result.History.Count);
        Assert.Equal([0, 1, 2, 3], fitted.Result.History.Select(h => h.Epoch));
        Assert.True(fitted.Result.History[^1].TrainLoss < fitted.Result.History[0].TrainLoss);
        var evaluation = trainer.Evaluate(fitted.Model, validation);
        Assert.True(evaluation.Accuracy > 0.9, $"accuracy {evaluation.Accuracy}");
        Assert.Equal(fitted.Result.History[^1].ValidationAccuracy, evaluation.Accuracy, 12);
        Assert.Equal(fitted.Result.History[^1].ValidationLoss, evaluation.Loss, 6);
        // predictions agree with the accuracy
        var labels = validation.LabelArray();
        Assert.Equal(evaluation.Accuracy, evaluation.Predictions.Where((p, i) => p == labels[i]).Count() / (double)labels.Length, 12);
    }

    [Fact]
    public void SameSeedIsBitIdenticalAndDifferentSeedsDiffer()
    {
        using var train = Synthetic.Blobs(40);
        using var validation = Synthetic.Blobs(20, seed: 2);
        var trainer = new Trainer(new TrainConfig { Epochs = 2, BatchSize = 16, LearningRate = 0.01 });
        using var a = trainer.Fit(Mlp, train, validation, seed: 7);
        using var b = trainer.Fit(Mlp, train, validation, seed: 7);
        using var c = trainer.Fit(Mlp, train, validation, seed: 8);

        Assert.Equal(Synthetic.Weights(a.Model), Synthetic.Weights(b.Model));
        Assert.Equal(a.Result.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)),
                     b.Result.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)));
        Assert.NotEqual(Synthetic.Weights(a.Model), Synthetic.Weights(c.Model));
        Assert.NotEqual(a.Result.History[^1].TrainLoss, c.Result.History[^1].TrainLoss);
    }

    [Fact]
    public void SameInitialWeightsButDifferentSeedsChangeOnlyOrderAndDropout()
    {
        using var train = Synthetic.Blobs(40);
        var trainer = new Trainer(new TrainConfig { Epochs = 1, BatchSize = 16, LearningRate = 0.01 });
        manual_seed(3);
        using var a = ModelBuilder.Build(Mlp);
        manual_seed(3);
        using var b = ModelBuilder.Build(Mlp);
        trainer.Fit(a, train, null, seed: 1);
        trainer.Fit(b, train, null, seed: 2);
        Assert.NotEqual(Synthetic.Weights(a), Synthetic.Weights(b));
    }

    [Fact]
    public void HugeLearningRateIsMarkedDivergedWithHistoryAndDoesNotThrow()
    {
        using var train = Synthetic.Blobs(60, separation: 20);
        var trainer = new Trainer(new TrainConfig
        {
            Epochs = 5, BatchSize = 8, LearningRate = 1e4, Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD },
        });
        using var fitted = trainer.Fit(new MlpConfig { Inputs = 8, Depth = 3, Width = 32, Classes = 3 }, train, train, seed: 1);

        Assert.Equal(RunStatus.Diverged, fitted.Result.Status);
        Assert.NotEmpty(fitted.Result.History);
        Assert.True(fitted.Result.History.Count < 5);
        Assert.NotNull(fitted.Result.Message);
    }

    [Fact]
    public void CancellationStopsAfterTheCurrentBatch()
    {
        using var train = Synthetic.Blobs(40);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var result = new Trainer(new TrainConfig { Epochs = 3, BatchSize = 16 }).Fit(Mlp, train, null, seed: 1, cancel: cancel.Token);
        Assert.Equal(RunStatus.Cancelled, result.Result.Status);
        Assert.Single(result.Result.History);
        result.Dispose();
    }

    [Fact]
    public void BackboneGetsItsOwnLearningRateAndAFrozenBackboneDoesNotMove()
    {
        using var train = Synthetic.Images(20);
        var config = new BackboneHeadConfig { Channels = [4, 8], HeadWidth = 8, Classes = 3 };
        var trainer = new Trainer(new TrainConfig
        {
            Epochs = 1, BatchSize = 16, LearningRate = 0.01,
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD, BackboneLearningRateScale = 0.1 },
        });
        manual_seed(1);
        using var model = (BackboneHeadModel)ModelBuilder.Build(config);
        using var optimizer = Optimizers.Create(trainer.Config, model);
        Assert.Equal([0.01, 0.001], optimizer.ParamGroups.Select(g => Math.Round(g.LearningRate, 10)));

        model.FreezeBackbone();
        var backbone = Synthetic.Weights(model.Backbone);
        var head = Synthetic.Weights(model.Head);
        trainer.Fit(model, train, null, seed: 1);
        Assert.Equal(backbone, Synthetic.Weights(model.Backbone)); // includes batch-norm running statistics
        Assert.NotEqual(head, Synthetic.Weights(model.Head));
    }
}

[Collection(TorchRandomCollection.Name)]
public class ParallelFitTests
{
    [Fact]
    public void FitsOnSeveralThreadsGiveTheSameWeightsAsOneAfterAnother()
    {
        using var train = Synthetic.Blobs(30);
        var config = new MlpConfig { Inputs = 8, Depth = 2, Width = 16, Classes = 3, Dropout = 0.3 };
        var trainer = new Trainer(new TrainConfig { Epochs = 2, BatchSize = 8, LearningRate = 0.01 });
        nn.Module<Tensor, Tensor> Build(int seed)
        {
            manual_seed(seed); // building draws from the global generator: done on one thread
            return ModelBuilder.Build(config);
        }
        var seeds = new[] { 1, 2, 3, 4 };
        var sequential = seeds.Select(s => { using var m = Build(s); trainer.Fit(m, train, null, s); return Synthetic.Weights(m); }).ToArray();

        var models = seeds.Select(Build).ToArray();
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => trainer.Fit(models[i], train, null, seeds[i]));

        for (var i = 0; i < seeds.Length; i++)
        {
            Assert.Equal(sequential[i], Synthetic.Weights(models[i]));
            models[i].Dispose();
        }
    }
}

public class TrainerInputTests
{
    [Fact]
    public void AModelWithTooFewClassesIsReportedBeforeTraining()
    {
        using var data = Synthetic.Blobs(5, classes: 4);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(new TrainConfig()).Fit(new MlpConfig { Inputs = 8, Classes = 3 }, data, null, seed: 1));
        Assert.Contains("4 classes", e.Message);
        Assert.Contains("Classes to 4", e.Message);
    }

    [Fact]
    public void AModelForAnotherInputShapeIsReportedBeforeTraining()
    {
        using var data = Synthetic.Blobs(5);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(new TrainConfig()).Fit(new MlpConfig { Inputs = 784, Classes = 3 }, data, null, seed: 1));
        Assert.Contains("shape [8]", e.Message);
        Assert.Contains(data.Source, e.Message);
    }
}

using StableTune.Models;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class CheckpointTests
{
    /// <summary>Stops the fit at the end of an epoch, as if the process had been interrupted there.</summary>
    sealed class StopAfter(int epoch) : ICallback
    {
        public void AfterEpoch(TrainContext context)
        {
            if (context.Epoch == epoch) context.Stop(RunStatus.Cancelled, "interrupted by the test");
        }
    }

    static readonly MlpConfig Model = new() { Inputs = 8, Depth = 2, Width = 16, Classes = 3, Dropout = 0.3 };
    static readonly TrainConfig Config = new()
    {
        Epochs = 4, BatchSize = 16, LearningRate = 0.01,
        Schedule = new ScheduleConfig { Kind = ScheduleKind.Cosine, WarmupEpochs = 1 },
        Optimizer = new OptimizerConfig { Kind = OptimizerKind.AdamW, WeightDecay = 0.01 },
    };

    [Fact]
    public void ResumingGivesTheSameFinalWeightsAsAnUninterruptedRun()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"stabletune-ckpt-{Guid.NewGuid():N}");
        try
        {
            using var train = Synthetic.Blobs(30);
            using var validation = Synthetic.Blobs(10, seed: 2);
            var trainer = new Trainer(Config);
            using var whole = trainer.Fit(Model, train, validation, seed: 4);

            using var first = trainer.Fit(Model, train, validation, seed: 4, [new StopAfter(1), new Checkpoint(dir)]);
            Assert.Equal(2, first.Result.History.Count);
            Assert.NotEqual(Synthetic.Weights(whole.Model), Synthetic.Weights(first.Model));

            // A new process would build a fresh model; the checkpoint overwrites its weights.
            using var resumed = trainer.Fit(Model, train, validation, seed: 4, [new Checkpoint(dir, resume: true)]);

            Assert.Equal(RunStatus.Completed, resumed.Result.Status);
            Assert.Equal(Synthetic.Weights(whole.Model), Synthetic.Weights(resumed.Model));
            Assert.Equal(whole.Result.History.Select(h => (h.Epoch, h.TrainLoss, h.ValidationLoss, h.LearningRate)),
                         resumed.Result.History.Select(h => (h.Epoch, h.TrainLoss, h.ValidationLoss, h.LearningRate)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ResumingWithAnotherSeedIsRefused()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"stabletune-ckpt-{Guid.NewGuid():N}");
        try
        {
            using var train = Synthetic.Blobs(10);
            var trainer = new Trainer(Config with { Epochs = 1 });
            trainer.Fit(Model, train, null, seed: 1, [new Checkpoint(dir)]).Dispose();
            var e = Assert.Throws<ArgumentException>(() => trainer.Fit(Model, train, null, seed: 2, [new Checkpoint(dir, resume: true)]));
            Assert.Contains("seed 1", e.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

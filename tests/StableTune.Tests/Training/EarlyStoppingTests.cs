using StableTune.Data;
using StableTune.Models;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class EarlyStoppingTests
{
    /// <summary>Records the weights after each epoch (before early stopping's restore at the end of the fit).</summary>
    sealed class WeightsPerEpoch : ICallback
    {
        public List<float[]> Epochs { get; } = [];
        public void AfterEpoch(TrainContext context) => Epochs.Add(Synthetic.Weights(context.Model));
    }

    [Fact]
    public void StopsAfterPatienceAndRestoresTheBestEpochsWeights()
    {
        // A wide MLP on few, noisy examples with a large rate overfits: validation loss rises after a few epochs.
        using var train = Synthetic.Blobs(8, separation: 1.5);
        using var validation = Synthetic.Blobs(50, separation: 1.5, seed: 2);
        var trainer = new Trainer(new TrainConfig
        {
            Epochs = 60, BatchSize = 8, LearningRate = 0.05,
            EarlyStopping = new EarlyStoppingConfig { Patience = 3 },
        });
        var recorder = new WeightsPerEpoch();
        using var fitted = trainer.Fit(new MlpConfig { Inputs = 8, Depth = 2, Width = 256, Classes = 3 }, train, validation, seed: 1, [recorder]);

        var result = fitted.Result;
        Assert.Equal(RunStatus.EarlyStopped, result.Status);
        var losses = result.History.Select(h => h.ValidationLoss).ToArray();
        var best = Array.IndexOf(losses, losses.Min());
        Assert.Equal(best, result.BestEpoch);
        Assert.Equal(best + 3, result.History[^1].Epoch); // patience 3: stopped three epochs after the best
        Assert.NotEqual(recorder.Epochs[^1], recorder.Epochs[best]);
        Assert.Equal(recorder.Epochs[best], Synthetic.Weights(fitted.Model));
        Assert.Equal(losses[best], trainer.Evaluate(fitted.Model, validation).Loss, 6);
    }

    [Fact]
    public void NeedsValidationData()
    {
        using var train = Synthetic.Blobs(8);
        var trainer = new Trainer(new TrainConfig { Epochs = 2, EarlyStopping = new EarlyStoppingConfig() });
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(new MlpConfig { Inputs = 8, Classes = 3 }, train, null, seed: 1));
        Assert.Contains("validation", e.Message);
    }
}

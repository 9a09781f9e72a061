using StableTune.Data;
using StableTune.Models;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class DataTransformTests
{
    [Fact]
    public void StandardizeFitsOnTrainOnlyAndAppliesToValidationAndTest()
    {
        using var raw = Synthetic.Blobs(40);
        using var rawValidation = Synthetic.Blobs(20, seed: 2);
        // Far from zero and badly scaled: x * 50 + 300
        using var train = new TensorData(raw.Features.mul(50).add(300), raw.Labels.clone(), raw.ClassNames, "shifted train");
        using var validation = new TensorData(rawValidation.Features.mul(50).add(300), rawValidation.Labels.clone(), raw.ClassNames, "shifted validation");
        var trainer = new Trainer(new TrainConfig { Epochs = 5, BatchSize = 16, LearningRate = 0.01, Standardize = true });
        using var fitted = trainer.Fit(new MlpConfig { Inputs = 8, Depth = 1, Width = 16, Classes = 3 }, train, validation, seed: 1, device: CPU);

        var standardizer = fitted.Result.Standardizer!;
        Assert.NotNull(standardizer);
        using var trainMean = train.Features.mean([0]);
        Assert.Equal(trainMean.data<float>().ToArray().Select(v => (double)v), standardizer.Mean, (a, b) => Math.Abs(a - b) < 1e-3);

        var evaluation = trainer.Evaluate(fitted.Model, validation, standardizer);
        Assert.Equal(fitted.Result.History[^1].ValidationAccuracy, evaluation.Accuracy, 12);
        Assert.True(evaluation.Accuracy >= 0.85, $"accuracy {evaluation.Accuracy}");
        Assert.Null(new Trainer(trainer.Config with { Standardize = false }).Fit(new MlpConfig { Inputs = 8, Classes = 3 }, train, null, 1, device: CPU).Result.Standardizer);
    }

    [Fact]
    public void AugmentationIsSeededAndTouchesTrainingBatchesOnly()
    {
        using var train = Synthetic.Images(20);
        using var validation = Synthetic.Images(10, seed: 2);
        var model = new CnnConfig { ImageSize = 8, Channels = [4], Dense = 8, Classes = 3 };
        var plain = new TrainConfig { Epochs = 2, BatchSize = 16, LearningRate = 0.01 };
        var augmented = plain with { Augment = new AugmentConfig { CropPadding = 1, HorizontalFlip = true } };

        using var a = new Trainer(augmented).Fit(model, train, validation, seed: 3, device: CPU);
        using var b = new Trainer(augmented).Fit(model, train, validation, seed: 3, device: CPU);
        using var none = new Trainer(plain).Fit(model, train, validation, seed: 3, device: CPU);

        Assert.Equal(Synthetic.Weights(a.Model), Synthetic.Weights(b.Model));
        Assert.NotEqual(Synthetic.Weights(a.Model), Synthetic.Weights(none.Model));
        // Validation is never augmented: the recorded value is the plain evaluation of the final model.
        Assert.Equal(a.Result.History[^1].ValidationLoss, new Trainer(augmented).Evaluate(a.Model, validation).Loss, 6);
    }
}

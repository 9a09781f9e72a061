using StableTune.Data;
using StableTune.Models;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

/// <summary>End-to-end training on the course's Fashion-MNIST subset (500 train / 100 test images per class).</summary>
[Collection(TorchRandomCollection.Name)]
public class FashionMnistTrainingTests
{
    static readonly string[] FirstFive = ["0_t-shirt_top", "1_trouser", "2_pullover", "3_dress", "4_coat"];
    static readonly string[] LastFive = ["5_sandal", "6_shirt", "7_sneaker", "8_bag", "9_ankle_boot"];

    [Fact]
    public void SmallCnnReachesEightyPercentTestAccuracy()
    {
        using var train = Datasets.FashionMnist("train");
        using var test = Datasets.FashionMnist("test");
        var trainer = new Trainer(new TrainConfig { Epochs = 4, BatchSize = 64, LearningRate = 2e-3 });
        using var fitted = trainer.Fit(new CnnConfig { Channels = [16, 32], Dense = 64 }, train, null, seed: 1, device: CPU);

        var evaluation = trainer.Evaluate(fitted.Model, test);
        Assert.Equal(RunStatus.Completed, fitted.Result.Status);
        Assert.True(evaluation.Accuracy >= 0.80, $"test accuracy {evaluation.Accuracy:P1}");
        Assert.Equal(1000, evaluation.Predictions.Length);
        Assert.Equal(10, evaluation.Metrics.Classes);
    }

    [Fact]
    public void PretrainedBackboneCarriesOverToANewHeadForNewClasses()
    {
        // The fine-tuning lesson: pretrain on classes 0-4, then attach a new head for classes 5-9.
        using var first = Datasets.FashionMnist("train", new ImageFolderOptions { Classes = FirstFive, MaxPerClass = 300 });
        using var last = Datasets.FashionMnist("train", new ImageFolderOptions { Classes = LastFive, MaxPerClass = 60 });
        using var lastTest = Datasets.FashionMnist("test", new ImageFolderOptions { Classes = LastFive });
        var config = new BackboneHeadConfig { Channels = [16, 32], HeadWidth = 32, Classes = 5 };
        var path = Path.Combine(Path.GetTempPath(), $"stabletune-finetune-{Guid.NewGuid():N}.bin");
        try
        {
            using (var pretrained = new Trainer(new TrainConfig { Epochs = 3, BatchSize = 32, LearningRate = 3e-3 }).Fit(config, first, null, seed: 1, device: CPU))
                ((BackboneHeadModel)pretrained.Model).SaveBackbone(path);

            // Few new-class examples, frozen backbone: only the head learns.
            var headOnly = new Trainer(new TrainConfig { Epochs = 3, BatchSize = 16, LearningRate = 3e-3 });
            double Accuracy(bool transfer)
            {
                manual_seed(2);
                using var model = (BackboneHeadModel)ModelBuilder.Build(config);
                if (transfer) model.LoadBackbone(path);
                model.FreezeBackbone();
                headOnly.Fit(model, last, null, seed: 2);
                return headOnly.Evaluate(model, lastTest).Accuracy;
            }
            var transferred = Accuracy(transfer: true);
            var random = Accuracy(transfer: false);
            Assert.True(transferred > random + 0.05, $"frozen pretrained backbone {transferred:P1} vs frozen random backbone {random:P1}");
        }
        finally { File.Delete(path); }
    }
}

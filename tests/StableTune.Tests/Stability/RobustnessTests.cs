using StableTune.Data;
using StableTune.Experiments;
using StableTune.Models;
using StableTune.Stability;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Stability;

public class RobustnessTests
{
    [Fact]
    public void Shift_moves_pixels_and_fills_with_zeros()
    {
        using var image = arange(1, 10, dtype: ScalarType.Float32).reshape(1, 1, 3, 3); // 1 2 3 / 4 5 6 / 7 8 9
        using var right = Robustness.Shift(image, 1, 0);
        Assert.Equal([0f, 1, 2, 0, 4, 5, 0, 7, 8], right.data<float>().ToArray());
        using var up = Robustness.Shift(image, 0, -1);
        Assert.Equal([4f, 5, 6, 7, 8, 9, 0, 0, 0], up.data<float>().ToArray());
    }

    [Fact]
    public void Noise_and_shifts_flip_predictions_of_a_pixel_sensitive_model()
    {
        // A "model" whose class is the arg max over the 4 pixels of a 2x2 image: exact predictions to check against.
        var labels = new long[] { 0, 1, 2, 3, 3 };
        using var x = tensor(new float[] { 9, 0, 0, 0, 0, 9, 0, 0, 0, 0, 9, 0, 0, 0, 0, 9, 0, 0, 1, 2 }).reshape(5, 1, 2, 2);
        using var data = new TensorData(x.clone(), tensor(labels), ["a", "b", "c", "d"], "pixels");
        Tensor Logits(Tensor batch) => batch.flatten(1);
        var points = Robustness.Evaluate(Logits, data, new RobustnessConfig { NoiseLevels = [0, 100], Shifts = [1] });
        var none = points.Single(p => p.Name == "noise0");
        Assert.Equal((1.0, 0.0), (none.Accuracy, none.FlipRate));
        Assert.True(points.Single(p => p.Name == "noise100").FlipRate > 0);
        // Shifting 2x2 images by one pixel: right/left/down/up move the bright pixel or push it out (all zeros -> class 0).
        var shift = points.Single(p => p.Kind == "shift");
        Assert.Equal(1, shift.Strength);
        Assert.InRange(shift.FlipRate, 0.5, 1.0);
    }

    [Fact]
    public void Standard_runs_record_robustness_metrics()
    {
        var config = new RunConfig
        {
            Data = new DataConfig { Dataset = DatasetName.Digits, MaxPerClass = 20 },
            Model = new MlpConfig { Inputs = 64, Classes = 10, Depth = 1, Width = 32 },
            Train = new TrainConfig { Epochs = 5, BatchSize = 32, LearningRate = 0.01 },
            Validation = new ValidationConfig { Kind = SplitKind.HoldOut, TestFraction = 0.25 },
            Robustness = new RobustnessConfig { NoiseLevels = [0, 0.5], Shifts = [1] },
        };
        using var runner = new StandardRunner();
        var (result, model) = runner.Execute(config, 0, 0, 0);
        model.Dispose();
        Assert.Equal(result.Metrics["accuracy"], result.Metrics["noise0_accuracy"], 12);
        Assert.Equal(0.0, result.Metrics["noise0_flip"]);
        Assert.InRange(result.Metrics["noise0.5_flip"], 0.0, 1.0);
        Assert.Contains("shift1_accuracy", result.Metrics.Keys);

        var table = new ResultSet(null, [result with { ConfigName = "mlp" }, result with { ConfigName = "mlp", Seed = 1 }]).Robustness();
        Assert.Equal(3, table.Rows.Count); // noise 0, noise 0.5, shift 1
        Assert.Equal(["noise", "noise", "shift"], Enumerable.Range(0, 3).Select(i => (string)table["perturbation"][i]));
        Assert.Equal(0.5, (double)table["strength"][1]);
        Assert.Equal(result.Metrics["noise0.5_flip"], (double)table["flip_mean"][1], 12);
        Assert.Equal(0.0, (double)table["accuracy_std"][0]);
    }
}

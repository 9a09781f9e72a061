using StableTune.Data;
using static TorchSharp.torch;

namespace StableTune.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void Table_features_get_zero_mean_and_unit_variance_from_training_statistics()
    {
        // Column 0: 1, 2, 3, 6 (mean 3, population std sqrt(3.5)); column 1 constant 5.
        using var train = tensor(new float[] { 1, 5, 2, 5, 3, 5, 6, 5 }).view(4, 2);
        var standardizer = Standardizer.Fit(train);
        Assert.Equal([3.0, 5.0], standardizer.Mean);
        Assert.Equal(Math.Sqrt(3.5), standardizer.Std[0], 6);
        Assert.Equal(1.0, standardizer.Std[1]); // constant feature: shifted only
        using var scaled = standardizer.Transform(train);
        Assert.Equal(0.0, scaled[.., 0].mean().item<float>(), 5);
        Assert.Equal(1.0, scaled[.., 0].std(unbiased: false).item<float>(), 5);
        Assert.Equal(0f, scaled[0, 1].item<float>());
        // Other parts use the training statistics, not their own.
        using var test = tensor(new float[] { 3, 7 }).view(1, 2);
        using var testScaled = standardizer.Transform(test);
        Assert.Equal(new[] { 0f, 2f }, testScaled.data<float>().ToArray());
    }

    [Fact]
    public void Images_are_standardized_per_channel()
    {
        using var generator = new Generator(3);
        using var raw = rand([20, 2, 5, 5], generator: generator);
        using var shift = tensor(new float[] { 0, 10 }).view(1, 2, 1, 1);
        using var images = raw * 3 + shift; // channel 1 shifted by 10
        var standardizer = Standardizer.Fit(images);
        Assert.Equal(2, standardizer.Mean.Count);
        Assert.InRange(standardizer.Mean[1] - standardizer.Mean[0], 9.0, 11.0);
        using var scaled = standardizer.Transform(images);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(0.0, scaled[.., c].mean().item<float>(), 4);
            Assert.Equal(1.0, scaled[.., c].std(unbiased: false).item<float>(), 4);
        }
    }

    [Fact]
    public void TensorData_is_transformed_into_a_copy_and_shape_mismatches_are_named()
    {
        using var data = new TensorData(tensor(new float[] { 1, 2, 3, 4 }).view(2, 2), tensor(new long[] { 0, 1 }), ["a", "b"], "test") { FeatureNames = ["u", "v"] };
        var standardizer = Standardizer.Fit(data);
        using var scaled = standardizer.Transform(data);
        Assert.Equal(new[] { -1f, -1f, 1f, 1f }, scaled.Features.data<float>().ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, data.Features.data<float>().ToArray()); // original untouched
        Assert.Equal(["u", "v"], scaled.FeatureNames);
        using var wrong = zeros(3, 5);
        Assert.Contains("[2]", Assert.Throws<ArgumentException>(() => standardizer.Transform(wrong)).Message);
    }
}

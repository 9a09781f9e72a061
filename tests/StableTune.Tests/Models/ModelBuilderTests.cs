using StableTune.Models;
using StableTune.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Models;

[Collection(TorchRandomCollection.Name)]
public class ModelBuilderTests
{
    public static TheoryData<Activation> Activations() => new(Enum.GetValues<Activation>());

    [Theory, MemberData(nameof(Activations))]
    public void EveryModelKindGivesClassLogitsForEachActivation(Activation activation)
    {
        using var scope = NewDisposeScope();
        using var x = rand(5, 1, 28, 28);
        ModelConfig[] configs =
        [
            new MlpConfig { Activation = activation, Depth = 3, Width = 16, Dropout = 0.2 },
            new CnnConfig { Activation = activation, Channels = [4, 8], Dense = 16, BatchNorm = true, Dropout = 0.1 },
            new BackboneHeadConfig { Activation = activation, Channels = [4, 8], HeadWidth = 8, Classes = 5 },
        ];
        foreach (var config in configs)
        {
            using var model = ModelBuilder.Build(config);
            var y = model.call(x);
            Assert.Equal(new long[] { 5, config.Classes }, y.shape);
            Assert.True(y.isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void ParameterCountMatchesTheLayerArithmetic()
    {
        using var mlp = ModelBuilder.Build(new MlpConfig { Inputs = 10, Depth = 2, Width = 7, Classes = 3 });
        Assert.Equal((10 * 7 + 7) + (7 * 7 + 7) + (7 * 3 + 3), ModelBuilder.ParameterCount(mlp));

        // conv 1->4 (no bias with batch norm) + norm 4 (weight, bias), then fc 4*7*7 -> 6, classifier 6 -> 2
        using var cnn = ModelBuilder.Build(new CnnConfig { Channels = [4], ImageSize = 14, Dense = 6, Classes = 2, BatchNorm = true });
        Assert.Equal(4 * 9 + 2 * 4 + (4 * 7 * 7 * 6 + 6) + (6 * 2 + 2), ModelBuilder.ParameterCount(cnn));
    }

    [Fact]
    public void SameSeedBuildsTheSameWeights()
    {
        var config = new CnnConfig { Channels = [4], Dense = 8 };
        manual_seed(5);
        using var a = ModelBuilder.Build(config);
        manual_seed(5);
        using var b = ModelBuilder.Build(config);
        manual_seed(6);
        using var c = ModelBuilder.Build(config);
        Assert.Equal(Synthetic.Weights(a), Synthetic.Weights(b));
        Assert.NotEqual(Synthetic.Weights(a), Synthetic.Weights(c));
    }

    [Theory]
    [InlineData("Dropout")]
    [InlineData("Width")]
    [InlineData("Classes")]
    [InlineData("Depth")]
    public void BadMlpConfigNamesTheField(string field)
    {
        var config = field switch
        {
            "Dropout" => new MlpConfig { Dropout = 1.0 },
            "Width" => new MlpConfig { Width = 0 },
            "Classes" => new MlpConfig { Classes = 1 },
            _ => new MlpConfig { Depth = -1 },
        };
        var e = Assert.Throws<ArgumentException>(() => ModelBuilder.Build(config));
        Assert.Equal(field, e.ParamName);
        Assert.Contains($"MlpConfig.{field} =", e.Message);
    }

    [Fact]
    public void BadConvConfigsNameTheField()
    {
        Assert.Equal("Channels", Assert.Throws<ArgumentException>(() => ModelBuilder.Build(new CnnConfig { Channels = [] })).ParamName);
        Assert.Equal("Channels[1]", Assert.Throws<ArgumentException>(() => ModelBuilder.Build(new BackboneHeadConfig { Channels = [4, 0] })).ParamName);
        Assert.Equal("ImageSize", Assert.Throws<ArgumentException>(() => ModelBuilder.Build(new CnnConfig { ImageSize = 4, Channels = [2, 2, 2] })).ParamName);
    }
}

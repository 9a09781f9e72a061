using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Models;

/// <summary>
/// Multi-layer perceptron: flatten, then <c>Depth</c> x [Linear, activation, dropout], then a linear classifier.
/// <c>[N, ...] -> [N, Classes]</c> logits. Build it with <see cref="ModelBuilder.Build"/>.
/// </summary>
public sealed class MlpModel : nn.Module<Tensor, Tensor>
{
    private readonly Flatten flatten;
    private readonly Sequential hidden;
    private readonly Linear classifier;

    internal MlpModel(MlpConfig config) : base(nameof(MlpModel))
    {
        flatten = nn.Flatten();
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inputs = config.Inputs;
        for (var i = 0; i < config.Depth; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(inputs, config.Width)));
            layers.Add(($"act{i}", Layers.Activation(config.Activation)));
            if (config.Dropout > 0) layers.Add(($"drop{i}", new SeededDropout(config.Dropout)));
            inputs = config.Width;
        }
        hidden = nn.Sequential(layers);
        classifier = nn.Linear(inputs, config.Classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // [N, ...] -> [N, Inputs] -> [N, Width] -> [N, Classes]
        return classifier.call(hidden.call(flatten.call(input))).MoveToOuterDisposeScope();
    }
}

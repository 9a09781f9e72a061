using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Models;

/// <summary>
/// A small CNN: conv blocks (conv 3x3 pad 1, optional batch norm, activation, 2x2 max-pool), then flatten, a dense
/// layer, activation, dropout and a linear classifier. <c>[N, InChannels, S, S] -> [N, Classes]</c> logits.
/// Build it with <see cref="ModelBuilder.Build"/>.
/// </summary>
public sealed class CnnModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential dense;
    private readonly Linear classifier;

    internal CnnModel(CnnConfig config) : base(nameof(CnnModel))
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = config.InChannels;
        for (var i = 0; i < config.Channels.Count; i++)
        {
            blocks.AddRange(Layers.ConvBlock(i, channels, config.Channels[i], config.BatchNorm, config.Activation));
            channels = config.Channels[i];
        }
        features = nn.Sequential(blocks);

        // Each block halves the side (floor), so the flattened size is C_last * (S >> blocks)^2.
        long side = config.ImageSize >> config.Channels.Count;
        var head = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(channels * side * side, config.Dense)),
            ("act", Layers.Activation(config.Activation)),
        };
        if (config.Dropout > 0) head.Add(("drop", new SeededDropout(config.Dropout)));
        dense = nn.Sequential(head);
        classifier = nn.Linear(config.Dense, config.Classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // [N, C, S, S] -> [N, C_last, S/2^k, S/2^k] -> [N, Dense] -> [N, Classes]
        return classifier.call(dense.call(features.call(input))).MoveToOuterDisposeScope();
    }
}

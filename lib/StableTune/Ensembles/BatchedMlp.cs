using StableTune.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>K copies of the <see cref="MlpConfig"/> architecture: dense layers as batched matrix products.</summary>
public sealed class BatchedMlp : BatchedModel
{
    readonly ModuleList<BatchedLinear> _layers;
    readonly MlpConfig _config;
    readonly IReadOnlyList<StackedLayer> _stacked;

    /// <summary>Creates K zero-initialized members; load them with <see cref="BatchedModel.LoadMember"/>.</summary>
    public BatchedMlp(MlpConfig config, int members) : base(nameof(BatchedMlp), config, members)
    {
        _config = config;
        var layers = new List<BatchedLinear>();
        long inputs = config.Inputs;
        for (int i = 0; i < config.Depth; i++)
        {
            layers.Add(new BatchedLinear(members, inputs, config.Width));
            inputs = config.Width;
        }
        layers.Add(new BatchedLinear(members, inputs, config.Classes));
        _layers = new ModuleList<BatchedLinear>(layers.ToArray());
        _stacked = layers.Select(l => new StackedLayer(StackedLayerKind.Linear, [l.weight, l.bias], TransposedWeight: true)).ToList();
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StackedLayer> Layers => _stacked;

    /// <summary>Input <c>[K, B, ...]</c> (flattened per example), output <c>[K, B, classes]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        x = x.reshape(x.shape[0], x.shape[1], -1); // [K, B, inputs]
        for (int i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].forward(x);
            if (i == _layers.Count - 1) break;
            x = Activate(_config.Activation, x);
            if (_config.Dropout > 0) x = nn.functional.dropout(x, _config.Dropout, training);
        }
        return x;
    }
}

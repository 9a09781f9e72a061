using StableTune.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>
/// K copies of the <see cref="CnnConfig"/> architecture (conv 3x3 with padding 1, bias-free before batch norm, optional
/// batch norm, activation, 2x2 max-pool per block; then dense, activation, classifier), as <see cref="ModelBuilder"/> builds it. Convolutions are grouped (groups = K) over
/// channels-stacked activations <c>[B, K·C, H, W]</c>; batch norm and pooling act per channel, so per member.
/// </summary>
public sealed class BatchedCnn : BatchedModel
{
    readonly ModuleList<BatchedConv2d> _convs;
    readonly ModuleList<BatchNorm2d> _norms;
    readonly BatchedLinear _dense;
    readonly BatchedLinear _classifier;
    readonly CnnConfig _config;
    readonly IReadOnlyList<StackedLayer> _stacked;

    /// <summary>Creates K zero-initialized members; load them with <see cref="BatchedModel.LoadMember"/>.</summary>
    public BatchedCnn(CnnConfig config, int members) : base(nameof(BatchedCnn), config, members)
    {
        if (config.Channels.Count == 0) throw new ArgumentException("CnnConfig.Channels needs at least one conv block.", nameof(config));
        _config = config;
        var convs = new List<BatchedConv2d>();
        var norms = new List<BatchNorm2d>();
        var stacked = new List<StackedLayer>();
        long channels = config.InChannels, side = config.ImageSize >> config.Channels.Count;
        foreach (var c in config.Channels)
        {
            var conv = new BatchedConv2d(members, channels, c, kernel: 3, padding: 1, hasBias: !config.BatchNorm);
            convs.Add(conv);
            stacked.Add(new(StackedLayerKind.Conv2d, conv.bias is null ? [conv.weight] : [conv.weight, conv.bias]));
            if (config.BatchNorm)
            {
                var norm = nn.BatchNorm2d(members * c);
                norms.Add(norm);
                stacked.Add(new(StackedLayerKind.BatchNorm2d, [norm.weight!, norm.bias!, norm.running_mean!, norm.running_var!]));
            }
            channels = c;
        }
        _dense = new BatchedLinear(members, channels * side * side, config.Dense);
        _classifier = new BatchedLinear(members, config.Dense, config.Classes);
        stacked.Add(new(StackedLayerKind.Linear, [_dense.weight, _dense.bias], TransposedWeight: true));
        stacked.Add(new(StackedLayerKind.Linear, [_classifier.weight, _classifier.bias], TransposedWeight: true));
        _convs = new ModuleList<BatchedConv2d>(convs.ToArray());
        _norms = new ModuleList<BatchNorm2d>(norms.ToArray());
        _stacked = stacked;
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StackedLayer> Layers => _stacked;

    /// <summary>Input <c>[K, B, C, H, W]</c> or already channels-stacked <c>[B, K·C, H, W]</c>; output <c>[K, B, classes]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() == 5) x = x.transpose(0, 1).reshape(x.shape[1], -1, x.shape[3], x.shape[4]); // [B, K·C, H, W]
        long batch = x.shape[0];
        for (int i = 0; i < _convs.Count; i++)
        {
            x = _convs[i].forward(x);
            if (_config.BatchNorm) x = _norms[i].forward(x);
            x = nn.functional.max_pool2d(Activate(_config.Activation, x), [2, 2]);
        }
        x = x.reshape(batch, Members, -1).transpose(0, 1); // [K, B, C·h·w]: each member's features in its own order
        x = Activate(_config.Activation, _dense.forward(x));
        if (_config.Dropout > 0) x = nn.functional.dropout(x, _config.Dropout, training);
        return _classifier.forward(x);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Models;

/// <summary>
/// A convolutional backbone (conv blocks, then global average pooling) and a head (dense, activation, dropout,
/// classifier): <c>[N, InChannels, H, W] -> Backbone -> [N, C_last] -> Head -> [N, Classes]</c>. Any image size works
/// (global pooling removes the spatial size), as long as each block can halve it.
/// <para>
/// Fine-tuning: pretrain the whole model on some classes, <see cref="SaveBackbone"/> (or keep the model), build a new
/// model for the new classes, <see cref="LoadBackbone"/> / <see cref="CopyBackboneFrom"/>, optionally
/// <see cref="FreezeBackbone"/>, and train; the trainer gives the backbone its own learning rate
/// (<c>OptimizerConfig.BackboneLearningRateScale</c> x the head's).
/// </para>
/// <para>
/// What the article's code got wrong: it called Keras' <c>set_weights</c> with a layer's <i>output tensor</i> (the
/// symbolic result of calling the pretrained layer) instead of that layer's weights. Weights are the parameters
/// (kernels, biases, norm statistics), not activations; the transfer must copy parameters from the pretrained
/// backbone into the new one - here, its state dictionary, with shapes checked by name.
/// </para>
/// </summary>
public sealed class BackboneHeadModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential backbone;
    private readonly Sequential head;
    private bool backboneFrozen;

    internal BackboneHeadModel(BackboneHeadConfig config) : base(nameof(BackboneHeadModel))
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = config.InChannels;
        for (var i = 0; i < config.Channels.Count; i++)
        {
            blocks.AddRange(Layers.ConvBlock(i, channels, config.Channels[i], config.BatchNorm, config.Activation));
            channels = config.Channels[i];
        }
        blocks.Add(("gap", nn.AdaptiveAvgPool2d(1)));   // [N, C, h, w] -> [N, C, 1, 1]
        blocks.Add(("flatten", nn.Flatten()));          // -> [N, C]
        backbone = nn.Sequential(blocks);

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("fc", nn.Linear(channels, config.HeadWidth)),
            ("act", Layers.Activation(config.Activation)),
        };
        if (config.Dropout > 0) layers.Add(("drop", new SeededDropout(config.Dropout)));
        layers.Add(("classifier", nn.Linear(config.HeadWidth, config.Classes)));
        head = nn.Sequential(layers);
        RegisterComponents();
    }

    /// <summary>The feature extractor: <c>[N, C, H, W] -> [N, C_last]</c>.</summary>
    public nn.Module<Tensor, Tensor> Backbone => backbone;

    /// <summary>The classifier head: <c>[N, C_last] -> [N, Classes]</c>.</summary>
    public nn.Module<Tensor, Tensor> Head => head;

    /// <summary>True while the backbone is frozen (no gradients, batch-norm statistics fixed).</summary>
    public bool BackboneFrozen => backboneFrozen;

    /// <summary>
    /// Freezes the backbone: its parameters stop receiving gradients (optimizers skip them) and it stays in eval mode,
    /// so batch-norm running statistics are not updated either.
    /// </summary>
    public void FreezeBackbone() => SetFrozen(true);

    /// <summary>Makes the backbone trainable again.</summary>
    public void UnfreezeBackbone() => SetFrozen(false);

    void SetFrozen(bool frozen)
    {
        backboneFrozen = frozen;
        foreach (var p in backbone.parameters()) p.requires_grad = !frozen;
        train(training);
    }

    /// <inheritdoc />
    public override void train(bool train = true)
    {
        base.train(train);
        if (backboneFrozen) backbone.eval();
    }

    /// <summary>Saves the backbone's weights alone (TorchSharp format) so a new head can be attached later.</summary>
    public void SaveBackbone(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        backbone.save(path);
    }

    /// <summary>
    /// Loads backbone weights written by <see cref="SaveBackbone"/>. The backbone configuration (InChannels, Channels,
    /// BatchNorm) must match the one that was saved; the head is untouched.
    /// </summary>
    public void LoadBackbone(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No saved backbone at {path}; write one with SaveBackbone.", path);
        try { backbone.load(path, strict: true); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            throw new ArgumentException($"{path}: the saved backbone does not match this model's backbone (same InChannels, Channels and BatchNorm are needed): {e.Message}", nameof(path), e);
        }
    }

    /// <summary>Copies the backbone weights (and batch-norm statistics) of <paramref name="pretrained"/> into this model.</summary>
    public void CopyBackboneFrom(BackboneHeadModel pretrained)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var source = pretrained.backbone.state_dict();
        var target = backbone.state_dict();
        if (source.Count != target.Count || source.Any(kv => !target.TryGetValue(kv.Key, out var t) || !t.shape.SequenceEqual(kv.Value.shape)))
            throw new ArgumentException("The pretrained backbone has a different structure (InChannels, Channels and BatchNorm must match).", nameof(pretrained));
        foreach (var (name, value) in source) target[name].copy_(value);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return head.call(backbone.call(input)).MoveToOuterDisposeScope();
    }
}

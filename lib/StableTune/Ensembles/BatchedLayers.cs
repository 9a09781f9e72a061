using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>
/// K independent dense layers evaluated as one batched matrix product. Input <c>[K, B, in]</c>, output <c>[K, B, out]</c>.
/// Parameters are stacked member-major: <c>weight [K, in, out]</c> (member k's slice is the transpose of a single
/// <see cref="Linear"/>'s <c>[out, in]</c> weight: stored so, the forward product needs no transpose, which makes
/// forward plus backward about twice as fast on the CPU) and <c>bias [K, out]</c>.
/// </summary>
public sealed class BatchedLinear : nn.Module<Tensor, Tensor>
{
    /// <summary>Stacked, transposed weights <c>[K, in, out]</c>.</summary>
    public readonly Parameter weight;
    /// <summary>Stacked biases <c>[K, out]</c>.</summary>
    public readonly Parameter bias;

    /// <summary>Creates K layers of <paramref name="inputs"/> to <paramref name="outputs"/> units (zero-initialized; load members).</summary>
    public BatchedLinear(int members, long inputs, long outputs) : base(nameof(BatchedLinear))
    {
        weight = new Parameter(zeros(members, inputs, outputs));
        bias = new Parameter(zeros(members, outputs));
        RegisterComponents();
    }

    /// <summary>y[k] = x[k] · W[k] + b[k] for every member k, in one batched product.</summary>
    /// <remarks>TorchSharp 0.107's baddbmm binding mixes up its arguments, hence bmm then an in-place add.</remarks>
    public override Tensor forward(Tensor x) => x.bmm(weight).add_(bias.unsqueeze(1));
}

/// <summary>
/// K independent 2-D convolutions as one grouped convolution (groups = K) on channels-stacked input
/// <c>[B, K·Cin, H, W]</c>, giving <c>[B, K·Cout, H', W']</c>. Weights are stacked member-major <c>[K·Cout, Cin, k, k]</c>.
/// </summary>
public sealed class BatchedConv2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Stacked kernels <c>[K·Cout, Cin, k, k]</c>.</summary>
    public readonly Parameter weight;
    /// <summary>Stacked biases <c>[K·Cout]</c>, or null for a bias-free convolution.</summary>
    public readonly Parameter? bias;
    readonly long _members;
    readonly long _padding;

    /// <summary>Creates K convolutions with square kernels (zero-initialized; load members).</summary>
    public BatchedConv2d(int members, long inChannels, long outChannels, long kernel, long padding, bool hasBias = true) : base(nameof(BatchedConv2d))
    {
        _members = members;
        _padding = padding;
        weight = new Parameter(zeros(members * outChannels, inChannels, kernel, kernel));
        if (hasBias) bias = new Parameter(zeros(members * outChannels));
        RegisterComponents();
    }

    /// <summary>
    /// Group k sees only member k's channels. On a GPU one grouped convolution; on the CPU, where oneDNN's grouped
    /// convolution is several times slower than the same convolutions one by one (measured by bench/run.sh), one
    /// convolution per member on its channel chunk, concatenated (chunk and cat have cheap backward passes).
    /// </summary>
    public override Tensor forward(Tensor x)
    {
        if (x.device_type != DeviceType.CPU)
            return nn.functional.conv2d(x, weight, bias, padding: [_padding, _padding], groups: _members);
        var inputs = x.chunk(_members, 1);
        var kernels = weight.chunk(_members, 0);
        var biases = bias?.chunk(_members, 0);
        var outputs = new Tensor[_members];
        for (int k = 0; k < _members; k++)
            outputs[k] = nn.functional.conv2d(inputs[k], kernels[k], biases?[k], padding: [_padding, _padding]);
        return cat(outputs, 1);
    }
}

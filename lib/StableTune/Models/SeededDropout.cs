using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Models;

/// <summary>
/// Dropout (zero each element with probability <see cref="P"/> in training mode, scale the rest by <c>1 / (1 - P)</c>;
/// identity in eval mode) whose masks come from an explicit <see cref="Generator"/> instead of torch's process-wide
/// one. The trainer points it at the fit's own dropout generator, so a fit's dropout depends only on its seed - even
/// when several fits run at once on different threads - and a checkpoint can save and restore it.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates dropout with drop probability <paramref name="p"/> in [0, 1).</summary>
    public SeededDropout(double p) : base(nameof(SeededDropout))
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be in [0, 1).");
        P = p;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>
    /// The CPU generator masks are drawn from (set by the trainer for the length of a fit); null draws from torch's
    /// global generator.
    /// </summary>
    public Generator? Generator { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (!training || P == 0) return input.alias();
        using var scope = NewDisposeScope();
        // Masks are drawn on the CPU (the generator's device) and moved, so any device gives the same masks.
        var keep = empty(input.shape, ScalarType.Float32).bernoulli_(1 - P, generator: Generator).to(input.dtype).to(input.device);
        return input.mul(keep).div_(1 - P).MoveToOuterDisposeScope();
    }
}

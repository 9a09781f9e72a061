using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// Rescales all gradients together when their global L2 norm exceeds <see cref="MaxNorm"/>
/// (<c>g *= MaxNorm / (norm + 1e-6)</c>), after backward and before the step. Computed on the device without reading
/// the norm back, so it costs no synchronisation. Added by the trainer when <c>TrainConfig.ClipGradNorm</c> is set.
/// </summary>
public sealed class GradientClipping(double maxNorm) : ICallback
{
    /// <summary>The largest global gradient norm allowed.</summary>
    public double MaxNorm { get; } = maxNorm > 0 && double.IsFinite(maxNorm) ? maxNorm
        : throw new ArgumentException($"ClipGradNorm = {maxNorm}: must be a positive number.", nameof(maxNorm));

    /// <inheritdoc />
    public void AfterBackward(TrainContext context)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = new List<Tensor>();
        foreach (var p in context.Model.parameters())
            if (p.grad is { } g) grads.Add(g);
        if (grads.Count == 0) return;
        // global norm = || [||g_1||, ..., ||g_k||] ||
        var norms = new Tensor[grads.Count];
        for (var i = 0; i < norms.Length; i++) norms[i] = grads[i].norm();
        var total = stack(norms).norm();
        var scale = total.add(1e-6).reciprocal().mul(MaxNorm).clamp_max(1.0);
        foreach (var g in grads) g.mul_(scale);
    }
}

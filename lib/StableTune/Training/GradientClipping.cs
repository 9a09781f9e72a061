using TorchSharp;
using Modules = TorchSharp.Modules;
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

    Modules.Parameter[]? _parameters;

    /// <inheritdoc />
    public void BeforeFit(TrainContext context) => _parameters = context.Model.parameters().ToArray();

    /// <inheritdoc />
    public void AfterBackward(TrainContext context)
    {
        _parameters ??= context.Model.parameters().ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var norms = new List<Tensor>(_parameters.Length);
        foreach (var p in _parameters)
            if (p.grad is { } g) norms.Add(g.norm());
        if (norms.Count == 0) return;
        // global norm = || [||g_1||, ..., ||g_k||] ||; scale = min(1, MaxNorm / (norm + 1e-6)), all on the device
        var scale = stack(norms).norm().add(1e-6).reciprocal().mul(MaxNorm).clamp_max(1.0);
        foreach (var p in _parameters)
            if (p.grad is { } g) g.mul_(scale);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>A model built and trained by <see cref="Trainer"/>'s <c>Fit(ModelConfig, ...)</c>, with the fit's result. Owns the model.</summary>
public sealed class FittedModel(nn.Module<Tensor, Tensor> model, FitResult result) : IDisposable
{
    /// <summary>The trained model (after early stopping's restore, if any).</summary>
    public nn.Module<Tensor, Tensor> Model { get; } = model;
    /// <summary>Status, history and best epoch of the fit.</summary>
    public FitResult Result { get; } = result;

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}

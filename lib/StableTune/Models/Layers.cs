using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Models;

/// <summary>Small layer factories shared by the model builders.</summary>
internal static class Layers
{
    /// <summary>A fresh activation module (LeakyReLU uses PyTorch's default slope 0.01).</summary>
    public static nn.Module<Tensor, Tensor> Activation(Activation kind) => kind switch
    {
        Models.Activation.ReLU => nn.ReLU(),
        Models.Activation.LeakyReLU => nn.LeakyReLU(0.01),
        Models.Activation.GELU => nn.GELU(),
        Models.Activation.Tanh => nn.Tanh(),
        Models.Activation.Sigmoid => nn.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation; use one of " + string.Join(", ", Enum.GetNames<Activation>()) + "."),
    };

    /// <summary>
    /// One conv block: 3x3 convolution with padding 1 (keeps H and W), optional batch norm, activation, 2x2 max-pool
    /// (halves H and W). <c>[N, in, H, W] -> [N, out, H/2, W/2]</c>.
    /// </summary>
    public static IEnumerable<(string, nn.Module<Tensor, Tensor>)> ConvBlock(int index, long inChannels, long outChannels, bool batchNorm, Activation activation)
    {
        // With batch norm right after it, the conv's bias is redundant (the norm's shift replaces it).
        yield return ($"conv{index}", nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: !batchNorm));
        if (batchNorm) yield return ($"norm{index}", nn.BatchNorm2d(outChannels));
        yield return ($"act{index}", Activation(activation));
        yield return ($"pool{index}", nn.MaxPool2d(2));
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>One layer that does matrix work: its multiply-adds per example and whether it is the first layer.</summary>
sealed record GemmLayer(string Name, long MacsPerExample);

/// <summary>
/// The two benchmark models (the MLP 784-512-256-10 and CNN conv32-conv64-dense128), built with plain
/// TorchSharp exactly as <c>peer_pytorch.py</c> builds them, and their floating-point work.
/// </summary>
static class BenchModels
{
    public static nn.Module<Tensor, Tensor> Mlp() => nn.Sequential(
        nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10));

    public static nn.Module<Tensor, Tensor> Cnn() => nn.Sequential(
        nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10));

    public static nn.Module<Tensor, Tensor> Build(string name) => name == "mlp" ? Mlp() : Cnn();

    public static IReadOnlyList<GemmLayer> Layers(string name) => name == "mlp"
        ? [new("fc1", 784 * 512), new("fc2", 512 * 256), new("fc3", 256 * 10)]
        : [new("conv1", 28 * 28 * 32 * 1 * 9), new("conv2", 14 * 14 * 64 * 32 * 9), new("fc1", 64 * 7 * 7 * 128), new("fc2", 128 * 10)];

    /// <summary>
    /// Floating-point operations of one training epoch over <paramref name="examples"/> examples, counting only the
    /// matrix work (elementwise ops, pooling and the optimizer are below 2%): forward 2·MACs per layer, backward twice
    /// that (input and weight gradients), except the first layer, which needs no input gradient.
    /// </summary>
    public static double EpochFlops(string name, long examples)
    {
        var layers = Layers(name);
        double perExample = 0;
        for (int i = 0; i < layers.Count; i++)
            perExample += 2.0 * layers[i].MacsPerExample * (i == 0 ? 2 : 3);
        return perExample * examples;
    }
}

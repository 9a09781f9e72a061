using StableTune.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

/// <summary>Small synthetic datasets for loop tests (generated from a fixed seed, independent of the global generator).</summary>
internal static class Synthetic
{
    /// <summary>
    /// <paramref name="classes"/> Gaussian blobs in <paramref name="features"/> dimensions: class k is centred at
    /// <paramref name="separation"/> x e_k, unit noise. Features float32 [N, F], labels int64 [N].
    /// </summary>
    public static TensorData Blobs(int perClass, int classes = 3, int features = 8, double separation = 3, int seed = 1)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var n = perClass * classes;
        var labels = arange(classes, dtype: ScalarType.Int64).repeat_interleave(perClass);
        var centres = eye(classes, features).mul(separation);
        var x = centres.index_select(0, labels).add(randn(n, features, generator: generator));
        return new TensorData(x, labels, Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(), $"blobs(seed {seed})");
    }

    /// <summary>Tiny 1x8x8 "images": class k has a bright k-th row, plus noise. Features [N, 1, 8, 8].</summary>
    public static TensorData Images(int perClass, int classes = 3, int seed = 1)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var n = perClass * classes;
        var labels = arange(classes, dtype: ScalarType.Int64).repeat_interleave(perClass);
        var patterns = zeros(classes, 1, 8, 8);
        for (var k = 0; k < classes; k++) patterns[k, 0, 2 * k].fill_(1.0);
        var x = rand(n, 1, 8, 8, generator: generator).mul(0.5).add(patterns.index_select(0, labels));
        return new TensorData(x, labels, Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(), $"images(seed {seed})");
    }

    /// <summary>All of a module's parameters and buffers, flattened and concatenated, as a managed array.</summary>
    public static float[] Weights(nn.Module model)
    {
        using var scope = NewDisposeScope();
        var parts = model.state_dict().Values.Where(t => t.is_floating_point()).Select(t => t.detach().flatten().cpu()).ToArray();
        return cat(parts).data<float>().ToArray();
    }
}

using StableTune.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>Item 4: the data pipeline - cold and warm loads of the Fashion-MNIST subset.</summary>
static class DataBench
{
    public static TensorData Run(string root, Device device)
    {
        Figures.Section("4. data pipeline (Fashion-MNIST subset, 5000 train images)");
        Figures.NotAvailable("cold/warm load", "ImageFolder is not on this branch yet; synthetic data of the same shape");
        var generator = new Generator(1);
        return new TensorData(rand([5000, 1, 28, 28], generator: generator).to(device),
            randint(0, 10, [5000], generator: generator).to(device), Enumerable.Range(0, 10).Select(i => i.ToString()).ToList(), "synthetic");
    }
}

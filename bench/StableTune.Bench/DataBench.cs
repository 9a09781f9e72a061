using System.Diagnostics;
using StableTune.Data;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>
/// Item 4: the data pipeline. Loads a private copy of the Fashion-MNIST training folder with a fresh cache folder:
/// cold (decode PNGs, write the cache), warm (read the cache), and after one file changed (the cache must be rebuilt).
/// Returns the training data, moved to the benchmark's device.
/// </summary>
static class DataBench
{
    public static TensorData Run(string root, Device device, bool report = true)
    {
        if (!report) return OnDevice(Datasets.FashionMnist("train"), device);
        Figures.Section("4. data pipeline (Fashion-MNIST subset, training folder)");
        var source = Path.Combine(root, "data", "fashion-mnist", "train");
        var work = Directory.CreateTempSubdirectory("stabletune-bench-data-");
        try
        {
            var folder = Path.Combine(work.FullName, "train");
            CopyTree(source, folder);
            var options = new ImageFolderOptions { CacheDirectory = Path.Combine(work.FullName, "cache") };
            var (cold, coldSeconds) = Load(folder, options);
            cold.Dispose();
            var (warm, warmSeconds) = Load(folder, options);
            Figures.Line("images", $"{warm.Count} of shape [{string.Join(", ", warm.ExampleShape)}]");
            Figures.Seconds("cold load (decode + write cache)", coldSeconds);
            Figures.Seconds("warm load (cache)", warmSeconds);
            var changed = Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories).First();
            File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
            var (after, afterSeconds) = Load(folder, options);
            after.Dispose();
            Figures.Seconds("load after one file changed", afterSeconds);
            Figures.Line("cache invalidated by the change", afterSeconds > 3 * warmSeconds ? "yes (decoded again)" : "NO (as fast as a warm load)");
            return OnDevice(warm, device);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    static TensorData OnDevice(TensorData data, Device device)
    {
        if (device.type == TorchSharp.DeviceType.CPU) return data;
        using (data) return new TensorData(data.Features.to(device), data.Labels.to(device), data.ClassNames, data.Source);
    }

    static (TensorData Data, double Seconds) Load(string folder, ImageFolderOptions options)
    {
        var clock = Stopwatch.StartNew();
        var data = ImageFolder.Load(folder, options);
        return (data, clock.Elapsed.TotalSeconds);
    }

    static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from)) throw new DirectoryNotFoundException($"{from} not found: the benchmark needs the kit's data folder (run it from a clone).");
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }
}

using System.Diagnostics;
using StableTune.Data;
using StableTune.Ensembles;
using StableTune.Models;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>
/// Item 5: K = 8 seeds of one architecture trained one after another (bare loop, the fastest sequential way) against
/// the same 8 trained at once as one batched model.
/// </summary>
static class EnsembleBench
{
    const int Members = 8;

    public static void Run(TensorData data, BenchOptions options)
    {
        Figures.Section($"5. many seeds at once (k={Members}, {(options.Quick ? 1 : 2)} epoch(s) each)");
        using var subset = options.Quick ? data.Subset(Enumerable.Range(0, 1000).Select(i => (long)i).ToList()) : null;
        var train = subset ?? data;
        int epochs = options.Quick ? 1 : 2;
        var configs = new (string Name, ModelConfig Config)[]
        {
            ("mlp", new MlpConfig()),
            ("cnn", new CnnConfig()),
            ("mlp 784-512-512", new MlpConfig { Width = 512 }),
        };
        foreach (var (name, config) in configs)
        {
            double sequential = Sequential(config, train, options.BatchSize, epochs);
            double batched = Batched(config, train, options.BatchSize, epochs);
            Figures.Seconds($"sequential {name} ({Members} runs)", sequential);
            Figures.Seconds($"batched {name}", batched);
            Figures.Ratio($"sequential/batched k={Members} {name}", sequential / batched, ">= 2", sequential / batched >= 2);
        }
    }

    static double Sequential(ModelConfig config, TensorData data, int batch, int epochs)
    {
        var clock = Stopwatch.StartNew();
        for (int seed = 0; seed < Members; seed++)
        {
            manual_seed(seed);
            using var loop = new BareLoop(SingleModels.Build(config), data, batch);
            for (int e = 0; e < epochs; e++) loop.Epoch();
        }
        return clock.Elapsed.TotalSeconds;
    }

    static double Batched(ModelConfig config, TensorData data, int batch, int epochs)
    {
        var clock = Stopwatch.StartNew();
        var train = new TrainConfig { Epochs = epochs, BatchSize = batch };
        var members = Enumerable.Range(0, Members).Select(seed => new BatchedMember(seed, train)).ToList();
        var fit = BatchedTrainer.Fit(config, members, data, validation: null, SingleModels.Build);
        fit.Model.Dispose();
        return clock.Elapsed.TotalSeconds;
    }
}

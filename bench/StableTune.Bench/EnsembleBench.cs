using System.Diagnostics;
using StableTune.Data;
using StableTune.Ensembles;
using StableTune.Models;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Bench;

/// <summary>
/// Item 5: K = 8 seeds of one architecture trained one after another with the kit's Trainer (what a grid does
/// without batching) against the same 8 trained at once by the <see cref="BatchedTrainer"/> (same results per member).
/// </summary>
static class EnsembleBench
{
    const int Members = 8;

    public static void Run(TensorData data, BenchOptions options)
    {
        int epochs = options.Quick ? 1 : 2;
        Figures.Section($"5. many seeds at once (k={Members}, {epochs} epoch(s) each, kit Trainer one by one vs BatchedTrainer)");
        using var subset = options.Quick ? data.Subset(Enumerable.Range(0, 1000).Select(i => (long)i).ToList()) : null;
        var train = subset ?? data;
        var configs = new (string Name, ModelConfig Config)[]
        {
            ("mlp", new MlpConfig()),                  // the course's default MLP: 784-128-128-10
            ("cnn", new CnnConfig()),                  // conv 32, conv 64, dense 128
            ("mlp 784-512-512", new MlpConfig { Width = 512 }),
        };
        using var silent = ProgressReporter.Use(new SilentProgress());
        using (var tiny = data.Subset([0, 1, 2, 3])) { Sequential(new MlpConfig(), tiny, 2, 1, 2); Batched(new MlpConfig(), tiny, 2, 1, 2); } // JIT warm-up
        foreach (var (name, config) in configs)
        {
            double sequential = Sequential(config, train, options.BatchSize, epochs, Members);
            double batched = Batched(config, train, options.BatchSize, epochs, Members);
            Figures.Seconds($"sequential {name} ({Members} runs)", sequential);
            Figures.Seconds($"batched {name}", batched);
            // The headline figure is the course's default MLP; the others are labelled with their model.
            Figures.Ratio(name == "mlp" ? $"sequential/batched k={Members}" : $"sequential/batched k={Members} {name}", sequential / batched, ">= 2", sequential / batched >= 2);
        }
    }

    static TrainConfig Config(int batch, int epochs) => new() { Epochs = epochs, BatchSize = batch };

    static double Sequential(ModelConfig config, TensorData data, int batch, int epochs, int members)
    {
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer(Config(batch, epochs));
        for (int seed = 0; seed < members; seed++)
            using (trainer.Fit(config, data, validation: null, seed)) { }
        return clock.Elapsed.TotalSeconds;
    }

    static double Batched(ModelConfig config, TensorData data, int batch, int epochs, int members)
    {
        var clock = Stopwatch.StartNew();
        var list = Enumerable.Range(0, members).Select(seed => new BatchedMember(seed, Config(batch, epochs))).ToList();
        using (BatchedTrainer.Fit(config, list, data, validation: null)) { }
        return clock.Elapsed.TotalSeconds;
    }
}

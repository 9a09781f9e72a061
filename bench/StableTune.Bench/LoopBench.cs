using StableTune.Data;

namespace StableTune.Bench;

/// <summary>Seconds per epoch of each benchmark model, in the bare loop and in the kit's loop.</summary>
sealed record LoopSpeeds(IReadOnlyDictionary<string, double> Bare, IReadOnlyDictionary<string, double> Kit);

/// <summary>
/// Items 1 and 3: the kit's training loop against the bare TorchSharp loop (epochs interleaved, so load from other
/// processes hits both alike), and the achieved rate as a fraction of the machine's peak.
/// </summary>
static class LoopBench
{
    public static readonly string[] Models = ["mlp", "cnn"];

    public static LoopSpeeds Run(TensorData data, BenchOptions options, MachinePeak peak)
    {
        var bare = new Dictionary<string, double>();
        var kit = new Dictionary<string, double>();
        Figures.Section("1. kit overhead (kit loop vs bare TorchSharp loop, same model and steps, epochs interleaved)");
        foreach (var name in Models)
        {
            using var bareLoop = new BareLoop(BenchModels.Build(name), data, options.BatchSize);
            using var kitModel = BenchModels.Build(name);
            var bareTimes = new List<double>();
            // Epoch 0 of each loop is the warm-up (allocator, kernels, JIT); then one bare epoch after each kit epoch.
            var kitTimes = KitLoop.Run(kitModel, data, options.BatchSize, options.Epochs + 1, afterEpoch: _ => bareTimes.Add(bareLoop.Epoch()));
            bare[name] = Figures.Median(bareTimes.Skip(1));
            kit[name] = Figures.Median(kitTimes.Skip(1));
            Figures.Seconds($"bare {name} s/epoch", bare[name]);
            Figures.Seconds($"kit {name} s/epoch", kit[name]);
            Figures.Ratio($"kit/bare {name}", kit[name] / bare[name], "<= 1.05", kit[name] / bare[name] <= 1.05);
        }

        Figures.Section("3. distance to the machine's limit");
        foreach (var name in Models)
        {
            var flops = BenchModels.EpochFlops(name, data.Count);
            Figures.Line($"{name} GFLOP/epoch", (flops / 1e9).ToString("F1"));
            foreach (var (loop, seconds) in new[] { ("bare", bare), ("kit", kit) })
            {
                var rate = flops / seconds[name] / 1e9;
                Figures.Line($"{loop} {name} GFLOP/s", $"{rate:F1} = {rate / peak.Gflops:P0} of peak");
            }
        }
        CnnProfile.Run(data, options.BatchSize, peak);
        return new LoopSpeeds(bare, kit);
    }
}

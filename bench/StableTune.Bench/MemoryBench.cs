using StableTune.Data;

namespace StableTune.Bench;

/// <summary>Item 6: no tensor leaks - resident memory after epoch 20 within 5% of after epoch 2 (kit loop, MLP).</summary>
static class MemoryBench
{
    public static void Run(TensorData data, BenchOptions options)
    {
        Figures.Section($"6. memory (resident, MLP in the kit loop for {options.MemoryEpochs} epochs)");
        var resident = new Dictionary<int, double>();
        using var model = BenchModels.Mlp();
        KitLoop.Run(model, data, options.BatchSize, options.MemoryEpochs, afterEpoch: e => resident[e + 1] = MemoryProbe.ResidentMiB(settle: true));
        double atTwo = resident[2], atEnd = resident[options.MemoryEpochs];
        Figures.Line("resident after epoch 2", $"{atTwo:F1} MiB");
        Figures.Line($"resident after epoch {options.MemoryEpochs}", $"{atEnd:F1} MiB");
        var growth = atEnd / atTwo - 1;
        Figures.Line("growth", $"{growth:+0.0%;-0.0%} (goal within 5%: {(Math.Abs(growth) <= 0.05 ? "met" : "NOT met")})");
    }
}

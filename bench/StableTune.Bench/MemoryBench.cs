using StableTune.Data;

namespace StableTune.Bench;

/// <summary>Item 6: no tensor leaks - resident memory after epoch 20 within 5% of after epoch 2.</summary>
static class MemoryBench
{
    public static void Run(TensorData data, BenchOptions options)
    {
        Figures.Section($"6. memory (resident, MLP trained {options.MemoryEpochs} epochs)");
        using var loop = KitLoop.TryCreate(BenchModels.Mlp(), data, options.BatchSize, out var why);
        using var bare = loop is null ? new BareLoop(BenchModels.Mlp(), data, options.BatchSize) : null;
        Func<double> epoch = loop is not null ? loop.Epoch : bare!.Epoch;
        if (loop is null) Figures.Line("loop", $"bare TorchSharp ({why})");
        double atTwo = 0;
        for (int e = 1; e <= options.MemoryEpochs; e++)
        {
            epoch();
            if (e == 2) atTwo = MemoryProbe.ResidentMiB();
        }
        double atEnd = MemoryProbe.ResidentMiB();
        Figures.Line("resident after epoch 2", $"{atTwo:F1} MiB");
        Figures.Line($"resident after epoch {options.MemoryEpochs}", $"{atEnd:F1} MiB");
        var growth = atEnd / atTwo - 1;
        Figures.Line("growth", $"{growth:+0.0%;-0.0%} (goal within 5%: {(Math.Abs(growth) <= 0.05 ? "met" : "NOT met")})");
    }
}

using StableTune.Data;

namespace StableTune.Bench;

/// <summary>Item 2: the kit against PyTorch (Debian's python3-torch) on the same models, data, batch size, optimizer and threads.</summary>
static class PeerBench
{
    public static void Run(string root, TensorData data, BenchOptions options, LoopSpeeds speeds)
    {
        Figures.Section("2. against PyTorch (same models, data, batch size, Adam, threads)");
        if (options.SkipPeer) { Figures.NotAvailable("pytorch", "--skip-peer"); return; }
        if (data.Features.device_type != TorchSharp.DeviceType.CPU) { Figures.NotAvailable("pytorch", "Debian's python3-torch is CPU-only; the peer runs on CPU machines"); return; }
        var peer = PyTorchPeer.Run(root, data, options.Threads, options.BatchSize, options.Epochs, out var why);
        if (peer is null) { Figures.NotAvailable("pytorch", why!); return; }
        Figures.Line("pytorch version", $"{peer.Version} (threads {peer.Threads}, BLAS {peer.Blas})");
        foreach (var (name, seconds) in new[] { ("mlp", peer.MlpSeconds), ("cnn", peer.CnnSeconds) })
        {
            Figures.Seconds($"pytorch {name} s/epoch", seconds);
            var (ours, which) = speeds.Kit.TryGetValue(name, out var kit) ? (kit, "kit") : (speeds.Bare[name], "bare TorchSharp, kit loop n/a");
            Figures.Ratio($"kit/pytorch {name}", ours / seconds, "<= 1.0", ours / seconds <= 1.0);
            if (which != "kit") Figures.Line($"note {name}", $"measured with the {which}");
        }
    }
}

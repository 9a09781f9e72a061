using System.Diagnostics;
using System.Text.Json;
using StableTune.Data;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>What the PyTorch peer measured: its version, BLAS, and seconds per epoch of each model.</summary>
sealed record PeerResult(string Version, string Blas, int Threads, double MlpSeconds, double CnnSeconds);

/// <summary>
/// Runs <c>bench/peer_pytorch.py</c> with Debian's python3-torch on the same data (written as raw float32/int64
/// files), batch size, optimizer and thread count. Returns null with a reason when the peer is not installed.
/// </summary>
static class PyTorchPeer
{
    /// <summary>The interpreter that has Debian's torch (not a pyenv one that may come first on PATH).</summary>
    const string Python = "/usr/bin/python3";

    public static PeerResult? Run(string repoRoot, TensorData data, int threads, int batch, int epochs, out string? reason)
    {
        reason = null;
        if (!File.Exists(Python)) { reason = $"{Python} not found; run bench/setup.sh"; return null; }
        var dir = Directory.CreateTempSubdirectory("stabletune-bench-");
        try
        {
            using (var cpu = data.Features.cpu().contiguous())
                File.WriteAllBytes(Path.Combine(dir.FullName, "features.f32"), cpu.bytes.ToArray());
            using (var labels = data.Labels.cpu().contiguous())
                File.WriteAllBytes(Path.Combine(dir.FullName, "labels.i64"), labels.bytes.ToArray());
            var script = Path.Combine(repoRoot, "bench", "peer_pytorch.py");
            var start = new ProcessStartInfo(Python)
            {
                ArgumentList = { script, dir.FullName, "--threads", threads.ToString(), "--batch", batch.ToString(), "--epochs", epochs.ToString() },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                reason = $"peer_pytorch.py failed ({process.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()} (run bench/setup.sh to install python3-torch)";
                return null;
            }
            using var json = JsonDocument.Parse(stdout.Result.Trim().Split('\n').Last());
            var root = json.RootElement;
            return new PeerResult(root.GetProperty("version").GetString()!, root.GetProperty("blas").GetString()!,
                root.GetProperty("threads").GetInt32(), root.GetProperty("mlp").GetDouble(), root.GetProperty("cnn").GetDouble());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

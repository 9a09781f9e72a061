using System.Diagnostics;
using StableTune.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>
/// Where an epoch of the CNN goes: forward and backward time of each layer on one batch (isolated, repeated), with the
/// rate of the conv and dense layers against the peak. The remainder of the epoch is the loop and the optimizer.
/// </summary>
static class CnnProfile
{
    public static void Run(TensorData data, int batch, MachinePeak peak)
    {
        Figures.Section("3b. CNN profile: one batch, per layer (forward / backward ms, matrix-work rate)");
        using var scope = NewDisposeScope();
        var model = (Sequential)BenchModels.Cnn();
        model.train();
        var x = data.Features.narrow(0, 0, Math.Min(batch, data.Count)).clone();
        var macs = BenchModels.Layers("cnn").Select(l => l.MacsPerExample).ToArray();
        int gemm = 0;
        double total = 0;
        var batches = (data.Count + batch - 1) / batch;
        foreach (var (name, layer) in model.named_children())
        {
            var module = (nn.Module<Tensor, Tensor>)layer;
            var input = x.detach().requires_grad_(gemm > 0 || layer is not Conv2d);
            var output = module.call(input);
            var gradOut = ones_like(output);
            double forward = Time(() => { using var s = NewDisposeScope(); module.call(input); });
            double backward = Time(() => output.backward([gradOut], retain_graph: true));
            total += forward + backward;
            var label = $"{name} {layer.GetType().Name}";
            if (layer is Conv2d or Linear)
            {
                double flops = 2.0 * macs[gemm] * x.shape[0];
                double rate = flops * (gemm == 0 ? 2 : 3) / (forward + backward) / 1e9;
                Figures.Line(label, $"{forward * 1e3:F2} / {backward * 1e3:F2} ms, {rate:F1} GFLOP/s = {rate / peak.Gflops:P0} of peak");
                gemm++;
            }
            else Figures.Line(label, $"{forward * 1e3:F2} / {backward * 1e3:F2} ms");
            x = output.detach();
        }
        Figures.Line("layers total per epoch", $"{total * batches:F2} s ({batches} batches)");
        PoolingLayout(batch);
    }

    /// <summary>
    /// The first max-pool in the two memory layouts: NCHW (what TorchSharp, which has no memory-format API, gives) and
    /// channels-last (NHWC strides, reached by permuting), forward plus backward.
    /// </summary>
    static void PoolingLayout(int batch)
    {
        using var scope = NewDisposeScope();
        var nchw = rand([batch, 32, 28, 28]).requires_grad_(true);
        var channelsLast = nchw.detach().permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).requires_grad_(true);
        double Pool(Tensor x) => Time(() => { using var s = NewDisposeScope(); nn.functional.max_pool2d(x, [2, 2]).sum().backward(); });
        double a = Pool(nchw), b = Pool(channelsLast);
        Figures.Line("max-pool 2x2 of [64, 32, 28, 28], forward + backward", $"NCHW {a * 1e3:F2} ms, channels-last {b * 1e3:F2} ms ({a / b:F1}x)");
    }

    /// <summary>Median seconds of one call over a few repetitions, after a warm-up call.</summary>
    static double Time(Action action)
    {
        action();
        var samples = new List<double>();
        for (int i = 0; i < 7; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples.Add(clock.Elapsed.TotalSeconds);
        }
        return Figures.Median(samples);
    }
}

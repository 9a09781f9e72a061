using StableTune.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Stability;

/// <summary>Which perturbations of the test inputs to evaluate. Immutable; part of a run's configuration.</summary>
public sealed record RobustnessConfig
{
    /// <summary>Standard deviations of added Gaussian noise, in raw input units (pixels in [0, 1]; table features in their own units).</summary>
    public IReadOnlyList<double> NoiseLevels { get; init; } = [0.05, 0.1, 0.2, 0.4];
    /// <summary>Image shifts in pixels; each is applied right, left, down and up (zero fill) and the four averaged. Images only.</summary>
    public IReadOnlyList<int> Shifts { get; init; } = [1, 2];
    /// <summary>Seed of the noise (the same for every run, so runs are compared on the same perturbed inputs).</summary>
    public int Seed { get; init; }
}

/// <summary>Accuracy and prediction flips of a model under one perturbation.</summary>
/// <param name="Kind">"noise" or "shift".</param>
/// <param name="Strength">Noise standard deviation, or shift in pixels.</param>
/// <param name="Accuracy">Accuracy on the perturbed inputs.</param>
/// <param name="FlipRate">Share of examples whose prediction differs from the prediction on the clean input.</param>
public sealed record RobustnessPoint(string Kind, double Strength, double Accuracy, double FlipRate)
{
    /// <summary>Metric name prefix in run results, e.g. "noise0.1" or "shift2".</summary>
    public string Name => $"{Kind}{Strength.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The article's "robustness": how accuracy falls and how many predictions flip when the test inputs are perturbed
/// by Gaussian noise of growing strength or shifted by a few pixels.
/// </summary>
public static class Robustness
{
    /// <summary>
    /// Evaluates <paramref name="logits"/> (a model's forward pass, called in no-grad mode on batches) on
    /// <paramref name="test"/> under each perturbation of <paramref name="config"/>.
    /// </summary>
    public static IReadOnlyList<RobustnessPoint> Evaluate(Func<Tensor, Tensor> logits, TensorData test, RobustnessConfig config, Device? device = null, int batchSize = 512)
    {
        var labels = test.LabelArray();
        var clean = Predict(logits, test.Features, device, batchSize, x => x);
        var points = new List<RobustnessPoint>();
        foreach (var sigma in config.NoiseLevels)
        {
            if (!(sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(config), sigma, "Noise levels must be 0 or more.");
            using var generator = new Generator((ulong)config.Seed, CPU);
            var noisy = Predict(logits, test.Features, device, batchSize, x => x.add(randn(x.shape, generator: generator).mul(sigma)));
            points.Add(Point("noise", sigma, noisy, clean, labels));
        }
        if (test.Features.dim() == 4)
            foreach (var pixels in config.Shifts)
            {
                if (pixels < 1) throw new ArgumentOutOfRangeException(nameof(config), pixels, "Shifts are whole pixels, 1 or more.");
                var directions = new (int Dx, int Dy)[] { (pixels, 0), (-pixels, 0), (0, pixels), (0, -pixels) };
                var each = directions.Select(d => Point("shift", pixels, Predict(logits, test.Features, device, batchSize, x => Shift(x, d.Dx, d.Dy)), clean, labels)).ToList();
                points.Add(new RobustnessPoint("shift", pixels, each.Average(p => p.Accuracy), each.Average(p => p.FlipRate)));
            }
        return points;
    }

    /// <summary>Images <c>[N, C, H, W]</c> moved <paramref name="dx"/> pixels right and <paramref name="dy"/> down, zero-filled.</summary>
    public static Tensor Shift(Tensor images, int dx, int dy)
    {
        long h = images.shape[2], w = images.shape[3];
        if (Math.Abs(dx) >= w || Math.Abs(dy) >= h) throw new ArgumentOutOfRangeException(nameof(dx), "The shift is larger than the image.");
        // Moving right by dx: dx zero columns padded on the left, then the first w columns kept (likewise for the others).
        var padded = nn.functional.pad(images, [Math.Max(dx, 0), Math.Max(-dx, 0), Math.Max(dy, 0), Math.Max(-dy, 0)]);
        return padded.narrow(3, Math.Max(-dx, 0), w).narrow(2, Math.Max(-dy, 0), h);
    }

    static RobustnessPoint Point(string kind, double strength, int[] predicted, int[] clean, long[] labels)
    {
        int correct = 0, flips = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (predicted[i] == labels[i]) correct++;
            if (predicted[i] != clean[i]) flips++;
        }
        return new RobustnessPoint(kind, strength, correct / (double)labels.Length, flips / (double)labels.Length);
    }

    static int[] Predict(Func<Tensor, Tensor> logits, Tensor features, Device? device, int batchSize, Func<Tensor, Tensor> perturb)
    {
        using var noGrad = no_grad();
        var n = features.shape[0];
        var result = new int[n];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var x = perturb(features.narrow(0, start, count));
            if (device is not null) x = x.to(device);
            logits(x).argmax(1).to(ScalarType.Int32).cpu().data<int>().CopyTo(result, (int)start);
        }
        return result;
    }
}

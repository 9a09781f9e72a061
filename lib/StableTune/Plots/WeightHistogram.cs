using Plotly.NET;
using Plotly.NET.CSharp;
using StableTune.Regularization;
using TorchSharp;
using static TorchSharp.torch;
using Chart = Plotly.NET.CSharp.Chart;

namespace StableTune.Plots;

/// <summary>
/// Histograms of weight magnitudes, one line per model, on a log scale (<c>log10 |w|</c>): regularizers leave their mark
/// here. L1 piles weights up at (almost) zero; L2 and weight decay shift the whole distribution to smaller values.
/// </summary>
public static class WeightHistogram
{
    /// <summary>
    /// The share of each model's weight-matrix and kernel entries (biases and norms excluded) per bin of
    /// <c>log10 |w|</c> from <paramref name="low"/> to 0, drawn as lines so several models overlay; entries below
    /// <c>10^low</c> fall in the first bin.
    /// </summary>
    public static GenericChart Show(IReadOnlyList<(string Name, nn.Module Model)> models, int bins = 40, double low = -6, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), bins, "Use at least 2 bins.");
        var width = -low / bins;
        var centres = Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * width).ToArray();
        var charts = models.Select((m, i) =>
        {
            var shares = Shares(m.Model, bins, low, width);
            return Chart.Line<double, double, string>(centres, shares, Name: m.Name, LineColor: Palette.Line(i), ShowMarkers: false);
        }).ToList();
        return Palette.Titled(Chart.Combine(charts)
                .WithXAxisStyle<double, double, string>(TitleText: "log10 |weight|")
                .WithYAxisStyle<double, double, string>(TitleText: "share of weights"),
            title ?? "weight magnitudes (histogram of log10 |w|)");
    }

    /// <summary>The share of weight entries per bin of log10 |w| (first bin also holds everything below it, exact zeros included).</summary>
    internal static double[] Shares(nn.Module model, int bins, double low, double width)
    {
        using var scope = NewDisposeScope();
        var weights = cat(WeightPenalty.PenalizedParameters(model, includeBiasAndNorm: false).Select(p => p.detach().flatten().cpu()).ToArray());
        var logs = weights.abs().to(ScalarType.Float64).clamp_min(1e-30).log10().data<double>().ToArray();
        var counts = new double[bins];
        foreach (var v in logs) counts[Math.Clamp((int)Math.Floor((v - low) / width), 0, bins - 1)]++;
        return counts.Select(c => c / logs.Length).ToArray();
    }
}

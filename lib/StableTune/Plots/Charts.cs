using Plotly.NET.CSharp;
using StableTune.Experiments;
using StableTune.Stability;
using GenericChart = Plotly.NET.GenericChart;
using StyleParam = Plotly.NET.StyleParam;

namespace StableTune.Plots;

/// <summary>
/// Chart helpers for the notebooks (Plotly.NET). Each returns a <see cref="GenericChart"/>: display it in a notebook,
/// save it with <c>SaveHtml</c>, or combine it further. Spread is always shown: bands or error bars of ± one
/// standard deviation over seeds (and folds), and diverged runs marked rather than hidden.
/// </summary>
public static partial class Charts
{
    /// <summary>
    /// Robustness curves: per configuration, accuracy (or with <paramref name="flips"/>, the share of flipped
    /// predictions) against the noise level or shift (<paramref name="kind"/> "noise" or "shift"), mean ± std band over runs.
    /// Needs runs made with <c>RunConfig.Robustness</c> or <c>Probes.Robustness</c>.
    /// </summary>
    public static GenericChart RobustnessCurves(ResultSet results, string kind = "noise", bool flips = false)
    {
        var suffix = flips ? "_flip" : "_accuracy";
        var charts = new List<GenericChart>();
        var configs = results.Configs;
        for (var c = 0; c < configs.Count; c++)
        {
            var runs = results.Of(configs[c]).Where(ResultSet.IsUsable).ToList();
            var levels = runs.SelectMany(r => r.Metrics.Keys).Distinct()
                .Where(k => k.StartsWith(kind, StringComparison.Ordinal) && k.EndsWith(suffix, StringComparison.Ordinal))
                .Select(k => (Key: k, Level: double.Parse(k[kind.Length..^suffix.Length], System.Globalization.CultureInfo.InvariantCulture)))
                .OrderBy(l => l.Level).ToList();
            if (levels.Count == 0) continue;
            var x = levels.Select(l => l.Level).ToList();
            var values = levels.Select(l => runs.Where(r => r.Metrics.ContainsKey(l.Key)).Select(r => r.Metrics[l.Key]).ToArray()).ToList();
            var mean = values.Select(v => Descriptive.Mean(v)).ToList();
            var std = values.Select(v => v.Length > 1 ? Descriptive.Std(v) : 0).ToList();
            charts.Add(ChartParts.Band(x, mean.Zip(std, (m, s) => m - s).ToList(), mean.Zip(std, (m, s) => m + s).ToList(), c, configs[c]));
            charts.Add(ChartParts.MeanLine(x, mean, c, configs[c], markers: true));
        }
        if (charts.Count == 0) throw new InvalidOperationException($"No run has {kind} robustness metrics: set RunConfig.Robustness.");
        return Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: kind == "noise" ? "noise standard deviation" : "shift (pixels)")
            .WithYAxisStyle<double, double, string>(TitleText: flips ? "share of predictions flipped" : "accuracy");
    }
}

using Plotly.NET;
using Plotly.NET.CSharp;
using StableTune.Experiments;
using StableTune.Stability;
using StableTune.Training;
using Chart = Plotly.NET.CSharp.Chart;

namespace StableTune.Plots;

/// <summary>
/// A final metric against the setting a study varied (learning rate, width, regularizer...): per series, the mean over
/// the runs that trained to the end with +- one standard deviation as error bars and a band, every run as a dot, and an
/// ✕ with "k/n diverged" above each configuration that had diverged runs. Settings are read back from
/// <c>key=value</c> configuration names (<see cref="ConfigNames"/>).
/// </summary>
public static class SettingPlot
{
    /// <summary>
    /// <paramref name="metric"/> against the numeric setting <paramref name="x"/> (a key of the configuration names),
    /// one line per value of <paramref name="series"/> (another key; null = one line). Diverged runs are left out of the
    /// mean and band and marked (see also <see cref="Divergence"/>). <paramref name="logX"/>: log x axis; null = log when
    /// the values span at least two decades.
    /// </summary>
    public static GenericChart Metric(ResultSet results, string metric, string x, string? series = null, bool? logX = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = Groups(results, series).SelectMany((group, i) =>
        {
            var configs = group.Configs.OrderBy(c => ConfigNames.Number(c, x)).ToList();
            var name = series is null ? $"{metric} (mean ± std)" : group.Name;
            return Traces(results, metric, name, configs, configs.Select(c => ConfigNames.Number(c, x)).ToArray(), i);
        }).ToList();
        var xs = results.Configs.Select(c => ConfigNames.Number(c, x)).ToArray();
        return Finish(charts, metric, title ?? $"{metric} against {x}: mean +- 1 std over seeds, dots = runs")
            .WithXAxisStyle<double, double, string>(TitleText: x, AxisType: Axis(logX, xs));
    }

    /// <summary>
    /// <paramref name="metric"/> for each configuration, in the study's order: mean, error bars, band, one dot per run and
    /// divergence markers. Names of one numeric setting (<c>lr=0.01</c>, ...) give a numeric axis (log when the values span
    /// two decades); other names (activations, losses, optimizers, regularizers) are categories.
    /// </summary>
    public static GenericChart Metric(ResultSet results, string metric, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var configs = results.Configs;
        var setting = ChartParts.SettingName(configs);
        var numeric = setting == "configuration" ? null : ChartParts.NumericSetting(configs);
        var xs = numeric ?? Enumerable.Range(0, configs.Count).Select(i => (double)i).ToArray();
        var chart = Finish(Traces(results, metric, $"{metric} (mean ± std)", configs, xs, 0).ToList(), metric,
            title ?? $"{metric} by configuration: mean +- 1 std over runs, dots = runs");
        return numeric is not null
            ? chart.WithXAxisStyle<double, double, string>(TitleText: setting, AxisType: ChartParts.AxisFor(numeric))
            : ChartParts.CategoryAxis(chart, xs, configs, "configuration");
    }

    /// <summary>Share of runs that diverged (NaN or exploding loss) against the numeric setting <paramref name="x"/>, per series.</summary>
    public static GenericChart Divergence(ResultSet results, string x, string? series = null, bool? logX = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = Groups(results, series).Select((group, i) =>
        {
            var points = group.Configs.Select(c => (X: ConfigNames.Number(c, x), Rate: results.DivergenceRate(c))).OrderBy(p => p.X).ToList();
            return Chart.Line<double, double, string>(points.Select(p => p.X), points.Select(p => p.Rate), ShowMarkers: true,
                Name: group.Name, LineColor: Palette.Line(i));
        }).ToList();
        var xs = results.Configs.Select(c => ConfigNames.Number(c, x)).ToArray();
        return Finish(charts, "share of runs diverged", title ?? $"divergence rate against {x}")
            .WithXAxisStyle<double, double, string>(TitleText: x, AxisType: Axis(logX, xs));
    }

    static IEnumerable<(string Name, List<string> Configs)> Groups(ResultSet results, string? series) =>
        results.Configs.GroupBy(c => series is null ? "all" : ConfigNames.Value(c, series) ?? c)
            .Select(g => (g.Key, g.ToList()));

    /// <summary>Mean line with error bars, band, run dots and divergence markers of <paramref name="configs"/> at <paramref name="xs"/>.</summary>
    static IEnumerable<GenericChart> Traces(ResultSet results, string metric, string name, IReadOnlyList<string> configs, IReadOnlyList<double> xs, int colour)
    {
        var values = configs.Select(c => results.Values(c, metric)).ToList();
        var have = Enumerable.Range(0, configs.Count).Where(i => values[i].Length > 0).ToList();
        if (have.Count > 0)
        {
            var x = have.Select(i => xs[i]).ToList();
            var mean = have.Select(i => Descriptive.Mean(values[i])).ToList();
            var std = have.Select(i => values[i].Length > 1 ? Descriptive.Std(values[i]) : 0).ToList();
            yield return ChartParts.Band(x, mean.Zip(std, (m, s) => m - s).ToList(), mean.Zip(std, (m, s) => m + s).ToList(), colour, name);
            yield return ChartParts.WithYErrors(ChartParts.MeanLine(x, mean, colour, name, markers: true), std);
            yield return Chart.Point<double, double, string>(have.SelectMany(i => values[i].Select(_ => xs[i])), have.SelectMany(i => values[i]),
                    Name: name.EndsWith("(mean ± std)", StringComparison.Ordinal) ? "runs" : $"{name} runs", ShowLegend: false,
                    MarkerColor: ChartParts.ColorOf(colour), Opacity: 0.5)
                .WithTraceInfo(LegendGroup: name);
        }
        var diverged = Enumerable.Range(0, configs.Count).Select(i => (I: i, Count: results.Of(configs[i]).Count(r => r.Status == RunStatus.Diverged)))
            .Where(d => d.Count > 0).ToList();
        if (diverged.Count == 0) yield break;
        var top = have.Count > 0 ? have.Max(i => values[i].Max()) : 1.0;
        yield return Chart.Point<double, double, string>(diverged.Select(d => xs[d.I]), diverged.Select(_ => top),
            Name: name.EndsWith("(mean ± std)", StringComparison.Ordinal) ? "diverged" : $"{name} diverged",
            MarkerSymbol: StyleParam.MarkerSymbol.X, MarkerColor: ChartParts.ColorOf(colour),
            MultiText: diverged.Select(d => $"{d.Count}/{results.Of(configs[d.I]).Count} diverged").ToArray(),
            TextPosition: StyleParam.TextPosition.TopCenter);
    }

    static StyleParam.AxisType Axis(bool? logX, double[] xs) =>
        logX switch { true => StyleParam.AxisType.Log, false => StyleParam.AxisType.Linear, null => ChartParts.AxisFor(xs) };

    static GenericChart Finish(List<GenericChart> charts, string y, string title)
    {
        if (charts.Count == 0) throw new InvalidOperationException($"No run has the metric \"{y}\".");
        return Palette.Titled(Chart.Combine(charts).WithYAxisStyle<double, double, string>(TitleText: y), title);
    }
}

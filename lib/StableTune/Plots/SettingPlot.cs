using Plotly.NET;
using Plotly.NET.CSharp;
using StableTune.Experiments;
using StableTune.Stability;
using Chart = Plotly.NET.CSharp.Chart;

namespace StableTune.Plots;

/// <summary>
/// A final metric against the setting a study varied (learning rate, width, regularizer...): per series, the mean over
/// seeds with a band of +- one standard deviation and every run as a dot, plus the share of runs that diverged.
/// Settings are read back from <c>key=value</c> configuration names (<see cref="ConfigNames"/>).
/// </summary>
public static class SettingPlot
{
    /// <summary>
    /// <paramref name="metric"/> against the numeric setting <paramref name="x"/> (a key of the configuration names),
    /// one line per value of <paramref name="series"/> (another key; null = one line). Diverged runs are left out of the
    /// mean and band (see <see cref="Divergence"/>). <paramref name="logX"/> draws the x axis in log scale.
    /// </summary>
    public static GenericChart Metric(ResultSet results, string metric, string x, string? series = null, bool logX = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = Groups(results, series).SelectMany((group, i) =>
        {
            var points = group.Configs.Select(c => (X: ConfigNames.Number(c, x), Values: results.Values(c, metric)))
                .OrderBy(p => p.X).ToList();
            return Traces(group.Name, points.Select(p => p.X).ToList(), points.Select(p => p.Values).ToList(), i);
        }).ToList();
        return Finish(Chart.Combine(charts), x, metric, logX, title ?? $"{metric} against {x}: mean +- 1 std over seeds, dots = runs");
    }

    /// <summary>
    /// <paramref name="metric"/> for each configuration, in the study's order, as categories on the x axis: mean, band and
    /// one dot per run. For settings that are not numbers (activations, losses, optimizers, regularizers).
    /// </summary>
    public static GenericChart Metric(ResultSet results, string metric, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var configs = results.Configs;
        var charts = Traces(metric, configs, configs.Select(c => results.Values(c, metric)).ToList(), 0);
        return Palette.Titled(Chart.Combine(charts).WithYAxisStyle<double, double, string>(TitleText: metric),
            title ?? $"{metric} by configuration: mean +- 1 std over runs, dots = runs");
    }

    /// <summary>Share of runs that diverged (NaN or exploding loss) against the numeric setting <paramref name="x"/>, per series.</summary>
    public static GenericChart Divergence(ResultSet results, string x, string? series = null, bool logX = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var charts = Groups(results, series).Select((group, i) =>
        {
            var points = group.Configs.Select(c => (X: ConfigNames.Number(c, x), Rate: results.DivergenceRate(c))).OrderBy(p => p.X).ToList();
            return Chart.Line<double, double, string>(points.Select(p => p.X), points.Select(p => p.Rate), ShowMarkers: true,
                Name: group.Name, LineColor: Palette.Line(i));
        }).ToList();
        return Finish(Chart.Combine(charts), x, "share of runs diverged", logX, title ?? $"divergence rate against {x}");
    }

    static IEnumerable<(string Name, List<string> Configs)> Groups(ResultSet results, string? series) =>
        results.Configs.GroupBy(c => series is null ? "all" : ConfigNames.Value(c, series) ?? c)
            .Select(g => (g.Key, g.ToList()));

    static IEnumerable<GenericChart> Traces<TX>(string name, IReadOnlyList<TX> xs, IReadOnlyList<double[]> values, int colour) where TX : IConvertible
    {
        var keep = Enumerable.Range(0, xs.Count).Where(i => values[i].Length > 0).ToList();
        var mean = keep.Select(i => Descriptive.Mean(values[i])).ToArray();
        var std = keep.Select(i => values[i].Length > 1 ? Descriptive.Std(values[i]) : 0).ToArray();
        yield return Chart.Range<TX, double, string>(
            x: keep.Select(i => xs[i]), y: mean, upper: mean.Zip(std, (m, s) => m + s), lower: mean.Zip(std, (m, s) => m - s),
            mode: StyleParam.Mode.Lines_Markers, Name: name, LineColor: Palette.Line(colour), RangeColor: Palette.Band(colour));
        yield return Chart.Point<TX, double, string>(
            x: keep.SelectMany(i => values[i].Select(_ => xs[i])), y: keep.SelectMany(i => values[i]),
            Name: $"{name} runs", ShowLegend: false, MarkerColor: Palette.Line(colour), Opacity: 0.5);
    }

    static GenericChart Finish(GenericChart chart, string x, string y, bool logX, string title) =>
        Palette.Titled(chart
            .WithXAxisStyle<double, double, string>(TitleText: x, AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithYAxisStyle<double, double, string>(TitleText: y), title);
}

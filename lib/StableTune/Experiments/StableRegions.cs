using Microsoft.Data.Analysis;
using StableTune.Stability;

namespace StableTune.Experiments;

/// <summary>
/// The stable region of a swept setting (usually the learning rate), per series (usually the optimizer): the values at
/// which the mean metric stays within a tolerance of the series' best and no run diverged. Reads the setting and the
/// series from <c>key=value</c> configuration names (<see cref="ConfigNames"/>).
/// </summary>
public static class StableRegions
{
    /// <summary>
    /// One row per series: the best value of <paramref name="x"/> and its mean metric, then the lowest and highest value of
    /// <paramref name="x"/> whose mean is within <paramref name="tolerance"/> of the best with no diverged run, how many
    /// swept values that is, and the region's width in decades (log10 of high / low).
    /// </summary>
    public static DataFrame StableRegion(this ResultSet results, string x, string series, string metric = "accuracy", double tolerance = 0.05)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Configs
            .GroupBy(c => ConfigNames.Value(c, series) ?? c)
            .Select(g =>
            {
                var points = g.Select(c => (Config: c, X: ConfigNames.Number(c, x), Values: results.Values(c, metric), Diverged: results.DivergenceRate(c)))
                    .Select(p => (p.Config, p.X, Mean: p.Values.Length == 0 ? double.NaN : Descriptive.Mean(p.Values), p.Diverged))
                    .OrderBy(p => p.X).ToList();
                var usable = points.Where(p => double.IsFinite(p.Mean)).ToList();
                var best = usable.Count == 0 ? (Config: "", X: double.NaN, Mean: double.NaN, Diverged: 1.0) : usable.MaxBy(p => p.Mean);
                var stable = usable.Where(p => p.Diverged == 0 && p.Mean >= best.Mean - tolerance).ToList();
                var low = stable.Count == 0 ? double.NaN : stable.Min(p => p.X);
                var high = stable.Count == 0 ? double.NaN : stable.Max(p => p.X);
                return (Series: g.Key, BestX: best.X, BestMean: best.Mean, Low: low, High: high, Count: stable.Count,
                        Decades: stable.Count == 0 || low <= 0 ? double.NaN : Math.Log10(high / low));
            }).ToList();
        return new DataFrame(
            new StringDataFrameColumn(series, rows.Select(r => r.Series)),
            new DoubleDataFrameColumn($"best_{x}", rows.Select(r => r.BestX)),
            new DoubleDataFrameColumn($"best_{metric}", rows.Select(r => r.BestMean)),
            new DoubleDataFrameColumn($"stable_{x}_low", rows.Select(r => r.Low)),
            new DoubleDataFrameColumn($"stable_{x}_high", rows.Select(r => r.High)),
            new Int32DataFrameColumn("stable_values", rows.Select(r => r.Count)),
            new DoubleDataFrameColumn("stable_decades", rows.Select(r => r.Decades)));
    }

    /// <summary>Per series, the configuration with the best mean metric (e.g. each optimizer at its best learning rate).</summary>
    public static IReadOnlyList<string> BestPerSeries(this ResultSet results, string series, string metric = "accuracy") =>
        results.Configs.GroupBy(c => ConfigNames.Value(c, series) ?? c)
            .Select(g => g.MaxBy(c => results.Values(c, metric) is { Length: > 0 } v ? Descriptive.Mean(v) : double.NegativeInfinity)!)
            .ToList();
}

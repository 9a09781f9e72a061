using Plotly.NET;
using Plotly.NET.CSharp;
using StableTune.Experiments;
using StableTune.Stability;
using StableTune.Training;
using Chart = Plotly.NET.CSharp.Chart;

namespace StableTune.Plots;

/// <summary>Learning curves with seed bands: one line per configuration, the mean over its runs, and a band of one standard deviation.</summary>
public static class Curves
{
    /// <summary>The history metrics a curve can show.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["train_loss", "train_accuracy", "val_loss", "val_accuracy", "learning_rate"];

    /// <summary>
    /// Per configuration of <paramref name="results"/>, <paramref name="metric"/> by epoch: the mean over its runs (seeds,
    /// folds) that trained to the end, with a filled band of +- one standard deviation. Early-stopped runs count until
    /// they stop; non-finite values are skipped; diverged runs are left out and counted in the legend ("k/n diverged").
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="metric"/> is not one of <see cref="Metrics"/>.</exception>
    /// <exception cref="InvalidOperationException">No run has a finite <paramref name="metric"/>.</exception>
    public static GenericChart Plot(ResultSet results, string metric = "val_accuracy", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var pick = Picker(metric);
        var charts = results.Configs.SelectMany((config, i) =>
        {
            var all = results.Of(config);
            var runs = all.Where(ResultSet.IsUsable).Select(r => r.History).ToList();
            var diverged = all.Count(r => r.Status == RunStatus.Diverged);
            return Band(diverged > 0 ? $"{config} ({diverged}/{all.Count} diverged)" : config, runs, pick, i);
        }).ToList();
        return Finish(charts, metric, title ?? $"{metric} by epoch: mean +- 1 std over runs");
    }

    /// <summary>One fit's history (no band): <paramref name="metrics"/> by epoch, e.g. train and validation accuracy.</summary>
    public static GenericChart Plot(IReadOnlyList<EpochRecord> history, IReadOnlyList<string>? metrics = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        metrics ??= ["train_accuracy", "val_accuracy"];
        var charts = metrics.SelectMany((m, i) => Band(m, [history], Picker(m), i)).ToList();
        return Finish(charts, string.Join(", ", metrics), title ?? "learning curves");
    }

    /// <summary>
    /// Learning-rate range tests over seeds: smoothed loss against learning rate (log axis), mean +- 1 std over the seeds
    /// still running at each step, with each seed's steepest-descent rate as a dot.
    /// </summary>
    public static GenericChart RangeTest(IReadOnlyList<RangeTestResult> runs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var steps = runs.Count == 0 ? 0 : runs.Max(r => r.Points.Count);
        var x = new List<double>();
        var mean = new List<double>();
        var std = new List<double>();
        for (var s = 0; s < steps; s++)
        {
            var at = runs.Where(r => r.Points.Count > s).Select(r => r.Points[s]).ToArray();
            x.Add(at[0].LearningRate);
            var values = at.Select(p => p.SmoothedLoss).ToArray();
            mean.Add(Descriptive.Mean(values));
            std.Add(values.Length > 1 ? Descriptive.Std(values) : 0);
        }
        var band = Chart.Range<double, double, string>(
            x: x, y: mean, upper: mean.Zip(std, (m, d) => m + d).ToArray(), lower: mean.Zip(std, (m, d) => m - d).ToArray(),
            mode: StyleParam.Mode.Lines, Name: $"smoothed loss (n={runs.Count} seeds)", LineColor: Palette.Line(0), RangeColor: Palette.Band(0));
        var suggested = runs.Where(r => double.IsFinite(r.SteepestLearningRate)).ToList();
        var dots = Chart.Point<double, double, string>(
            suggested.Select(r => r.SteepestLearningRate),
            suggested.Select(r => r.Points.First(p => p.LearningRate >= r.SteepestLearningRate).SmoothedLoss),
            Name: "steepest descent (per seed)", MarkerColor: Palette.Line(3));
        return Palette.Titled(Chart.Combine([band, dots])
                .WithXAxisStyle<double, double, string>(TitleText: "learning rate", AxisType: StyleParam.AxisType.Log)
                .WithYAxisStyle<double, double, string>(TitleText: "training loss (smoothed)"),
            title ?? "learning-rate range test: loss while the rate grows, mean +- 1 std over seeds");
    }

    /// <summary>The mean of <paramref name="runs"/> by epoch as a line, with a +- 1 std band when there are several runs.</summary>
    static IEnumerable<GenericChart> Band(string name, IReadOnlyList<IReadOnlyList<EpochRecord>> runs, Func<EpochRecord, double> pick, int colour)
    {
        var epochs = runs.Count == 0 ? 0 : runs.Max(h => h.Count);
        var x = new List<double>();
        var mean = new List<double>();
        var std = new List<double>();
        for (var e = 0; e < epochs; e++)
        {
            var values = runs.Where(h => h.Count > e).Select(h => pick(h[e])).Where(double.IsFinite).ToArray();
            if (values.Length == 0) continue;
            x.Add(e + 1);
            mean.Add(Descriptive.Mean(values));
            std.Add(values.Length > 1 ? Descriptive.Std(values) : 0);
        }
        if (x.Count == 0) yield break;
        var label = $"{name} (n={runs.Count})";
        if (runs.Count > 1)
            yield return ChartParts.Band(x, mean.Zip(std, (m, s) => m - s).ToList(), mean.Zip(std, (m, s) => m + s).ToList(), colour, label);
        yield return ChartParts.MeanLine(x, mean, colour, label, markers: true);
    }

    static GenericChart Finish(List<GenericChart> charts, string yTitle, string title)
    {
        if (charts.Count == 0)
            throw new InvalidOperationException($"No run has a finite {yTitle} in its history (validation metrics need validation data).");
        return Palette.Titled(Chart.Combine(charts).WithXAxisStyle<int, int, string>(TitleText: "epoch").WithYAxisStyle<double, double, string>(TitleText: yTitle), title);
    }

    internal static Func<EpochRecord, double> Picker(string metric) => metric switch
    {
        "train_loss" => r => r.TrainLoss,
        "train_accuracy" => r => r.TrainAccuracy,
        "val_loss" => r => r.ValidationLoss,
        "val_accuracy" => r => r.ValidationAccuracy,
        "learning_rate" => r => r.LearningRate,
        _ => throw new ArgumentException($"Unknown history metric \"{metric}\": use one of {string.Join(", ", Metrics)}.", nameof(metric)),
    };
}

using Plotly.NET.CSharp;
using StableTune.Experiments;
using StableTune.Stability;
using StableTune.Training;
using GenericChart = Plotly.NET.GenericChart;
using StyleParam = Plotly.NET.StyleParam;

namespace StableTune.Plots;

/// <summary>A per-epoch quantity of a run's history.</summary>
public enum HistoryField { TrainLoss, TrainAccuracy, ValidationLoss, ValidationAccuracy, LearningRate }

/// <summary>
/// Chart helpers for the notebooks (Plotly.NET). Each returns a <see cref="GenericChart"/>: display it in a notebook,
/// save it with <c>SaveHtml</c>, or combine it further. Spread is always shown: bands or error bars of ± one
/// standard deviation over seeds (and folds), and diverged runs marked rather than hidden.
/// </summary>
public static partial class Charts
{
    /// <summary>
    /// Training curves: per configuration, the mean of <paramref name="field"/> at each epoch over its runs with a
    /// ± std band. Runs stopped early or diverged count at the epochs they reached; non-finite values are skipped.
    /// </summary>
    public static GenericChart Curves(ResultSet results, HistoryField field = HistoryField.ValidationAccuracy)
    {
        var charts = new List<GenericChart>();
        var configs = results.Configs;
        for (var c = 0; c < configs.Count; c++)
        {
            var runs = results.Of(configs[c]);
            var epochs = runs.Max(r => r.History.Count);
            var x = new List<double>();
            var mean = new List<double>();
            var std = new List<double>();
            for (var e = 0; e < epochs; e++)
            {
                var values = runs.Where(r => r.History.Count > e).Select(r => Value(r.History[e], field)).Where(double.IsFinite).ToArray();
                if (values.Length == 0) continue;
                x.Add(e + 1);
                mean.Add(Descriptive.Mean(values));
                std.Add(values.Length > 1 ? Descriptive.Std(values) : 0);
            }
            if (x.Count == 0) continue;
            charts.Add(ChartParts.Band(x, mean.Zip(std, (m, s) => m - s).ToList(), mean.Zip(std, (m, s) => m + s).ToList(), c, configs[c]));
            charts.Add(ChartParts.MeanLine(x, mean, c, configs[c]));
        }
        if (charts.Count == 0)
            throw new InvalidOperationException($"No run has a finite {field} in its history (validation fields need ValidationFraction > 0).");
        return Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: $"{Label(field)} (mean ± std over runs)");
    }

    /// <summary>
    /// A metric against the varied setting: the mean over runs that trained to the end with ± std error bars and band,
    /// the single runs as dots, and an ✕ with "k/n diverged" above each configuration that had diverged runs.
    /// Names "setting=value" (from <c>Experiment.Vary</c>) with numeric values give a numeric axis (log when the values
    /// span two decades); other names are categories in the grid's order.
    /// </summary>
    public static GenericChart MetricVsSetting(ResultSet results, string metric = "accuracy")
    {
        var configs = results.Configs;
        var numeric = ChartParts.NumericSetting(configs);
        var xs = numeric ?? Enumerable.Range(0, configs.Count).Select(i => (double)i).ToArray();
        var stats = configs.Select(c => Descriptive.Describe(results.Values(c, metric), resamples: 200)).ToList();
        var have = Enumerable.Range(0, configs.Count).Where(i => stats[i].Count > 0).ToList();
        var charts = new List<GenericChart>();
        if (have.Count > 0)
        {
            var x = have.Select(i => xs[i]).ToList();
            var mean = have.Select(i => stats[i].Mean).ToList();
            var std = have.Select(i => stats[i].Count > 1 ? stats[i].Std : 0).ToList();
            charts.Add(ChartParts.Band(x, mean.Zip(std, (m, s) => m - s).ToList(), mean.Zip(std, (m, s) => m + s).ToList(), 0, metric));
            charts.Add(ChartParts.WithYErrors(ChartParts.MeanLine(x, mean, 0, $"{metric} (mean ± std)", markers: true), std));
        }
        var dots = configs.SelectMany((c, i) => results.Values(c, metric).Select(v => (X: xs[i], Y: v))).ToList();
        if (dots.Count > 0)
            charts.Add(Chart.Point<double, double, string>(dots.Select(d => d.X), dots.Select(d => d.Y), Name: "runs",
                Opacity: 0.5, MarkerColor: ChartParts.ColorOf(0)));
        var diverged = Enumerable.Range(0, configs.Count).Where(i => results.DivergenceRate(configs[i]) > 0).ToList();
        if (diverged.Count > 0)
        {
            var top = have.Count > 0 ? have.Max(i => stats[i].Max) : 1.0;
            charts.Add(Chart.Point<double, double, string>(diverged.Select(i => xs[i]), diverged.Select(_ => top), Name: "diverged",
                MarkerSymbol: StyleParam.MarkerSymbol.X, MarkerColor: ChartParts.ColorOf(1),
                MultiText: diverged.Select(i => $"{results.Of(configs[i]).Count(r => r.Status == RunStatus.Diverged)}/{results.Of(configs[i]).Count} diverged").ToArray(),
                TextPosition: StyleParam.TextPosition.TopCenter));
        }
        if (charts.Count == 0) throw new InvalidOperationException($"No run has the metric \"{metric}\".");
        var chart = Chart.Combine(charts).WithYAxisStyle<double, double, string>(TitleText: metric);
        return numeric is not null
            ? chart.WithXAxisStyle<double, double, string>(TitleText: ChartParts.SettingName(configs), AxisType: ChartParts.AxisFor(numeric))
            : ChartParts.CategoryAxis(chart, xs, configs, "configuration");
    }

    /// <summary>
    /// Robustness curves: per configuration, accuracy (or with <paramref name="flips"/>, the share of flipped
    /// predictions) against the noise level or shift (<paramref name="kind"/> "noise" or "shift"), mean ± std band over runs.
    /// Needs runs made with <c>RunConfig.Robustness</c>.
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

    static double Value(EpochRecord r, HistoryField field) => field switch
    {
        HistoryField.TrainLoss => r.TrainLoss,
        HistoryField.TrainAccuracy => r.TrainAccuracy,
        HistoryField.ValidationLoss => r.ValidationLoss,
        HistoryField.ValidationAccuracy => r.ValidationAccuracy,
        HistoryField.LearningRate => r.LearningRate,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    static string Label(HistoryField field) => field switch
    {
        HistoryField.TrainLoss => "training loss",
        HistoryField.TrainAccuracy => "training accuracy",
        HistoryField.ValidationLoss => "validation loss",
        HistoryField.ValidationAccuracy => "validation accuracy",
        _ => "learning rate",
    };
}

using System.Globalization;
using Plotly.NET.CSharp;
using StableTune.Experiments;
using StableTune.Stability;
using GenericChart = Plotly.NET.GenericChart;
using StyleParam = Plotly.NET.StyleParam;

namespace StableTune.Plots;

public static partial class Charts
{
    /// <summary>Box plots of <paramref name="metric"/> per configuration with every run drawn as a dot beside its box (box and strip).</summary>
    public static GenericChart RunsBox(ResultSet results, string metric = "accuracy")
    {
        var configs = results.Configs;
        var boxes = configs.Select((c, i) =>
        {
            var values = results.Values(c, metric);
            return Chart.BoxPlot<string, double, string>(X: values.Select(_ => c).ToArray(), Y: values, Name: c,
                BoxPoints: StyleParam.BoxPoints.All, Jitter: 0.4, PointPos: -1.6, MarkerColor: ChartParts.ColorOf(i),
                BoxMean: StyleParam.BoxMean.SD);
        }).ToList();
        return Chart.Combine(boxes).WithYAxisStyle<double, double, string>(TitleText: metric).WithXAxisStyle<double, double, string>(TitleText: "configuration");
    }

    /// <summary>
    /// <paramref name="metric"/> of one configuration as a seed x fold heatmap (rows: seeds; columns: repeat/fold).
    /// Stripes along a row mean the seed matters; along a column, the fold. Missing or unusable runs are blank.
    /// </summary>
    public static GenericChart SeedFoldHeatmap(ResultSet results, string config, string metric = "accuracy")
    {
        var runs = results.Of(config);
        var seeds = runs.Select(r => r.Seed).Distinct().Order().ToList();
        var folds = runs.Select(r => (r.Repeat, r.Fold)).Distinct().Order().ToList();
        var multipleRepeats = folds.Any(f => f.Repeat > 0);
        var z = seeds.Select(s => folds.Select(f =>
        {
            var run = runs.FirstOrDefault(r => r.Seed == s && (r.Repeat, r.Fold) == f);
            return run is not null && ResultSet.IsUsable(run) && run.Metrics.TryGetValue(metric, out var v) ? v : double.NaN;
        }).ToArray()).ToArray();
        var text = z.Select(row => row.Select(v => double.IsNaN(v) ? "" : v.ToString("0.000", CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var x = folds.Select(f => multipleRepeats ? $"r{f.Repeat} f{f.Fold}" : $"fold {f.Fold}").ToArray();
        var y = seeds.Select(s => $"seed {s}").ToArray();
        return Chart.AnnotatedHeatmap<double, string, string, string>(z, text, X: x, Y: y, Name: metric, ColorScale: StyleParam.Colorscale.Viridis)
            .WithXAxisStyle<double, double, string>(TitleText: "fold").WithYAxisStyle<double, double, string>(TitleText: "seed");
    }

    /// <summary>
    /// <paramref name="a"/> against <paramref name="b"/> run by run: one dot per paired run (same seed, repeat, fold) at
    /// (B's metric, A's metric), the diagonal where they tie, and the win rate and corrected t-test p-value in the title.
    /// Dots above the diagonal are pairs A won.
    /// </summary>
    public static GenericChart PairedComparison(ResultSet results, string a, string b, string metric = "accuracy", double? testTrainRatio = null)
    {
        var runsB = results.Of(b).Where(ResultSet.IsUsable).ToDictionary(r => (r.Seed, r.Repeat, r.Fold));
        var pairs = results.Of(a).Where(ResultSet.IsUsable).Where(r => runsB.ContainsKey((r.Seed, r.Repeat, r.Fold)))
            .Select(r => (A: r.Metrics[metric], B: runsB[(r.Seed, r.Repeat, r.Fold)].Metrics[metric], Label: $"seed {r.Seed}, fold {r.Fold}")).ToList();
        if (pairs.Count == 0) throw new InvalidOperationException($"\"{a}\" and \"{b}\" have no paired runs (same seed and fold) that trained to the end.");
        var lo = pairs.Min(p => Math.Min(p.A, p.B));
        var hi = pairs.Max(p => Math.Max(p.A, p.B));
        var dots = Chart.Point<double, double, string>(pairs.Select(p => p.B), pairs.Select(p => p.A), Name: "paired runs",
            MultiText: pairs.Select(p => p.Label).ToArray(), MarkerColor: ChartParts.ColorOf(0));
        var diagonal = Chart.Line<double, double, string>([lo, hi], [lo, hi], Name: "tie", LineDash: StyleParam.DrawingStyle.Dash,
            LineColor: Plotly.NET.Color.fromString("grey"));
        var title = $"{a} vs {b}";
        if (pairs.Count >= 2)
        {
            var c = results.Compare(a, b, metric, testTrainRatio);
            title += string.Create(CultureInfo.InvariantCulture, $": {a} wins {c.WinRate * 100:0}% of {c.Pairs} pairs, corrected t-test p = {c.CorrectedP:0.###}");
        }
        return Palette.Titled(Chart.Combine([dots, diagonal]), title)
            .WithXAxisStyle<double, double, string>(TitleText: $"{metric} of {b}").WithYAxisStyle<double, double, string>(TitleText: $"{metric} of {a}");
    }

    /// <summary>
    /// A confusion matrix as an annotated heatmap: rows are true classes, columns predicted classes; with
    /// <paramref name="normalize"/> each row is divided by its total (recall on the diagonal).
    /// </summary>
    public static GenericChart ConfusionMatrix(long[,] confusion, IReadOnlyList<string>? classNames = null, bool normalize = false)
    {
        var n = confusion.GetLength(0);
        if (confusion.GetLength(1) != n) throw new ArgumentException($"A confusion matrix is square; got {n} x {confusion.GetLength(1)}.", nameof(confusion));
        if (classNames is not null && classNames.Count != n) throw new ArgumentException($"{classNames.Count} class names for {n} classes.", nameof(classNames));
        var names = classNames?.ToArray() ?? Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var z = Enumerable.Range(0, n).Select(i =>
        {
            var total = Enumerable.Range(0, n).Sum(j => confusion[i, j]);
            return Enumerable.Range(0, n).Select(j => normalize ? (total == 0 ? 0 : confusion[i, j] / (double)total) : confusion[i, j]).ToArray();
        }).ToArray();
        var text = z.Select(row => row.Select(v => normalize ? v.ToString("0.00", CultureInfo.InvariantCulture) : v.ToString("0", CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return Chart.AnnotatedHeatmap<double, string, string, string>(z, text, X: names, Y: names, ColorScale: StyleParam.Colorscale.Viridis, ReverseYAxis: true)
            .WithXAxisStyle<double, double, string>(TitleText: "predicted").WithYAxisStyle<double, double, string>(TitleText: "true");
    }
}

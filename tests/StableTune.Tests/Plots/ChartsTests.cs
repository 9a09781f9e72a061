using System.Text.Json;
using StableTune.Experiments;
using StableTune.Plots;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Tests.Plots;

/// <summary>The charts' figure JSON holds the traces the notebooks rely on.</summary>
public class ChartsTests
{
    static RunResult Run(string config, int seed, int fold, double accuracy, RunStatus status = RunStatus.Completed, int epochs = 4) => new()
    {
        ConfigName = config, ConfigJson = "{}", Seed = seed, Fold = fold, Status = status,
        History = Enumerable.Range(0, epochs).Select(e => new EpochRecord(e, 1.0 / (e + 1 + seed), 0.5, status == RunStatus.Diverged && e > 0 ? double.NaN : 1.0 / (e + 2),
            accuracy - 0.1 / (e + 1) + 0.01 * seed, 0.01, 0)).ToList(),
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy + 0.01 * seed - 0.005 * fold, ["noise0.1_accuracy"] = accuracy - 0.1, ["noise0.2_accuracy"] = accuracy - 0.2 },
        Manifest = new Manifest("t", "t", "t", "cpu", "linux", ".NET", 1, "none", DateTimeOffset.UnixEpoch),
    };

    static ResultSet Results() => new(null,
        (from c in new[] { ("lr=0.001", 0.7), ("lr=0.01", 0.8), ("lr=0.1", 0.75), ("lr=1", 0.2) }
         from s in Enumerable.Range(0, 3) from f in Enumerable.Range(0, 2)
         select Run(c.Item1, s, f, c.Item2, c.Item1 == "lr=1" && s < 2 ? RunStatus.Diverged : RunStatus.Completed)).ToList());

    static JsonElement[] Traces(Plotly.NET.GenericChart chart) =>
        JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(chart)).RootElement.GetProperty("data").EnumerateArray().ToArray();

    static JsonElement Layout(Plotly.NET.GenericChart chart) =>
        JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(chart)).RootElement.GetProperty("layout");

    [Fact]
    public void Curves_have_a_filled_band_and_a_mean_line_per_config()
    {
        var traces = Traces(Curves.Plot(Results(), "val_accuracy"));
        Assert.Equal(8, traces.Length);
        var band = traces[0];
        Assert.Equal("toself", band.GetProperty("fill").GetString());
        Assert.Equal(8, band.GetProperty("x").GetArrayLength()); // 4 epochs forward and back
        var line = traces[1];
        Assert.Equal("lr=0.001 (n=6)", line.GetProperty("name").GetString());
        var means = line.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(4, means.Length);
        Assert.Equal(0.7 - 0.1 + 0.01, means[0], 12); // mean over seeds 0..2 of 0.7 - 0.1/1 + 0.01 s
        var upper = band.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(upper[0] > means[0] && upper[^1] < means[0]);
    }

    [Fact]
    public void Curves_leave_diverged_runs_out_and_count_them_in_the_legend()
    {
        var traces = Traces(Curves.Plot(Results(), "val_loss"));
        var lr1 = traces.Single(t => t.TryGetProperty("name", out var n) && n.GetString() == "lr=1 (4/6 diverged) (n=2)" && !t.TryGetProperty("fill", out _));
        // Only seed 2 (two folds) trained to the end; its loss 1/(e+2) is finite at every epoch.
        Assert.Equal([0.5, 1.0 / 3, 0.25, 0.2], lr1.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Throws<InvalidOperationException>(() => Curves.Plot(Results().Where(r => r.Seed < 0), "val_loss"));
    }

    [Fact]
    public void Metric_vs_setting_has_error_bars_band_runs_and_divergence_markers_on_a_log_axis()
    {
        var chart = SettingPlot.Metric(Results(), "accuracy");
        var traces = Traces(chart);
        var mean = traces.Single(t => t.GetProperty("name").GetString()!.StartsWith("accuracy (mean") && !t.TryGetProperty("fill", out _));
        Assert.Equal([0.001, 0.01, 0.1, 1], mean.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(4, mean.GetProperty("error_y").GetProperty("array").GetArrayLength());
        Assert.Contains(traces, t => t.TryGetProperty("fill", out var f) && f.GetString() == "toself");
        Assert.Equal(20, traces.Single(t => t.GetProperty("name").GetString() == "runs").GetProperty("y").GetArrayLength()); // 24 runs, 4 diverged
        var diverged = traces.Single(t => t.GetProperty("name").GetString() == "diverged");
        Assert.Equal([1.0], diverged.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("4/6 diverged", diverged.GetProperty("text")[0].GetString());
        Assert.Equal("log", Layout(chart).GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Non_numeric_settings_become_labelled_categories()
    {
        var runs = Results().Runs.Select(r => r with { ConfigName = r.ConfigName.Replace("lr=", "opt ") }).ToList();
        var chart = SettingPlot.Metric(new ResultSet(null, runs), "accuracy");
        var axis = Layout(chart).GetProperty("xaxis");
        Assert.Equal(["opt 0.001", "opt 0.01", "opt 0.1", "opt 1"], axis.GetProperty("ticktext").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Box_strip_heatmap_paired_and_confusion_charts()
    {
        var results = Results();
        var boxes = Traces(Charts.RunsBox(results));
        Assert.Equal(4, boxes.Length);
        Assert.All(boxes, b => Assert.Equal("all", b.GetProperty("boxpoints").GetString()));
        Assert.Equal(2, boxes[3].GetProperty("y").GetArrayLength()); // lr=1: only the run that did not diverge

        var heat = Traces(Charts.SeedFoldHeatmap(results, "lr=0.01")).Single(t => t.GetProperty("type").GetString() == "heatmap");
        var z = heat.GetProperty("z");
        Assert.Equal(3, z.GetArrayLength());
        Assert.Equal(2, z[0].GetArrayLength());
        Assert.Equal(0.8 + 0.01 * 2 - 0.005, z[2][1].GetDouble(), 12);

        var paired = Charts.PairedComparison(results, "lr=0.01", "lr=0.1");
        var dots = Traces(paired)[0];
        Assert.Equal(6, dots.GetProperty("x").GetArrayLength());
        Assert.Contains("wins 100%", Layout(paired).GetProperty("title").GetProperty("text").GetString());

        var confusion = Traces(Charts.ConfusionMatrix(new long[,] { { 8, 2 }, { 1, 9 } }, ["cat", "dog"], normalize: true))
            .Single(t => t.GetProperty("type").GetString() == "heatmap");
        Assert.Equal(0.8, confusion.GetProperty("z")[0][0].GetDouble(), 12);
        Assert.Equal(["cat", "dog"], confusion.GetProperty("x").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Robustness_curves_follow_the_noise_levels()
    {
        var traces = Traces(Charts.RobustnessCurves(Results()));
        var line = traces.Single(t => t.TryGetProperty("name", out var n) && n.GetString() == "lr=0.01" && !t.TryGetProperty("fill", out _));
        Assert.Equal([0.1, 0.2], line.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(0.8 - 0.1, line.GetProperty("y")[0].GetDouble(), 12);
    }
}

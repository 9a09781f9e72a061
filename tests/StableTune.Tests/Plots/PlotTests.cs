using StableTune.Experiments;
using StableTune.Plots;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Tests.Plots;

public class PlotTests
{
    static RunResult Run(string config, int seed, double accuracy, RunStatus status = RunStatus.Completed, params double[] curve) => new()
    {
        ConfigName = config, ConfigJson = "{}", Seed = seed, Status = status,
        History = curve.Select((v, e) => new EpochRecord(e, 1 - v, v, 1 - v, v, 0.1, 1)).ToArray(),
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy },
        Manifest = new Manifest("k", "t", "l", "cpu", "os", "net", 1, "n", DateTimeOffset.UnixEpoch),
    };

    static string Json(Plotly.NET.GenericChart chart) => Plotly.NET.GenericChart.toChartHTML(chart);

    [Fact]
    public void SettingPlotShowsMeanAndBandOverUsableRunsAndTheDivergenceRate()
    {
        var results = new ResultSet(null,
        [
            Run("lr=0.01", 0, 0.80), Run("lr=0.01", 1, 0.90),
            Run("lr=1", 0, 0.5), Run("lr=1", 1, 0.1, RunStatus.Diverged),
        ]);

        var metric = Json(SettingPlot.Metric(results, "accuracy", x: "lr", logX: true));
        Assert.Contains("0.85", metric);                       // mean of 0.8 and 0.9
        Assert.Contains(0.85 + 0.0707106781186548, ParseNumbers(metric), new Near());  // mean + sample std
        Assert.Contains("\"log\"", metric);

        var divergence = Json(SettingPlot.Divergence(results, "lr"));
        Assert.Contains(0.5, ParseNumbers(divergence), new Near());
    }

    [Fact]
    public void CurvesAverageEpochsOverRuns()
    {
        var results = new ResultSet(null, [Run("a", 0, 0.5, RunStatus.Completed, 0.2, 0.4), Run("a", 1, 0.5, RunStatus.Completed, 0.4, 0.8)]);
        var numbers = ParseNumbers(Json(Curves.Plot(results, "val_accuracy")));
        Assert.Contains(0.3, numbers, new Near());
        Assert.Contains(0.6, numbers, new Near());
        Assert.Throws<ArgumentException>(() => Curves.Plot(results, "accuracy"));
    }

    static double[] ParseNumbers(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+\.\d+(?:[eE]-?\d+)?")
            .Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    sealed class Near : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-9;
        public int GetHashCode(double x) => 0;
    }
}

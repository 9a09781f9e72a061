using System.Globalization;
using StableTune.Experiments;
using StableTune.GridChild;
using StableTune.Stability;

namespace StableTune.Tests.Experiments;

public class ResultTablesTests
{
    static ResultSet Results(TempFolder temp) => new Grid<FakeConfig>
    {
        Configs = [new("lr=0.1", new FakeConfig(0.80)), new("lr=1", new FakeConfig(0.6, Diverge: true)), new("lr=0.01", new FakeConfig(0.75, Spread: 0.05))],
        Seeds = [0, 1, 2, 3],
        Folds = 3,
    }.Run(new GridOptions { Directory = temp.Path }, new FakeRunner().Run);

    [Fact]
    public void Data_frame_has_one_row_per_run_with_metrics_status_and_manifest()
    {
        using var temp = new TempFolder();
        var results = Results(temp);
        var frame = results.ToDataFrame();
        Assert.Equal(36, frame.Rows.Count);
        foreach (var name in new[] { "config", "seed", "fold", "status", "accuracy", "loss", "device", "config_json" })
            Assert.Contains(name, frame.Columns.Select(c => c.Name));
        Assert.Equal(12, Enumerable.Range(0, 36).Count(i => (string)frame["status"][i] == "Diverged"));
        Assert.Equal(results.Runs[5].Metrics["accuracy"], (double)frame["accuracy"][5]);
    }

    [Fact]
    public void Csv_round_trips_rows_and_numbers()
    {
        using var temp = new TempFolder();
        var results = Results(temp);
        var path = temp.Sub("out/results.csv");
        results.ToCsv(path);
        var lines = File.ReadAllLines(path);
        Assert.Equal(37, lines.Length);
        var header = lines[0].Split(',');
        var acc = Array.IndexOf(header, "accuracy");
        Assert.Equal(results.Runs[0].Metrics["accuracy"], double.Parse(lines[1].Split(',')[acc], CultureInfo.InvariantCulture));
        Assert.Contains(lines, l => l.Contains(",NaN,")); // the diverged runs' loss
    }

    [Fact]
    public void Summary_describes_each_config_over_runs_that_trained_to_the_end()
    {
        using var temp = new TempFolder();
        var results = Results(temp);
        var summary = results.Summary("accuracy");
        Assert.Equal(3, summary.Rows.Count);
        Assert.Equal("lr=0.1", summary["config"][0]);
        var values = results.Values("lr=0.01", "accuracy");
        Assert.Equal(12, values.Length);
        var d = Descriptive.Describe(values);
        Assert.Equal(d.Mean, (double)summary["mean"][2], 12);
        Assert.Equal(Descriptive.Std(values), (double)summary["std"][2], 12);
        Assert.Equal(values.Max(), (double)summary["max"][2]);
        Assert.InRange(d.Mean, d.CiLow, d.CiHigh);
        Assert.True(d.CiHigh - d.CiLow < 4 * d.Std);
        Assert.Equal(12, summary["diverged"][1]);
        Assert.Equal(0, summary["used"][1]);
        Assert.Equal(1.0, summary["divergence_rate"][1]);
        Assert.Equal(0.0, summary["divergence_rate"][0]);
    }
}

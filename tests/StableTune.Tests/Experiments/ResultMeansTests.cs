using StableTune.Experiments;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

public class ResultMeansTests
{
    static RunResult Run(string config, int seed, double accuracy, double gap, RunStatus status = RunStatus.Completed) => new()
    {
        ConfigName = config, ConfigJson = "{}", Seed = seed, Status = status, History = [],
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy, ["gap"] = gap },
        Manifest = new Manifest("k", "t", "l", "cpu", "os", "net", 1, "n", DateTimeOffset.UnixEpoch),
    };

    [Fact]
    public void MeansAndStdsPerConfigurationOverUsableRuns()
    {
        var results = new ResultSet(null, [Run("a", 0, 0.8, 0.1), Run("a", 1, 0.6, 0.3), Run("a", 2, 0.1, 0.0, RunStatus.Diverged), Run("b", 0, 0.5, 0.2)]);
        var table = results.Means("accuracy", "gap");
        Assert.Equal(["config", "runs", "diverged", "accuracy_mean", "accuracy_std", "gap_mean", "gap_std"], table.Columns.Select(c => c.Name));
        Assert.Equal(0.7, (double)table["accuracy_mean"][0], 12);
        Assert.Equal(Math.Sqrt(0.02), (double)table["accuracy_std"][0], 12);
        Assert.Equal(1, table["diverged"][0]);
        Assert.True(double.IsNaN((double)table["gap_std"][1]));
        Assert.Throws<ArgumentException>(() => results.Means());
    }
}

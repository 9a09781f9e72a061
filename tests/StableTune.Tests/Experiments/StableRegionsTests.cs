using StableTune.Experiments;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

public class StableRegionsTests
{
    static RunResult Run(string config, int seed, double accuracy, RunStatus status = RunStatus.Completed) => new()
    {
        ConfigName = config, ConfigJson = "{}", Seed = seed, Status = status, History = [],
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy },
        Manifest = new Manifest("k", "t", "l", "cpu", "os", "net", 1, "n", DateTimeOffset.UnixEpoch),
    };

    [Fact]
    public void RegionSpansTheValuesNearTheBestWithoutDivergence()
    {
        var results = new ResultSet(null,
        [
            Run("opt=A lr=0.001", 0, 0.50), Run("opt=A lr=0.01", 0, 0.80), Run("opt=A lr=0.1", 0, 0.82),
            Run("opt=A lr=1", 0, 0.81), Run("opt=A lr=1", 1, 0.1, RunStatus.Diverged),
            Run("opt=B lr=0.001", 0, 0.70), Run("opt=B lr=0.01", 0, 0.60),
        ]);

        var table = results.StableRegion("lr", "opt");

        Assert.Equal("A", table["opt"][0]);
        Assert.Equal(0.1, table["best_lr"][0]);
        Assert.Equal(0.01, table["stable_lr_low"][0]);
        Assert.Equal(0.1, table["stable_lr_high"][0]);   // lr=1 is close in mean but one run diverged
        Assert.Equal(1.0, (double)table["stable_decades"][0], 12);
        Assert.Equal(1, table["stable_values"][1]);
        Assert.Equal(["opt=A lr=0.1", "opt=B lr=0.001"], results.BestPerSeries("opt"));
    }
}

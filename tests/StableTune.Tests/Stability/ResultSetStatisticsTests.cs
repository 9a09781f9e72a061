using StableTune.Experiments;
using StableTune.Runtime;
using StableTune.Stability;
using StableTune.Training;

namespace StableTune.Tests.Stability;

public class ResultSetStatisticsTests
{
    // accuracy = base + seedEffect[seed] + foldEffect[fold] + small interaction; predictions differ by seed on 2 of 10.
    static RunResult Run(string config, int seed, int fold, double accuracy, RunStatus status = RunStatus.Completed) => new()
    {
        ConfigName = config, ConfigJson = "{}", Seed = seed, Fold = fold, Status = status, History = [],
        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy },
        Predictions = Enumerable.Range(0, 10).Select(i => i < 2 ? (i + seed) % 3 : i % 3).ToList(),
        Manifest = new Manifest("t", "t", "t", "cpu", "linux", ".NET", 1, "none", DateTimeOffset.UnixEpoch),
    };

    static readonly double[] SeedEffect = [0.01, -0.01, 0.004, -0.004];
    static readonly double[] FoldEffect = [0.03, -0.02, -0.01];

    static ResultSet Set(double gap) => new(null,
        (from c in new[] { ("A", 0.80 + gap), ("B", 0.80) }
         from s in Enumerable.Range(0, 4) from f in Enumerable.Range(0, 3)
         let interaction = 0.001 * ((s * 3 + f + (c.Item1 == "B" ? 1 : 0)) % 2) // A and B differ unit by unit
         select Run(c.Item1, s, f, c.Item2 + SeedEffect[s] + FoldEffect[f] + interaction)).ToList());

    [Fact]
    public void Variance_components_of_a_result_set_use_its_seed_by_fold_table()
    {
        var set = Set(0.01);
        var v = set.VarianceComponents("A");
        var table = new double[4, 3];
        foreach (var r in set.Of("A")) table[r.Seed, r.Fold] = r.Metrics["accuracy"];
        Assert.Equal(VarianceComponents.Estimate(table), v);
        Assert.True(v.FoldShare > v.SeedShare && v.SeedShare > v.ResidualShare);
        Assert.Equal(1.0, v.SeedShare + v.FoldShare + v.ResidualShare, 12);
    }

    [Fact]
    public void Compare_pairs_runs_by_seed_and_fold_and_corrects_for_k_fold()
    {
        var c = Set(0.002).Compare("A", "B");
        Assert.Equal(12, c.Pairs);
        Assert.Equal(12, c.WinsA);
        Assert.Equal(0.5, c.TestTrainRatio); // 3 folds: test/train = 1/2
        Assert.Equal(0.002, c.MeanDifference, 12);
        Assert.True(c.CorrectedP >= c.PairedP);
        var heldOut = Set(0.002).Compare("A", "B", testTrainRatio: 0.25);
        Assert.Equal(0.25, heldOut.TestTrainRatio);
    }

    [Fact]
    public void A_diverged_run_leaves_its_pair_out_of_the_comparison()
    {
        var runs = Set(0.01).Runs.Select(r => r.ConfigName == "B" && r.Seed == 0 && r.Fold == 0 ? r with { Status = RunStatus.Diverged } : r).ToList();
        Assert.Equal(11, new ResultSet(null, runs).Compare("A", "B").Pairs);
        Assert.Throws<InvalidOperationException>(() => new ResultSet(null, runs).VarianceComponents("B"));
    }

    [Fact]
    public void Churn_and_agreement_compare_runs_on_the_same_test_set()
    {
        var set = Set(0.01);
        // Seeds 0..3 predict (i+seed)%3 on examples 0 and 1: runs of seeds s and t disagree on both unless s = t mod 3.
        var pairs = new[] { (0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3) };
        var expected = pairs.Average(p => (p.Item1 - p.Item2) % 3 == 0 ? 0.0 : 0.2);
        Assert.Equal(expected, set.Churn("A"), 12);
        var agreement = set.Agreement("A", fold: 1);
        Assert.Equal(0.5, agreement[0]); // seeds 0 and 3 predict 0; 1 predicts 1; 2 predicts 2
        Assert.All(agreement[2..], a => Assert.Equal(1.0, a));
    }

    [Fact]
    public void Clear_winner_stays_best_and_a_tie_is_shared()
    {
        var clear = Set(0.02).Ranking();
        Assert.Equal(0, clear.Best);
        Assert.Equal(1.0, clear.StaysBest);
        var close = Set(0.0001).Ranking();
        Assert.InRange(close.StaysBest, 0.5, 0.9);
        Assert.Equal(1.0, close.BestShare.Sum(), 9);
    }

    [Fact]
    public void Stability_table_gathers_the_statistics_of_every_config()
    {
        var set = Set(0.02);
        var table = set.Stability();
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("A", table["config"][0]);
        Assert.Equal(set.Describe("A").Std, (double)table["std"][0], 12);
        Assert.Equal(set.VarianceComponents("B").FoldShare, (double)table["fold_share"][1], 12);
        Assert.Equal(set.Churn("A"), (double)table["churn"][0], 12);
        Assert.Equal(1.0, (double)table["best_share"][0]);

        // A configuration with a diverged run has no complete seed x fold table: its shares are NaN, the rest stays.
        var runs = set.Runs.Select(r => r.ConfigName == "B" && r.Seed == 1 && r.Fold == 2 ? r with { Status = RunStatus.Diverged } : r).ToList();
        var partial = new ResultSet(null, runs).Stability();
        Assert.True(double.IsNaN((double)partial["seed_share"][1]));
        Assert.Equal(1.0 / 12, (double)partial["divergence_rate"][1], 12);
        Assert.False(double.IsNaN((double)partial["seed_share"][0]));
    }
}

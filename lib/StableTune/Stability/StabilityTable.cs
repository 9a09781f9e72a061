using Microsoft.Data.Analysis;
using StableTune.Experiments;

namespace StableTune.Stability;

/// <summary>The stability statistics of every configuration in one table, for a notebook's summary cell.</summary>
public static class StabilityTable
{
    /// <summary>
    /// One row per configuration: runs, divergence rate, mean, std, CV and bootstrap CI of <paramref name="metric"/>,
    /// mean prediction churn between runs on the same test set, the seed/fold/residual shares of the variance (NaN
    /// without 2+ seeds and 2+ folds all trained to the end), and the share of resamples in which the configuration is best.
    /// </summary>
    public static DataFrame Stability(this ResultSet results, string metric = "accuracy", bool higherIsBetter = true, int resamples = 2000, int seed = 0)
    {
        var configs = results.Configs;
        var described = configs.Select(c => results.Describe(c, metric, resamples: resamples, seed: seed)).ToList();
        var components = configs.Select(c => TryComponents(results, c, metric)).ToList();
        var best = configs.Count >= 2 ? TryRanking(results, metric, higherIsBetter, resamples, seed) : null;
        double Share(int i) => best is null ? double.NaN : best.BestShare[i];
        return new DataFrame(
            new StringDataFrameColumn("config", configs),
            new Int32DataFrameColumn("runs", configs.Select(c => results.Of(c).Count)),
            new DoubleDataFrameColumn("divergence_rate", configs.Select(results.DivergenceRate)),
            new DoubleDataFrameColumn("mean", described.Select(d => d.Mean)),
            new DoubleDataFrameColumn("std", described.Select(d => d.Std)),
            new DoubleDataFrameColumn("cv", described.Select(d => d.CoefficientOfVariation)),
            new DoubleDataFrameColumn("ci_low", described.Select(d => d.CiLow)),
            new DoubleDataFrameColumn("ci_high", described.Select(d => d.CiHigh)),
            new DoubleDataFrameColumn("churn", configs.Select(results.Churn)),
            new DoubleDataFrameColumn("seed_share", components.Select(v => v?.SeedShare ?? double.NaN)),
            new DoubleDataFrameColumn("fold_share", components.Select(v => v?.FoldShare ?? double.NaN)),
            new DoubleDataFrameColumn("residual_share", components.Select(v => v?.ResidualShare ?? double.NaN)),
            new DoubleDataFrameColumn("best_share", Enumerable.Range(0, configs.Count).Select(Share)));
    }

    // Statistics that need more structure than a configuration has are left NaN in the table, not thrown.
    static VarianceComponents? TryComponents(ResultSet results, string config, string metric)
    {
        var runs = results.Of(config);
        if (runs.Select(r => r.Seed).Distinct().Count() < 2 || runs.Select(r => (r.Repeat, r.Fold)).Distinct().Count() < 2) return null;
        try { return results.VarianceComponents(config, metric); }
        catch (InvalidOperationException) { return null; } // a diverged or missing run: no complete seed x fold table
    }

    static RankingStability? TryRanking(ResultSet results, string metric, bool higherIsBetter, int resamples, int seed)
    {
        try { return results.Ranking(metric, higherIsBetter, resamples, seed); }
        catch (InvalidOperationException) { return null; } // no unit shared by every configuration
    }
}

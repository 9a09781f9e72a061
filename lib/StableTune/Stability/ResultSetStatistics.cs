using StableTune.Experiments;

namespace StableTune.Stability;

/// <summary>The stability statistics of a <see cref="ResultSet"/>, by configuration.</summary>
public static class ResultSetStatistics
{
    /// <summary>Mean, std, min/max, CV and bootstrap CI of <paramref name="metric"/> over the runs of <paramref name="config"/> that trained to the end.</summary>
    public static Description Describe(this ResultSet results, string config, string metric = "accuracy",
                                       double confidence = 0.95, int resamples = 2000, int seed = 0) =>
        Descriptive.Describe(results.Values(config, metric), confidence, resamples, seed);

    /// <summary>
    /// Seed vs fold variance components of <paramref name="metric"/> for <paramref name="config"/> (each repeat x fold
    /// is one fold level). Needs every (seed, fold) run to have trained to the end.
    /// </summary>
    public static VarianceComponents VarianceComponents(this ResultSet results, string config, string metric = "accuracy")
    {
        var runs = results.Of(config);
        var seeds = runs.Select(r => r.Seed).Distinct().Order().ToList();
        var folds = runs.Select(r => (r.Repeat, r.Fold)).Distinct().Order().ToList();
        var table = new double[seeds.Count, folds.Count];
        for (var i = 0; i < seeds.Count; i++)
            for (var j = 0; j < folds.Count; j++)
            {
                var run = runs.FirstOrDefault(r => r.Seed == seeds[i] && (r.Repeat, r.Fold) == folds[j])
                          ?? throw new InvalidOperationException($"{config}: no run for seed {seeds[i]}, repeat {folds[j].Repeat}, fold {folds[j].Fold}; finish the grid first.");
                if (!ResultSet.IsUsable(run))
                    throw new InvalidOperationException($"{config}: run {RunKey.Of(run)} is {run.Status}; variance components need every run trained to its end.");
                table[i, j] = ResultSet.MetricOf(run, metric);
            }
        return Stability.VarianceComponents.Estimate(table);
    }

    /// <summary>
    /// <paramref name="a"/> against <paramref name="b"/> over their paired runs (same seed, repeat, fold) that both
    /// trained to the end. <paramref name="testTrainRatio"/> defaults to 1/(folds − 1) for k-fold grids; give it for
    /// hold-out grids (test size / train size), or the corrected test is NaN.
    /// </summary>
    public static PairedComparison Compare(this ResultSet results, string a, string b, string metric = "accuracy", double? testTrainRatio = null)
    {
        var runsB = results.Of(b).Where(ResultSet.IsUsable).ToDictionary(r => (r.Seed, r.Repeat, r.Fold));
        var pairs = results.Of(a).Where(ResultSet.IsUsable)
            .Where(r => runsB.ContainsKey((r.Seed, r.Repeat, r.Fold)))
            .Select(r => (A: ResultSet.MetricOf(r, metric), B: ResultSet.MetricOf(runsB[(r.Seed, r.Repeat, r.Fold)], metric)))
            .ToList();
        var folds = results.Header?.Folds ?? results.Runs.Select(r => r.Fold).Distinct().Count();
        var ratio = testTrainRatio ?? (folds > 1 ? 1.0 / (folds - 1) : null);
        return PairedComparison.Compute(pairs.Select(p => p.A).ToList(), pairs.Select(p => p.B).ToList(), ratio);
    }

    /// <summary>
    /// Mean pairwise prediction churn between the runs of <paramref name="config"/> that trained to the end and share a
    /// test set (same repeat and fold), averaged over test sets (NaN without two such runs).
    /// </summary>
    public static double Churn(this ResultSet results, string config) =>
        TestSets(results, config).Where(g => g.Count >= 2).Select(Stability.Churn.MeanPairwise).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Per test example of (<paramref name="repeat"/>, <paramref name="fold"/>): the share of seeds that predict its most frequent class.</summary>
    public static double[] Agreement(this ResultSet results, string config, int repeat = 0, int fold = 0) =>
        Stability.Churn.Agreement(results.Of(config).Where(r => ResultSet.IsUsable(r) && r.Repeat == repeat && r.Fold == fold && r.Predictions.Count > 0)
            .Select(r => r.Predictions).ToList());

    /// <summary>How often each configuration is best under resampling of the units (seed, repeat, fold) all configurations share.</summary>
    public static RankingStability Ranking(this ResultSet results, string metric = "accuracy", bool higherIsBetter = true, int resamples = 2000, int seed = 0)
    {
        var configs = results.Configs;
        var byConfig = configs.Select(c => results.Of(c).Where(r => r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
            .ToDictionary(r => (r.Seed, r.Repeat, r.Fold), r => r.Metrics[metric])).ToList();
        var units = byConfig.Select(d => (IEnumerable<(int, int, int)>)d.Keys).Aggregate((x, y) => x.Intersect(y)).Order().ToList();
        if (units.Count == 0) throw new InvalidOperationException($"No (seed, repeat, fold) has a finite \"{metric}\" for every configuration.");
        return RankingStability.Compute(configs, byConfig.Select(d => (IReadOnlyList<double>)units.Select(u => d[u]).ToList()).ToList(),
            higherIsBetter, resamples, seed);
    }

    static IEnumerable<IReadOnlyList<IReadOnlyList<int>>> TestSets(ResultSet results, string config) =>
        results.Of(config).Where(r => ResultSet.IsUsable(r) && r.Predictions.Count > 0).GroupBy(r => (r.Repeat, r.Fold))
            .Select(g => (IReadOnlyList<IReadOnlyList<int>>)g.Select(r => r.Predictions).ToList());
}

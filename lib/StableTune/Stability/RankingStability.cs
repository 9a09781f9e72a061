namespace StableTune.Stability;

/// <summary>
/// How often each configuration comes out best when the runs are resampled: the paired units (seed x repeat x fold)
/// are drawn with replacement, each configuration's mean is recomputed on the draw, and the best is counted.
/// A winner that stays best in 95% of resamples is a clearer winner than one that stays best in 55%.
/// </summary>
/// <param name="Configs">Configuration names, in the order given.</param>
/// <param name="Means">Each configuration's mean over all units.</param>
/// <param name="BestShare">Share of resamples in which each configuration had the best mean (ties split evenly).</param>
/// <param name="Best">Index of the configuration with the best mean on all units.</param>
public sealed record RankingStability(IReadOnlyList<string> Configs, IReadOnlyList<double> Means, IReadOnlyList<double> BestShare, int Best)
{
    /// <summary>Share of resamples in which the best configuration stays best.</summary>
    public double StaysBest => BestShare[Best];

    /// <summary>
    /// Ranks <paramref name="table"/>[config][unit] (the same units for every configuration) over
    /// <paramref name="resamples"/> bootstrap draws of the units made with <paramref name="seed"/>.
    /// </summary>
    public static RankingStability Compute(IReadOnlyList<string> configs, IReadOnlyList<IReadOnlyList<double>> table,
                                           bool higherIsBetter = true, int resamples = 2000, int seed = 0)
    {
        if (configs.Count != table.Count) throw new ArgumentException($"{configs.Count} names for {table.Count} rows.", nameof(configs));
        if (configs.Count < 2) throw new ArgumentException("Ranking needs at least two configurations.", nameof(configs));
        var units = table[0].Count;
        if (units == 0 || table.Any(r => r.Count != units))
            throw new ArgumentException("Every configuration needs a value for each of the same (non-zero number of) units.", nameof(table));
        var sign = higherIsBetter ? 1.0 : -1.0;
        int BestOf(IReadOnlyList<double> means) => Enumerable.Range(0, means.Count).MaxBy(i => sign * means[i]);
        var overall = table.Select(Descriptive.Mean).ToArray();
        var wins = new double[configs.Count];
        var means = new double[configs.Count];
        foreach (var draw in Bootstrap.Resamples(units, resamples, seed))
        {
            for (var c = 0; c < configs.Count; c++)
            {
                var sum = 0.0;
                foreach (var u in draw) sum += table[c][u];
                means[c] = sign * sum / units;
            }
            var top = means.Max();
            var tied = means.Count(m => m == top);
            for (var c = 0; c < configs.Count; c++) if (means[c] == top) wins[c] += 1.0 / tied;
        }
        return new RankingStability(configs, overall, wins.Select(w => w / resamples).ToList(), BestOf(overall));
    }
}

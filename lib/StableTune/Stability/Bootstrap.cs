namespace StableTune.Stability;

/// <summary>Percentile bootstrap: resample with replacement, recompute a statistic, take the percentiles.</summary>
public static class Bootstrap
{
    /// <summary>
    /// <paramref name="count"/> resamples of indices into a sample of <paramref name="n"/> values, drawn with
    /// <paramref name="seed"/> (the same seed always gives the same resamples).
    /// </summary>
    public static int[][] Resamples(int n, int count, int seed)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "Resampling needs at least one value.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Draw at least one resample.");
        var random = new Random(seed);
        var sets = new int[count][];
        for (var b = 0; b < count; b++)
        {
            sets[b] = new int[n];
            for (var i = 0; i < n; i++) sets[b][i] = random.Next(n);
        }
        return sets;
    }

    /// <summary>The statistic of each resample (the bootstrap distribution).</summary>
    public static double[] Distribution(IReadOnlyList<double> x, Func<IReadOnlyList<double>, double> statistic, IReadOnlyList<int[]> resamples)
    {
        var result = new double[resamples.Count];
        var buffer = new double[x.Count];
        for (var b = 0; b < resamples.Count; b++)
        {
            if (resamples[b].Length != x.Count)
                throw new ArgumentException($"Resample {b} has {resamples[b].Length} indices for {x.Count} values.", nameof(resamples));
            for (var i = 0; i < x.Count; i++) buffer[i] = x[resamples[b][i]];
            result[b] = statistic(buffer);
        }
        return result;
    }

    /// <summary>Percentile confidence interval of <paramref name="statistic"/> over given resamples.</summary>
    public static (double Low, double High) Ci(IReadOnlyList<double> x, Func<IReadOnlyList<double>, double> statistic,
                                               IReadOnlyList<int[]> resamples, double confidence = 0.95)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence is between 0 and 1, e.g. 0.95.");
        var dist = Distribution(x, statistic, resamples);
        var tail = (1 - confidence) / 2 * 100;
        return (Descriptive.Percentile(dist, tail), Descriptive.Percentile(dist, 100 - tail));
    }

    /// <summary>Percentile confidence interval of <paramref name="statistic"/> over <paramref name="resamples"/> seeded resamples.</summary>
    public static (double Low, double High) Ci(IReadOnlyList<double> x, Func<IReadOnlyList<double>, double> statistic,
                                               double confidence = 0.95, int resamples = 2000, int seed = 0) =>
        x.Count == 0 ? (double.NaN, double.NaN) : Ci(x, statistic, Resamples(x.Count, resamples, seed), confidence);
}

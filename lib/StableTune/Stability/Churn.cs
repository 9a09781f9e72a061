namespace StableTune.Stability;

/// <summary>
/// Prediction churn: runs that score alike can still disagree on many examples. Pure functions over predicted
/// classes of the same examples in the same order.
/// </summary>
public static class Churn
{
    /// <summary>Share of examples on which <paramref name="a"/> and <paramref name="b"/> predict different classes.</summary>
    public static double Between(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"The runs predicted {a.Count} and {b.Count} examples: churn needs the same examples.", nameof(b));
        if (a.Count == 0) throw new ArgumentException("No predictions: keep the test predictions of each run to measure churn.", nameof(a));
        var differ = 0;
        for (var i = 0; i < a.Count; i++) if (a[i] != b[i]) differ++;
        return differ / (double)a.Count;
    }

    /// <summary>Mean churn over all pairs of runs.</summary>
    public static double MeanPairwise(IReadOnlyList<IReadOnlyList<int>> runs)
    {
        if (runs.Count < 2) throw new ArgumentException($"{runs.Count} run(s): churn needs at least two runs.", nameof(runs));
        var sum = 0.0;
        var pairs = 0;
        for (var i = 0; i < runs.Count; i++)
            for (var j = i + 1; j < runs.Count; j++, pairs++)
                sum += Between(runs[i], runs[j]);
        return sum / pairs;
    }

    /// <summary>Per example: the share of runs that predict its most frequent class (1 = all runs agree).</summary>
    public static double[] Agreement(IReadOnlyList<IReadOnlyList<int>> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("No runs.", nameof(runs));
        var n = runs[0].Count;
        if (runs.Any(r => r.Count != n)) throw new ArgumentException("The runs predicted different numbers of examples.", nameof(runs));
        var result = new double[n];
        var counts = new Dictionary<int, int>();
        for (var e = 0; e < n; e++)
        {
            counts.Clear();
            foreach (var r in runs) counts[r[e]] = counts.GetValueOrDefault(r[e]) + 1;
            result[e] = counts.Values.Max() / (double)runs.Count;
        }
        return result;
    }
}

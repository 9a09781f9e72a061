namespace StableTune.Stability;

/// <summary>
/// Configuration A against B over paired runs (same seed, repeat and fold): how often A wins, the mean difference,
/// the ordinary paired t-test and the corrected resampled t-test of Nadeau and Bengio (2003), which widens the
/// variance by the test/train size ratio because cross-validation runs share training data.
/// </summary>
/// <param name="Pairs">Number of paired runs.</param>
/// <param name="WinsA">Pairs where A's metric is higher.</param>
/// <param name="Ties">Pairs with equal metrics.</param>
/// <param name="MeanDifference">Mean of A − B.</param>
/// <param name="StdDifference">Sample standard deviation of A − B.</param>
/// <param name="PairedT">Paired t statistic (SciPy's <c>ttest_rel</c>).</param>
/// <param name="PairedP">Its two-sided p-value (df = Pairs − 1).</param>
/// <param name="TestTrainRatio">n_test / n_train used for the correction (NaN when not known).</param>
/// <param name="CorrectedT">Corrected resampled t statistic: mean / sqrt((1/Pairs + ratio) · var).</param>
/// <param name="CorrectedP">Its two-sided p-value (df = Pairs − 1).</param>
public sealed record PairedComparison(
    int Pairs, int WinsA, int Ties, double MeanDifference, double StdDifference,
    double PairedT, double PairedP, double TestTrainRatio, double CorrectedT, double CorrectedP)
{
    /// <summary>Share of pairs A wins, ties counted as half a win.</summary>
    public double WinRate => (WinsA + 0.5 * Ties) / Pairs;

    /// <summary>
    /// Compares paired values <paramref name="a"/>[i] and <paramref name="b"/>[i] (higher is better).
    /// <paramref name="testTrainRatio"/>: test size / train size of each run (1/(k−1) for k-fold); null skips the correction.
    /// </summary>
    public static PairedComparison Compute(IReadOnlyList<double> a, IReadOnlyList<double> b, double? testTrainRatio)
    {
        if (a.Count != b.Count) throw new ArgumentException($"A has {a.Count} values but B has {b.Count}: the comparison needs pairs.", nameof(b));
        if (a.Count < 2) throw new ArgumentException($"{a.Count} pair(s): a paired comparison needs at least 2.", nameof(a));
        if (testTrainRatio is < 0) throw new ArgumentOutOfRangeException(nameof(testTrainRatio), testTrainRatio, "The test/train ratio cannot be negative.");
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        var mean = Descriptive.Mean(d);
        var variance = Descriptive.Variance(d);
        var df = d.Length - 1;
        var t = mean / Math.Sqrt(variance / d.Length);
        var ratio = testTrainRatio ?? double.NaN;
        var tc = mean / Math.Sqrt((1.0 / d.Length + ratio) * variance);
        return new PairedComparison(d.Length, d.Count(x => x > 0), d.Count(x => x == 0), mean, Math.Sqrt(variance),
            t, P(t, df), ratio, tc, P(tc, df));
    }

    static double P(double t, int df) => double.IsNaN(t) ? double.NaN : StudentT.TwoSidedP(t, df);
}

namespace StableTune.Stability;

/// <summary>Summary of a sample of one metric over runs.</summary>
/// <param name="Count">Number of values.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (n - 1 in the denominator, like NumPy's <c>ddof=1</c>); NaN for one value.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="CoefficientOfVariation">Std / |Mean| (NaN when the mean is 0).</param>
/// <param name="CiLow">Lower end of the bootstrap confidence interval of the mean.</param>
/// <param name="CiHigh">Upper end of the bootstrap confidence interval of the mean.</param>
public sealed record Description(int Count, double Mean, double Std, double Min, double Max, double CoefficientOfVariation, double CiLow, double CiHigh);

/// <summary>Descriptive statistics over double arrays (pure functions; NumPy's conventions).</summary>
public static class Descriptive
{
    /// <summary>Arithmetic mean (NaN for no values).</summary>
    public static double Mean(IReadOnlyList<double> x)
    {
        if (x.Count == 0) return double.NaN;
        var sum = 0.0;
        foreach (var v in x) sum += v;
        return sum / x.Count;
    }

    /// <summary>Variance with <paramref name="ddof"/> subtracted from n in the denominator (1 = sample variance).</summary>
    public static double Variance(IReadOnlyList<double> x, int ddof = 1)
    {
        if (x.Count - ddof <= 0) return double.NaN;
        var mean = Mean(x);
        var ss = 0.0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        return ss / (x.Count - ddof);
    }

    /// <summary>Standard deviation with <paramref name="ddof"/> (1 = sample standard deviation, NumPy <c>std(ddof=1)</c>).</summary>
    public static double Std(IReadOnlyList<double> x, int ddof = 1) => Math.Sqrt(Variance(x, ddof));

    /// <summary>
    /// The <paramref name="q"/>-th percentile (0..100) with linear interpolation between order statistics
    /// (NumPy's default <c>method="linear"</c>, Hyndman and Fan type 7).
    /// </summary>
    public static double Percentile(IReadOnlyList<double> x, double q)
    {
        if (x.Count == 0) throw new ArgumentException("Percentile of no values.", nameof(x));
        if (q is < 0 or > 100 || double.IsNaN(q)) throw new ArgumentOutOfRangeException(nameof(q), q, "A percentile is in 0..100.");
        var sorted = x.Order().ToArray();
        var h = (sorted.Length - 1) * q / 100.0;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// Count, mean, standard deviation, min, max, coefficient of variation and a percentile bootstrap confidence
    /// interval of the mean (<paramref name="resamples"/> resamples drawn with <paramref name="seed"/>).
    /// </summary>
    public static Description Describe(IReadOnlyList<double> x, double confidence = 0.95, int resamples = 2000, int seed = 0)
    {
        if (x.Count == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var mean = Mean(x);
        var std = Std(x);
        var (low, high) = Bootstrap.Ci(x, Mean, confidence, resamples, seed);
        return new(x.Count, mean, std, x.Min(), x.Max(), mean == 0 ? double.NaN : std / Math.Abs(mean), low, high);
    }
}

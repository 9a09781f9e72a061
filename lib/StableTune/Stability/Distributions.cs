namespace StableTune.Stability;

/// <summary>Student's t distribution with <c>df</c> degrees of freedom (df &gt; 0, fractional allowed).</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double df)
    {
        Check(df);
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsInfinity(t)) return t > 0 ? 1 : 0;
        var tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t)); // P(T > |t|)
        return t > 0 ? 1 - tail : tail;
    }

    /// <summary>P(T &gt; t), accurate far in the upper tail (SciPy's <c>t.sf</c>).</summary>
    public static double Sf(double t, double df) => Cdf(-t, df);

    /// <summary>Two-sided p-value of a t statistic: P(|T| ≥ |t|).</summary>
    public static double TwoSidedP(double t, double df)
    {
        Check(df);
        return double.IsNaN(t) ? double.NaN : double.IsInfinity(t) ? 0 : SpecialFunctions.RegularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
    }

    /// <summary>The quantile: the t with P(T ≤ t) = <paramref name="p"/> (SciPy's <c>t.ppf</c>), by bracketing and bisection.</summary>
    public static double Quantile(double p, double df)
    {
        Check(df);
        if (p is <= 0 or >= 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "p must be strictly between 0 and 1.");
        if (p == 0.5) return 0;
        double lo = -1, hi = 1;
        while (Cdf(lo, df) > p) lo *= 2;
        while (Cdf(hi, df) < p) hi *= 2;
        for (var i = 0; i < 200 && hi - lo > 1e-14 * Math.Max(1, Math.Abs(lo)); i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Cdf(mid, df) < p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    static void Check(double df)
    {
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be positive (at least two paired values give df = 1).");
    }
}

/// <summary>The F distribution with (d1, d2) degrees of freedom.</summary>
public static class FDistribution
{
    /// <summary>P(F ≤ f).</summary>
    public static double Cdf(double f, double d1, double d2) => f <= 0 ? 0 : 1 - Sf(f, d1, d2);

    /// <summary>P(F &gt; f): the p-value of an F test (SciPy's <c>f.sf</c>).</summary>
    public static double Sf(double f, double d1, double d2)
    {
        if (!(d1 > 0) || !(d2 > 0)) throw new ArgumentOutOfRangeException(d1 > 0 ? nameof(d2) : nameof(d1), "Degrees of freedom must be positive.");
        if (double.IsNaN(f)) return double.NaN;
        if (f <= 0) return 1;
        if (double.IsPositiveInfinity(f)) return 0;
        return SpecialFunctions.RegularizedIncompleteBeta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
    }
}

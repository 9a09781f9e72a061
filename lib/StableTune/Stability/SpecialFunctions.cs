namespace StableTune.Stability;

/// <summary>Log-gamma and the regularized incomplete beta function, the basis of the t and F distributions.</summary>
public static class SpecialFunctions
{
    // Lanczos approximation, g = 7, nine coefficients (relative error about 1e-15 for positive arguments).
    static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is defined here for x > 0.");
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x); // reflection
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b) (SciPy's <c>betainc(a, b, x)</c>), by its continued fraction
    /// evaluated with the modified Lentz method, using I_x(a, b) = 1 − I_{1−x}(b, a) where that converges faster.
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(a > 0) || !(b > 0)) throw new ArgumentOutOfRangeException(a > 0 ? nameof(b) : nameof(a), "a and b must be positive.");
        if (double.IsNaN(x) || x < 0 || x > 1) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be in [0, 1].");
        if (x == 0) return 0;
        if (x == 1) return 1;
        // The prefactor x^a (1-x)^b / (a B(a, b)), computed in logs.
        var front = Math.Exp(a * Math.Log(x) + b * double.LogP1(-x) - LogBeta(a, b));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(a, b, x) / a
            : 1 - front * ContinuedFraction(b, a, 1 - x) / b;
    }

    // The continued fraction 1/(1+ d1/(1+ d2/(1+ ...))) of I_x(a, b), with
    // d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),  d_{2m} = m(b-m)x / ((a+2m-1)(a+2m)).
    static double ContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300, epsilon = 1e-16;
        const int maxIterations = 100_000;
        var c = 1.0;
        var d = 1 - (a + b) * x / (a + 1);
        if (Math.Abs(d) < tiny) d = tiny;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= maxIterations; m++)
        {
            var m2 = 2 * m;
            // Even step.
            var num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + num / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            // Odd step.
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + num / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < epsilon) return h;
        }
        throw new ArithmeticException($"The incomplete beta continued fraction did not converge for a={a}, b={b}, x={x}.");
    }
}

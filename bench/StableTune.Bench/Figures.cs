using System.Globalization;

namespace StableTune.Bench;

/// <summary>Prints the benchmark's figures as "name: value" lines (one figure a line, easy to grep and compare).</summary>
static class Figures
{
    public static void Section(string title) => Console.WriteLine($"\n== {title}");

    public static void Line(string name, string value) => Console.WriteLine($"{name}: {value}");

    public static void Seconds(string name, double seconds) => Line(name, seconds.ToString("F3", CultureInfo.InvariantCulture) + " s");

    /// <summary>A ratio with its goal, e.g. "ratio kit/bare mlp: 1.02 (goal <= 1.05: met)".</summary>
    public static void Ratio(string name, double value, string goal, bool met) =>
        Line($"ratio {name}", $"{value.ToString("F2", CultureInfo.InvariantCulture)} (goal {goal}: {(met ? "met" : "NOT met")})");

    public static void NotAvailable(string name, string reason) => Line(name, $"n/a ({reason})");

    /// <summary>Median of the samples (robust to a noisy neighbour on a shared machine).</summary>
    public static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

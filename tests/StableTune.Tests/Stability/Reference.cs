using System.Text.Json;

namespace StableTune.Tests.Stability;

/// <summary>The reference values made by reference/make_reference.py with SciPy, scikit-learn and NumPy.</summary>
public static class Reference
{
    public static JsonElement Root { get; } = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Stability", "reference", "reference.json"))).RootElement;

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    public static double D(this JsonElement e, string name) => e.GetProperty(name).GetDouble();

    /// <summary>Asserts |actual − expected| ≤ rel · max(1, |expected|).</summary>
    public static void Close(double expected, double actual, double rel = 1e-12, string? what = null)
    {
        var tolerance = rel * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3})");
    }
}

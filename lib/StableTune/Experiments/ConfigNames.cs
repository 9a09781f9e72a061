using System.Globalization;

namespace StableTune.Experiments;

/// <summary>
/// Configuration names made of <c>key=value</c> pairs separated by spaces, e.g. <c>"opt=Adam lr=0.01"</c>: the
/// convention of <see cref="Study.Vary{T}(TrainingSetup, string, IEnumerable{T}, Func{TrainingSetup, T, TrainingSetup})"/>,
/// which lets charts and tables read the varied setting back from the name.
/// </summary>
public static class ConfigNames
{
    /// <summary>The name for one value of a setting: <c>key=value</c> (numbers in invariant culture, shortest form).</summary>
    public static string Of<T>(string key, T value) => $"{key}={Format(value)}";

    /// <summary>One configuration per value of a setting, named <c>key=value</c> (the body of <c>Study.Vary</c> and <c>Experiment.Vary</c>).</summary>
    internal static IReadOnlyList<GridConfig<TConfig>> Vary<TConfig, T>(TConfig baseline, string key, IEnumerable<T> values,
        Func<TConfig, T, TConfig> apply) where TConfig : notnull =>
        values.Select(v => new GridConfig<TConfig>(Of(key, v), apply(baseline, v))).ToList();

    /// <summary>The value of <paramref name="key"/> in <paramref name="name"/>, or null when the name has no such pair.</summary>
    public static string? Value(string name, string key)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var part in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq] == key) return part[(eq + 1)..];
        }
        return null;
    }

    /// <summary>The numeric value of <paramref name="key"/> in <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name has no numeric <c>key=value</c> pair for the key.</exception>
    public static double Number(string name, string key) =>
        Value(name, key) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
        : throw new ArgumentException($"Configuration \"{name}\" has no numeric \"{key}=...\" part; name configurations like \"{key}=0.01\".", nameof(name));

    static string Format<T>(T value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}

namespace StableTune.Notebooks.Report;

/// <summary>plotly.js as Plotly.NET embeds it (a resource of Plotly.NET.dll): the report's only script library.</summary>
public static class PlotlyJs
{
    static readonly Lazy<string> Text = new(Load);

    /// <summary>The minified plotly.js source.</summary>
    public static string Source => Text.Value;

    static string Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.Location} has no embedded plotly.js resource; the report needs Plotly.NET 6.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using Plotly.NET;

namespace StableTune.Plots;

/// <summary>Series colours shared by the kit's charts: a line colour and the matching translucent band colour.</summary>
internal static class Palette
{
    static readonly (int R, int G, int B)[] Colors =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    public static Color Line(int i) { var (r, g, b) = Colors[i % Colors.Length]; return Color.fromString($"rgb({r},{g},{b})"); }

    public static Color Band(int i) { var (r, g, b) = Colors[i % Colors.Length]; return Color.fromString($"rgba({r},{g},{b},0.2)"); }

    /// <summary>Plotly.NET's layout functions are curried F# functions: apply the title function to the chart.</summary>
    public static GenericChart Titled(GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}

using System.Globalization;
using Color = Plotly.NET.Color;
using GenericChart = Plotly.NET.GenericChart;
using Plotly.NET.CSharp;
using StyleParam = Plotly.NET.StyleParam;

namespace StableTune.Plots;

/// <summary>Building blocks shared by the chart helpers: colours, mean lines with std bands, error bars, setting axes.</summary>
internal static class ChartParts
{
    /// <summary>The kit's series colour <paramref name="index"/> (shared with the other charts through <see cref="Palette"/>).</summary>
    public static Color ColorOf(int index) => Palette.Line(index);

    /// <summary>The same colour, translucent (for bands).</summary>
    public static Color Faded(int index) => Palette.Band(index);

    static readonly Color Invisible = Color.fromString("rgba(0, 0, 0, 0)");

    /// <summary>
    /// A filled band between <paramref name="lower"/> and <paramref name="upper"/>: one closed polygon (x forward along
    /// the upper edge, back along the lower edge) filled "toself", without a line or legend entry.
    /// </summary>
    public static GenericChart Band(IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper, int color, string group)
    {
        var xs = x.Concat(x.Reverse()).ToArray();
        var ys = upper.Concat(lower.Reverse()).ToArray();
        var band = Chart.Scatter<double, double, string>(xs, ys, StyleParam.Mode.Lines, Name: $"{group} ± std", ShowLegend: false,
            Fill: StyleParam.Fill.ToSelf, FillColor: Faded(color), LineWidth: 0.0, LineColor: Invisible);
        return band.WithTraceInfo(LegendGroup: group);
    }

    /// <summary>A mean line in the configuration's colour, in its legend group.</summary>
    public static GenericChart MeanLine<TX>(IReadOnlyList<TX> x, IReadOnlyList<double> mean, int color, string name, bool markers = false) where TX : IConvertible =>
        Chart.Line<TX, double, string>(x, mean, Name: name, ShowMarkers: markers, LineColor: ColorOf(color), MarkerColor: ColorOf(color))
            .WithTraceInfo(LegendGroup: name);

    /// <summary>Adds symmetric y error bars (<paramref name="errors"/>, one per point) to every trace of <paramref name="chart"/>.</summary>
    public static GenericChart WithYErrors(GenericChart chart, IReadOnlyList<double> errors)
    {
        foreach (var trace in GenericChart.getTraces(chart))
        {
            var error = new DynamicObj.DynamicObj();
            error.SetProperty("type", "data");
            error.SetProperty("array", errors.Select(e => double.IsFinite(e) ? e : 0).ToArray());
            error.SetProperty("visible", true);
            trace.SetProperty("error_y", error);
        }
        return chart;
    }

    /// <summary>
    /// Numeric x positions for configuration names of the form "setting=value" (as <c>Experiment.Vary</c> names them)
    /// when every value is a number; null otherwise (the names are then used as categories).
    /// </summary>
    public static double[]? NumericSetting(IReadOnlyList<string> names)
    {
        var values = new double[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var eq = names[i].LastIndexOf('=');
            if (eq < 0 || !double.TryParse(names[i][(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])) return null;
        }
        return values;
    }

    /// <summary>The setting's name from "setting=value" names, else "configuration".</summary>
    public static string SettingName(IReadOnlyList<string> names) =>
        names.Count > 0 && names[0].LastIndexOf('=') is > 0 and var eq && names.All(n => n.StartsWith(names[0][..(eq + 1)], StringComparison.Ordinal))
            ? names[0][..eq] : "configuration";

    /// <summary>Log axis when the positive values span at least two decades.</summary>
    public static StyleParam.AxisType AxisFor(double[] values) =>
        values.All(v => v > 0) && values.Max() / values.Min() >= 100 ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear;

    /// <summary>Labels x positions 0..n-1 with <paramref name="names"/> (categories drawn on a numeric axis, so bands can span them).</summary>
    public static GenericChart CategoryAxis(GenericChart chart, IReadOnlyList<double> positions, IReadOnlyList<string> names, string title)
    {
        var axis = new DynamicObj.DynamicObj();
        var titleObj = new DynamicObj.DynamicObj();
        titleObj.SetProperty("text", title);
        axis.SetProperty("title", titleObj);
        axis.SetProperty("tickmode", "array");
        axis.SetProperty("tickvals", positions.ToArray());
        axis.SetProperty("ticktext", names.ToArray());
        GenericChart.getLayout(chart).SetProperty("xaxis", axis);
        return chart;
    }
}

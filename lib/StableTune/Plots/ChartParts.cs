using System.Globalization;
using Color = Plotly.NET.Color;
using GenericChart = Plotly.NET.GenericChart;
using Plotly.NET.CSharp;
using StyleParam = Plotly.NET.StyleParam;

namespace StableTune.Plots;

/// <summary>Building blocks shared by the chart helpers: colours, mean lines with std bands, error bars, setting axes.</summary>
internal static class ChartParts
{
    // Plotly's default colourway, so each configuration keeps its colour across a notebook's charts.
    static readonly string[] Palette = ["#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880", "#ff97ff", "#fecb52"];

    public static string ColorHex(int index) => Palette[index % Palette.Length];

    public static Color ColorOf(int index) => Color.fromHex(ColorHex(index));

    /// <summary>The same colour, transparent (for bands).</summary>
    public static Color Faded(int index, double alpha = 0.2)
    {
        var hex = ColorHex(index);
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return Color.fromString($"rgba({r}, {g}, {b}, {alpha.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>
    /// A filled band between <paramref name="lower"/> and <paramref name="upper"/>: one closed polygon (x forward along
    /// the upper edge, back along the lower edge) filled "toself", without a line or legend entry.
    /// </summary>
    public static GenericChart Band(IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper, int color, string group)
    {
        var xs = x.Concat(x.Reverse()).ToArray();
        var ys = upper.Concat(lower.Reverse()).ToArray();
        var band = Chart.Scatter<double, double, string>(xs, ys, StyleParam.Mode.Lines, Name: $"{group} ± std", ShowLegend: false,
            Fill: StyleParam.Fill.ToSelf, FillColor: Faded(color), LineWidth: 0.0, LineColor: Faded(color, 0));
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

    /// <summary>Sets the chart's title.</summary>
    public static GenericChart WithTitle(GenericChart chart, string title)
    {
        var titleObj = new DynamicObj.DynamicObj();
        titleObj.SetProperty("text", title);
        GenericChart.getLayout(chart).SetProperty("title", titleObj);
        return chart;
    }
}

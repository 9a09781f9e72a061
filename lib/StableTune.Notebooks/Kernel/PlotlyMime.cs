using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace StableTune.Notebooks.Kernel;

/// <summary>
/// Gives every Plotly chart a second representation besides Plotly.NET.Interactive's HTML: the figure as
/// <c>application/vnd.plotly.v1+json</c> (data and layout). Jupyter and VS Code render it with their own plotly.js,
/// and the host's offline report draws it with the plotly.js it inlines, so no output depends on a CDN.
/// </summary>
public static class PlotlyMime
{
    /// <summary>The Plotly figure MIME type.</summary>
    public const string MimeType = "application/vnd.plotly.v1+json";

    /// <summary>Registers the formatter and makes charts display as HTML plus the figure JSON.</summary>
    public static void Register()
    {
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(GenericChart.toFigureJson(chart)), MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType, MimeType);
    }
}

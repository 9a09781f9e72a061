using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using StableTune.Notebooks.Kernel;
using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Report;

/// <summary>
/// Writes one self-contained HTML file: an index of the run, then every executed notebook (markdown rendered, code,
/// outputs). Charts are drawn from their Plotly figure JSON with the plotly.js embedded in Plotly.NET, inlined once,
/// so the report works offline and loads nothing from the network.
/// </summary>
public static class HtmlReport
{
    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Writes the report of <paramref name="results"/> (executed notebooks under <paramref name="outputDirectory"/>).</summary>
    public static void Write(string path, string outputDirectory, IReadOnlyList<NotebookResult> results)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>StableTune course report</title>\n<style>")
            .Append(Css).Append("</style>\n<script>").Append(PlotlyJs.Source.Replace("</script", "<\\/script")).Append("</script>\n</head><body>\n");
        Index(html, results);
        var chart = 0;
        foreach (var result in results)
            NotebookSection(html, result, outputDirectory, ref chart);
        html.Append("<script>").Append(DrawCharts).Append("</script>\n</body></html>\n");
        File.WriteAllText(path, html.ToString());
    }

    static void Index(StringBuilder html, IReadOnlyList<NotebookResult> results)
    {
        html.Append("<header><h1>StableTune course report</h1><p>")
            .Append(Enc($"{results.Count} notebooks, budget {string.Join("/", results.Select(r => r.Budget).Distinct())}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"))
            .Append("</p><table class=\"index\"><tr><th>Notebook</th><th>Status</th><th>Time</th><th>Charts</th><th>Tables</th><th>Error</th></tr>\n");
        foreach (var r in results)
        {
            html.Append("<tr><td><a href=\"#").Append(Anchor(r.Name)).Append("\">").Append(Enc(r.Name)).Append("</a></td>")
                .Append("<td class=\"").Append(r.Status).Append("\">").Append(r.Status).Append("</td>")
                .Append($"<td>{r.Seconds:0.0} s</td><td>{r.Cells.Sum(c => c.Charts)}</td><td>")
                .AppendJoin(" ", r.Cells.SelectMany(c => c.Tables).Select(t => $"<a href=\"{Enc(t.Replace('\\', '/'))}\">{Enc(Path.GetFileName(t))}</a>"))
                .Append("</td>")
                .Append("<td>").Append(Enc(r.FirstFailure is { } f ? $"cell {f.Number}: {First(f.Error)}" : "")).Append("</td></tr>\n");
        }
        html.Append("</table></header>\n");
    }

    static void NotebookSection(StringBuilder html, NotebookResult result, string outputDirectory, ref int chart)
    {
        html.Append("<section id=\"").Append(Anchor(result.Name)).Append("\"><h1 class=\"notebook\">").Append(Enc(result.Name)).Append("</h1>\n");
        var file = Path.Combine(outputDirectory, result.Executed);
        if (result.Executed.Length == 0 || !File.Exists(file))
        {
            html.Append("<pre class=\"error\">").Append(Enc(result.FailureLine)).Append("</pre></section>\n");
            return;
        }
        var cells = JsonNode.Parse(File.ReadAllText(file))?["cells"]?.AsArray() ?? [];
        var number = 0;
        foreach (var cell in cells)
        {
            number++;
            var source = Text(cell?["source"]);
            if ((string?)cell?["cell_type"] == "markdown")
            {
                html.Append("<div class=\"markdown\">").Append(Markdig.Markdown.ToHtml(source, Markdown)).Append("</div>\n");
                continue;
            }
            var state = result.Cells.FirstOrDefault(c => c.Number == number);
            html.Append("<div class=\"cell\"><div class=\"label\">[").Append(number).Append(']')
                .Append(state is null ? "" : $" {state.Status} {state.Seconds:0.0} s").Append("</div><pre class=\"code\">")
                .Append(Enc(source)).Append("</pre>\n");
            foreach (var output in cell?["outputs"]?.AsArray() ?? [])
                Output(html, output!, ref chart);
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    static void Output(StringBuilder html, JsonNode output, ref int chart)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                html.Append("<pre class=\"").Append((string?)output["name"] == "stderr" ? "stderr" : "stdout").Append("\">")
                    .Append(Enc(Text(output["text"]))).Append("</pre>\n");
                return;
            case "error":
                html.Append("<pre class=\"error\">").Append(Enc((string?)output["evalue"] ?? "")).Append("</pre>\n");
                return;
        }
        if (output["data"] is not JsonObject data) return;
        if (data[PlotlyMime.MimeType] is { } figure)
        {
            var id = $"chart-{++chart}";
            html.Append("<div class=\"chart\" id=\"").Append(id).Append("\"></div><script type=\"application/json\" data-chart=\"")
                .Append(id).Append("\">").Append(figure.ToJsonString().Replace("</", "<\\/")).Append("</script>\n");
        }
        else if (data["text/html"] is { } h) html.Append("<div class=\"html\">").Append(Text(h)).Append("</div>\n");
        else if (data["text/markdown"] is { } md) html.Append("<div class=\"markdown\">").Append(Markdig.Markdown.ToHtml(Text(md), Markdown)).Append("</div>\n");
        else if (data["image/png"] is { } png) html.Append("<img alt=\"output\" src=\"data:image/png;base64,").Append(Text(png).Trim()).Append("\">\n");
        else if (data["image/svg+xml"] is { } svg) html.Append("<div class=\"html\">").Append(Text(svg)).Append("</div>\n");
        else if (data["text/plain"] is { } plain) html.Append("<pre class=\"stdout\">").Append(Enc(Text(plain))).Append("</pre>\n");
    }

    /// <summary>nbformat text: a string or an array of lines.</summary>
    static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    static string First(string? text) => (text ?? "").Split('\n')[0];
    static string Enc(string text) => WebUtility.HtmlEncode(text);
    static string Anchor(string name) => "nb-" + new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());

    const string DrawCharts = """
        document.querySelectorAll('script[data-chart]').forEach(function (s) {
          var figure = JSON.parse(s.textContent);
          var layout = figure.layout || {};
          Plotly.newPlot(s.getAttribute('data-chart'), figure.data || [], layout, { responsive: true });
        });
        """;

    const string Css = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        table.index { border-collapse: collapse; } table.index td, table.index th { border: 1px solid #ccc; padding: .3em .6em; text-align: left; }
        td.ok { color: #080; } td.failed { color: #b00; font-weight: bold; }
        h1.notebook { border-top: 3px solid #345; padding-top: .6em; margin-top: 2em; }
        .cell { margin: 1em 0; } .label { font-size: .8em; color: #777; }
        pre { white-space: pre-wrap; padding: .5em; margin: .3em 0; overflow-x: auto; }
        pre.code { background: #f4f6f8; border-left: 3px solid #457; } pre.stdout { background: #fff; border-left: 3px solid #ddd; }
        pre.stderr { background: #fff8e6; } pre.error { background: #fdecec; color: #900; border-left: 3px solid #c00; }
        .chart { width: 100%; min-height: 420px; } .html { overflow-x: auto; }
        .html table { border-collapse: collapse; } .html td, .html th { border: 1px solid #ddd; padding: .2em .5em; }
        """;
}

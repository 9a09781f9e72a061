using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace StableTune.Notebooks.Run;

/// <summary>
/// Writes an executed notebook as .ipynb (nbformat 4) with the Documents package, then stores JSON MIME types
/// (<c>application/vnd.plotly.v1+json</c>) as JSON objects, as nbformat requires (Documents writes every MIME value
/// as lines of text, which Jupyter rejects for JSON types).
/// </summary>
public static class NotebookJson
{
    /// <summary>The notebook's .ipynb text.</summary>
    public static string Write(InteractiveDocument document)
    {
        var root = JsonNode.Parse(document.ToJupyterJson())!;
        foreach (var cell in root["cells"]?.AsArray() ?? [])
            foreach (var output in cell?["outputs"]?.AsArray() ?? [])
                if (output?["data"] is JsonObject data)
                    foreach (var key in data.Select(p => p.Key).Where(IsJsonMime).ToList())
                        if (data[key] is JsonArray lines)
                            data[key] = JsonNode.Parse(string.Concat(lines.Select(l => (string?)l)));
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Whether nbformat stores values of <paramref name="mime"/> as JSON (<c>application/json</c>, <c>…+json</c>).</summary>
    public static bool IsJsonMime(string mime) => mime == "application/json" || (mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("+json", StringComparison.Ordinal));
}

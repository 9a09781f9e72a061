using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Stdio;

/// <summary>
/// The notebook parser protocol's document shape (camelCase <see cref="InteractiveDocument"/>: elements with
/// kernelName, contents, outputs, executionOrder, metadata), to and from the Documents types.
/// </summary>
public static class DocumentJson
{
    /// <summary>The document as the protocol sends it.</summary>
    public static JsonObject ToNode(InteractiveDocument document)
    {
        var elements = new JsonArray();
        foreach (var e in document.Elements)
        {
            var element = new JsonObject();
            if (e.Id is not null) element["id"] = e.Id;
            element["kernelName"] = e.KernelName;
            element["contents"] = e.Contents;
            element["outputs"] = new JsonArray(e.Outputs.Select(Output).ToArray());
            element["executionOrder"] = e.ExecutionOrder;
            if (e.Metadata is not null) element["metadata"] = Node(e.Metadata);
            elements.Add(element);
        }
        return new JsonObject { ["elements"] = elements, ["metadata"] = DocumentMetadata(document.Metadata) };
    }

    /// <summary>The document the protocol sent.</summary>
    public static InteractiveDocument FromNode(JsonObject node)
    {
        var document = new InteractiveDocument();
        foreach (var item in node["elements"]?.AsArray() ?? [])
        {
            var element = new InteractiveDocumentElement((string?)item?["contents"] ?? "", (string?)item?["kernelName"])
            {
                Id = (string?)item?["id"],
                ExecutionOrder = (int?)item?["executionOrder"] ?? 0,
                Metadata = item?["metadata"] is JsonObject m ? Dictionary(m) : null,
            };
            foreach (var output in item?["outputs"]?.AsArray() ?? [])
                if (FromOutput(output) is { } o) element.Outputs.Add(o);
            document.Add(element);
        }
        if (node["metadata"] is JsonObject metadata)
            foreach (var (key, value) in DocumentMetadata(metadata)) document.Metadata[key] = value;
        return document;
    }

    /// <summary>
    /// Notebook metadata as the Documents package reads it from .ipynb (polyglot_notebook.kernelInfo becomes a
    /// KernelInfoCollection, which its writer requires).
    /// </summary>
    static IDictionary<string, object> DocumentMetadata(JsonObject metadata) =>
        Notebook.Parse(new JsonObject { ["cells"] = new JsonArray(), ["metadata"] = metadata.DeepClone(), ["nbformat"] = 4, ["nbformat_minor"] = 5 }.ToJsonString()).Metadata;

    /// <summary>Notebook metadata as the Documents package writes it to .ipynb.</summary>
    static JsonNode DocumentMetadata(IDictionary<string, object> metadata)
    {
        var document = new InteractiveDocument();
        foreach (var (key, value) in metadata) document.Metadata[key] = value;
        return JsonNode.Parse(document.ToJupyterJson())!["metadata"]!.DeepClone();
    }

    static JsonNode? Output(InteractiveDocumentOutputElement output) => output switch
    {
        ReturnValueElement r => new JsonObject { ["data"] = Node(r.Data), ["executionOrder"] = r.ExecutionOrder, ["metadata"] = Node(r.Metadata) },
        DisplayElement d => new JsonObject { ["data"] = Node(d.Data), ["metadata"] = Node(d.Metadata) },
        TextElement t => new JsonObject { ["name"] = t.Name, ["text"] = t.Text },
        ErrorElement e => new JsonObject { ["errorName"] = e.ErrorName, ["errorValue"] = e.ErrorValue, ["stackTrace"] = new JsonArray(e.StackTrace.Select(s => (JsonNode?)s).ToArray()) },
        _ => new JsonObject(),
    };

    static InteractiveDocumentOutputElement? FromOutput(JsonNode? node)
    {
        if (node is not JsonObject o) return null;
        if (o["errorName"] is not null)
            return new ErrorElement((string?)o["errorValue"] ?? "", (string?)o["errorName"] ?? "Error",
                o["stackTrace"]?.AsArray().Select(s => (string?)s ?? "").ToArray() ?? []);
        if (o["text"] is not null) return new TextElement((string?)o["text"], (string?)o["name"] ?? "stdout");
        if (o["data"] is not JsonObject data) return null;
        var bundle = new Dictionary<string, object>();
        foreach (var (mime, value) in data)
            bundle[mime] = value switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonArray lines when lines.All(l => l is JsonValue) => string.Concat(lines.Select(l => (string?)l)),
                null => "",
                _ => value.ToJsonString(), // a JSON MIME type: written back as JSON by NotebookJson
            };
        if (o["executionOrder"] is { } order)
        {
            var result = new ReturnValueElement { ExecutionOrder = (int)order };
            foreach (var (k, v) in bundle) result.Data[k] = v;
            return result;
        }
        return new DisplayElement(bundle);
    }

    static JsonNode Node(IDictionary<string, object> values) =>
        JsonSerializer.SerializeToNode(values, Json.Options) ?? new JsonObject();

    static Dictionary<string, object> Dictionary(JsonObject node) =>
        node.ToDictionary(p => p.Key, p => Value(p.Value));

    /// <summary>Plain .NET values (dictionaries, lists, strings, numbers), which the Documents writer understands.</summary>
    static object Value(JsonNode? node) => node switch
    {
        JsonObject o => Dictionary(o),
        JsonArray a => a.Select(Value).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node?.ToJsonString() ?? "",
    };
}

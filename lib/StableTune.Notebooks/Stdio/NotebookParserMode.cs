using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Stdio;

/// <summary>
/// <c>notebook-parser</c>: the line-based JSON server Polyglot Notebooks starts to open and save notebooks (what
/// <c>dotnet interactive notebook-parser</c> does). Each request is one line,
/// <c>{"type":"parse","id":…,"serializationType":"ipynb"|"dib","defaultLanguage":…,"rawData":base64}</c> or
/// <c>{"type":"serialize",…,"newLine":…,"document":{"elements":[…],"metadata":{…}}}</c>; each response is one line,
/// <c>{"document":…,"id":…}</c> or <c>{"rawData":base64,"id":…}</c>. Parsing and writing use the Documents package.
/// </summary>
public static class NotebookParserMode
{
    /// <summary>The kernels a document may name (those Polyglot Notebooks knows; only C# runs in this host).</summary>
    static readonly KernelInfoCollection Kernels = new()
    {
        new("csharp", "C#", ["c#", "cs"]), new("fsharp", "F#", ["f#", "fs"]), new("html", "HTML"), new("http", "HTTP"),
        new("javascript", "JavaScript", ["js"]), new("mermaid", "Mermaid"), new("pwsh", "PowerShell", ["powershell"]), new("value"),
    };

    /// <summary>Serves requests until <paramref name="input"/> ends.</summary>
    public static async Task<int> RunAsync(TextReader input, TextWriter output)
    {
        while (await input.ReadLineAsync() is { } line)
        {
            if (line.Trim().Length == 0) continue;
            string response;
            try { response = Handle(line); }
            catch (Exception e) // one bad request must not end the server VS Code relies on
            {
                await Console.Error.WriteLineAsync($"notebook-parser: cannot handle the request ({e.Message}): {line[..Math.Min(line.Length, 200)]}");
                continue;
            }
            await output.WriteLineAsync(response);
            await output.FlushAsync();
        }
        return 0;
    }

    /// <summary>Answers one request line.</summary>
    public static string Handle(string requestLine)
    {
        var request = JsonNode.Parse(requestLine)!.AsObject();
        var id = (string?)request["id"] ?? throw new ArgumentException("The request has no id.");
        var type = (string?)request["serializationType"];
        switch ((string?)request["type"])
        {
            case "parse":
                var text = Encoding.UTF8.GetString(Convert.FromBase64String((string?)request["rawData"] ?? ""));
                var document = type switch
                {
                    "ipynb" => Notebook.Parse(text, Kernels),
                    "dib" => CodeSubmission.Parse(text, Kernels),
                    _ => throw new NotSupportedException($"serializationType '{type}'"),
                };
                return new JsonObject { ["document"] = DocumentJson.ToNode(document), ["id"] = id }.ToJsonString();
            case "serialize":
                var doc = DocumentJson.FromNode(request["document"]?.AsObject() ?? throw new ArgumentException("The request has no document."));
                var newLine = (string?)request["newLine"] ?? "\n";
                var content = type switch
                {
                    "ipynb" => NotebookJson.Write(doc),
                    "dib" => doc.ToCodeSubmissionContent(newLine),
                    _ => throw new NotSupportedException($"serializationType '{type}'"),
                };
                return new JsonObject { ["rawData"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)), ["id"] = id }.ToJsonString();
            default:
                throw new NotSupportedException($"request type '{request["type"]}'");
        }
    }

}

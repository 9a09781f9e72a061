using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Tests;

/// <summary>
/// The host's notebook-parser mode (what Polyglot Notebooks uses to open and save notebooks) against the stock tool's:
/// the same parse and serialize requests must give the same documents and notebooks.
/// </summary>
public class NotebookParserTests
{
    [Fact]
    public async Task ParseAndSerialize_MatchTheStockTool()
    {
        var bytes = File.ReadAllBytes(HostProcess.TestNotebook("sample.ipynb"));
        var cellCount = JsonNode.Parse(bytes)!["cells"]!.AsArray().Count;
        var raw = Convert.ToBase64String(bytes);
        var parse = new JsonObject { ["type"] = "parse", ["id"] = "p1", ["serializationType"] = "ipynb", ["defaultLanguage"] = "csharp", ["rawData"] = raw };

        var oursParsed = await AskAsync("dotnet", [HostProcess.HostDll, "notebook-parser"], parse);
        var stockParsed = await AskAsync(StockTool.Executable, ["notebook-parser"], parse);
        Assert.Equal("p1", (string?)oursParsed["id"]);
        Assert.Equal(Elements(stockParsed), Elements(oursParsed));
        Assert.Equal(cellCount, oursParsed["document"]!["elements"]!.AsArray().Count); // one element per cell

        var serialize = new JsonObject
        {
            ["type"] = "serialize", ["id"] = "s1", ["serializationType"] = "ipynb", ["defaultLanguage"] = "csharp", ["newLine"] = "\n",
            ["document"] = stockParsed["document"]!.DeepClone(),
        };
        var oursSaved = Notebook(await AskAsync("dotnet", [HostProcess.HostDll, "notebook-parser"], serialize));
        var stockSaved = Notebook(await AskAsync(StockTool.Executable, ["notebook-parser"], serialize));
        Assert.Equal(Cells(stockSaved), Cells(oursSaved));
        Assert.Equal(stockSaved["metadata"]!["kernelspec"]!.ToJsonString(), oursSaved["metadata"]!["kernelspec"]!.ToJsonString());
        Assert.Empty(NotebookConventions.Check(Save(oursSaved))); // what VS Code saves through us still follows the conventions
    }

    static async Task<JsonObject> AskAsync(string fileName, string[] args, JsonObject request)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        await process.StandardInput.WriteLineAsync(request.ToJsonString());
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith('{')) continue;
            process.StandardInput.Close();
            if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
            return JsonNode.Parse(line)!.AsObject();
        }
        throw new InvalidOperationException($"{fileName} {string.Join(" ", args)} answered nothing.");
    }

    static List<string> Elements(JsonObject response) =>
        response["document"]!["elements"]!.AsArray().Select(e => $"{e!["kernelName"]}: {e["contents"]}").ToList();

    static JsonObject Notebook(JsonObject response) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)response["rawData"]!)))!.AsObject();

    static List<string> Cells(JsonObject notebook) =>
        notebook["cells"]!.AsArray().Select(c => $"{c!["cell_type"]} {c["metadata"]?.ToJsonString()}: {NotebookConventions.Source(c["source"])}").ToList();

    static string Save(JsonObject notebook)
    {
        var path = Path.Combine(HostProcess.TempFolder("st-parser"), "saved.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }
}

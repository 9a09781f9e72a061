using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Tests;

/// <summary>
/// The host's stdio mode against the stock dotnet-interactive tool: the same SubmitCode envelopes must produce the
/// same event sequences (event types, the MIME types of formatted values, the values of plain text), ignoring
/// tokens, ids, routing slips and timestamps.
/// </summary>
public class StdioProtocolTests
{
    static readonly (string Token, string Code)[] Submissions =
    [
        ("expr", "1+1"),
        ("print", "Console.WriteLine(\"x\")"),
        ("error", "undefinedName + 1"),
        ("throw", "throw new InvalidOperationException(\"boom\");"),
    ];

    [Fact]
    public async Task SubmitCode_ProducesTheSameEventsAsTheStockTool()
    {
        var workingDir = HostProcess.TempFolder("st-stdio");
        List<string> ours, stock;
        string oursReady, stockReady;
        using (var host = StdioSession.Start("dotnet", [HostProcess.HostDll, "stdio", "--working-dir", workingDir], workingDir))
        {
            oursReady = CSharpKernelInfo(host.Ready);
            ours = await RunAllAsync(host);
        }
        using (var tool = StdioSession.Start(StockTool.Executable, ["stdio", "--working-dir", workingDir], workingDir))
        {
            stockReady = CSharpKernelInfo(tool.Ready);
            stock = await RunAllAsync(tool);
        }
        Assert.Equal(stockReady, oursReady);
        Assert.Equal(stock, ours);
        Assert.Contains("expr: ReturnValueProduced [text/html]", ours); // the comparison saw real content
        Assert.Contains("print: StandardOutputValueProduced [text/plain] x\n", ours);
        Assert.Contains("error: CommandFailed", ours);
    }

    static async Task<List<string>> RunAllAsync(StdioSession session)
    {
        var lines = new List<string>();
        foreach (var (token, code) in Submissions)
            foreach (var e in await session.SubmitAsync(token, code))
                lines.Add($"{token}: {Describe(e)}");
        return lines;
    }

    /// <summary>The comparable part of an event: its type, its formatted values' MIME types, plain text values.</summary>
    static string Describe(JsonObject envelope)
    {
        var type = (string)envelope["eventType"]!;
        if (envelope["event"]?["formattedValues"] is not JsonArray values) return type;
        var mimes = string.Join(",", values.Select(v => (string?)v!["mimeType"]));
        var text = values.FirstOrDefault(v => (string?)v!["mimeType"] == "text/plain")?["value"];
        return $"{type} [{mimes}]{(text is null ? "" : " " + (string?)text)}";
    }

    /// <summary>The C# kernel's name, language, aliases and commands as KernelReady announces them.</summary>
    static string CSharpKernelInfo(JsonObject ready)
    {
        var csharp = ready["event"]!["kernelInfos"]!.AsArray().Single(k => (string?)k!["localName"] == "csharp")!;
        var commands = csharp["supportedKernelCommands"]!.AsArray().Select(c => (string?)c!["name"]).Order(StringComparer.Ordinal);
        return $"{csharp["localName"]} {csharp["languageName"]} [{string.Join(",", csharp["aliases"]!.AsArray().Select(a => (string?)a))}] " +
               $"commands: {string.Join(",", commands)}";
    }
}

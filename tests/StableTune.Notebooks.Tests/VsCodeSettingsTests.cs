using System.Text.Json;
using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Tests;

/// <summary>The workspace's .vscode/settings.json starts this host, with arguments the host accepts.</summary>
public class VsCodeSettingsTests
{
    static JsonObject Settings() => JsonNode.Parse(File.ReadAllText(Path.Combine(HostProcess.RepoRoot, ".vscode", "settings.json")),
        documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();

    [Theory]
    [InlineData("dotnet-interactive.kernelTransportArgs")]
    [InlineData("polyglot-notebook.kernelTransportArgs")]
    public void KernelTransportArgs_StartThisHostInStdioMode(string key)
    {
        var notebooks = Path.Combine(HostProcess.RepoRoot, "notebooks");
        var args = Settings()[key]!.AsArray().Select(a => ((string)a!).Replace("{working_dir}", notebooks)).ToList();
        Assert.Equal("{dotnet_path}", args[0]);
        Assert.Equal(Path.Combine(HostProcess.RepoRoot, "lib", "StableTune.Notebooks", "bin", "Release", "net10.0", "stabletune-notebooks.dll"),
            Path.GetFullPath(args[1]));
        Assert.Equal(["[vscode]", "stdio", "--working-dir", notebooks], args[2..]);
    }

    [Fact]
    public async Task HostAcceptsTheVsCodeArguments()
    {
        var workingDir = HostProcess.TempFolder("st-vscode");
        using var host = StdioSession.Start("dotnet", [HostProcess.HostDll, "[vscode]", "stdio", "--working-dir", workingDir], workingDir);
        var events = await host.SubmitAsync("cwd", "System.IO.Directory.GetCurrentDirectory()");
        Assert.Equal("CommandSucceeded", (string?)events[^1]["eventType"]);
        var value = events.Single(e => (string?)e["eventType"] == "ReturnValueProduced");
        Assert.Contains(workingDir, value["event"]!["formattedValues"]![0]!["value"]!.ToString());
    }
}

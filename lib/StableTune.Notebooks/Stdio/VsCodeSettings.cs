using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Stdio;

/// <summary>
/// <c>vscode-settings</c>: prints VS Code user settings that make Polyglot Notebooks use this build of the host for
/// both the kernel and the notebook parser, with absolute paths (the workspace's .vscode/settings.json can only
/// point at the kernel, relative to the notebook's folder: the extension gives its parser no folder to start from).
/// </summary>
public static class VsCodeSettings
{
    /// <summary>The settings as JSON.</summary>
    public static string Json()
    {
        var dll = typeof(VsCodeSettings).Assembly.Location;
        JsonArray Kernel() => ["{dotnet_path}", dll, "[vscode]", "stdio", "--working-dir", "{working_dir}"];
        JsonArray Parser() => ["{dotnet_path}", dll, "notebook-parser"];
        return new JsonObject
        {
            ["dotnet-interactive.kernelTransportArgs"] = Kernel(),
            ["dotnet-interactive.notebookParserArgs"] = Parser(),
            ["polyglot-notebook.kernelTransportArgs"] = Kernel(),
            ["polyglot-notebook.notebookParserArgs"] = Parser(),
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}

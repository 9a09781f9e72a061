using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// Writes the Jupyter kernelspec (<c>kernels/stabletune-csharp/kernel.json</c>) that makes Jupyter clients
/// (VS Code's Jupyter extension, JupyterLab, nbconvert) start this host as a kernel.
/// </summary>
public static class KernelSpec
{
    /// <summary>The kernel's name: pass it as <c>--ExecutePreprocessor.kernel_name</c> or pick it in a notebook's kernel list.</summary>
    public const string Name = "stabletune-csharp";

    /// <summary>The name clients show.</summary>
    public const string DisplayName = "C# (fine-tuning course)";

    /// <summary>The kernel.json content: start <c>dotnet &lt;host dll&gt; jupyter --connection-file {connection_file}</c>.</summary>
    /// <param name="dotnet">The dotnet executable.</param>
    /// <param name="hostDll">The built host assembly (<c>stabletune-notebooks.dll</c>).</param>
    public static JsonObject Create(string dotnet, string hostDll) => new()
    {
        ["argv"] = new JsonArray(dotnet, hostDll, "jupyter", "--connection-file", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        // Interrupts arrive as interrupt_request on the control channel (no SIGINT: .NET would end the process).
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Writes the kernelspec into <paramref name="kernelsDir"/>/<see cref="Name"/> and returns that folder.</summary>
    public static string Install(string kernelsDir, string dotnet, string hostDll)
    {
        var dir = Path.Combine(kernelsDir, Name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "kernel.json"),
            Create(dotnet, hostDll).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return dir;
    }

    /// <summary>The per-user kernels folder Jupyter searches (<c>$JUPYTER_DATA_DIR/kernels</c> or the platform default).</summary>
    public static string UserKernelsDir()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } data) return Path.Combine(data, "kernels");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter", "kernels");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "share");
        return Path.Combine(xdg, "jupyter", "kernels");
    }

    /// <summary>The kernels folder of an installation prefix (a virtual environment, <c>/usr/local</c>): <c>P/share/jupyter/kernels</c>.</summary>
    public static string PrefixKernelsDir(string prefix) => Path.Combine(prefix, "share", "jupyter", "kernels");

    /// <summary>The dotnet executable running this process (found from the runtime's folder), else "dotnet" from the PATH.</summary>
    public static string DotnetExecutable()
    {
        // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/; the muxer is <root>/dotnet.
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}

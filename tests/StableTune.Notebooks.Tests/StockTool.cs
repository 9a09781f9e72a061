using System.Diagnostics;

namespace StableTune.Notebooks.Tests;

/// <summary>
/// The final stock <c>dotnet-interactive</c> tool, installed on first use into <c>.tools/</c> (git-ignored) with
/// <c>dotnet tool install --tool-path</c>: the reference the stdio protocol is compared against. Only tests use it.
/// </summary>
public static class StockTool
{
    /// <summary>The version the comparison is pinned to (the last one published).</summary>
    public const string Version = "1.0.712001";

    static readonly Lazy<string> Installed = new(Install);

    /// <summary>The tool's executable.</summary>
    public static string Executable => Installed.Value;

    static string Install()
    {
        var folder = Path.Combine(HostProcess.RepoRoot, ".tools", $"dotnet-interactive-{Version}");
        var executable = Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");
        if (File.Exists(executable)) return executable;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "tool", "install", "Microsoft.dotnet-interactive", "--version", Version, "--tool-path", folder })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(executable))
            throw new InvalidOperationException($"Installing Microsoft.dotnet-interactive {Version} failed (a package registry must be reachable):\n{output.Result}\n{error.Result}");
        return executable;
    }
}

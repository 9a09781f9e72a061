using System.Diagnostics;
using System.Text;

namespace StableTune.Notebooks.Tests;

/// <summary>Runs the built host (<c>stabletune-notebooks.dll</c>) as a separate process, as users and CI do.</summary>
public static class HostProcess
{
    /// <summary>The repository root (the folder holding Course.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The host's build output for the configuration these tests were built with.</summary>
    public static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
            var dll = Path.Combine(RepoRoot, "lib", "StableTune.Notebooks", "bin", configuration, "net10.0", "stabletune-notebooks.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build lib/StableTune.Notebooks ({configuration}) first: {dll} is missing.");
        }
    }

    /// <summary>The test notebooks shipped with these tests.</summary>
    public static string TestNotebook(string name) => Path.Combine(RepoRoot, "tests", "StableTune.Notebooks.Tests", "Notebooks", name);

    /// <summary>A fresh, empty output folder under the system temp folder.</summary>
    public static string TempFolder(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs the host with <paramref name="args"/>; returns its exit code and its stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"stabletune-notebooks {string.Join(" ", args)} did not finish in 10 minutes:\n{output}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Course.sln above {AppContext.BaseDirectory}.");
    }
}

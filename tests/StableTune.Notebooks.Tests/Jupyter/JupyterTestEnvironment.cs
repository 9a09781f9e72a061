using System.Diagnostics;
using System.Text;

namespace StableTune.Notebooks.Tests.Jupyter;

/// <summary>
/// What the end-to-end kernel tests need: the built host, a temporary kernelspec folder with our kernelspec installed
/// by the host's own <c>jupyter install</c> command, and a Python that has jupyter_client (Debian's python3-jupyter-client).
/// </summary>
public sealed class JupyterTestEnvironment : IDisposable
{
    /// <summary>The kernel tests share one collection: they run one after another, not beside each other (timing checks).</summary>
    public const string Collection = "jupyter kernel";

    /// <summary>The repository root (the folder with Course.sln).</summary>
    public string RepoRoot { get; }
    /// <summary>The folder to pass as JUPYTER_PATH; its kernels/ holds stabletune-csharp.</summary>
    public string JupyterPath { get; }
    /// <summary>A Python interpreter that can import jupyter_client and nbconvert.</summary>
    public string Python { get; }

    public JupyterTestEnvironment()
    {
        RepoRoot = FindRepoRoot();
        Python = FindPython();
        JupyterPath = Directory.CreateTempSubdirectory("stabletune-jupyter-").FullName;
        var hostDll = typeof(StableTune.Notebooks.Jupyter.JupyterCommand).Assembly.Location;
        var install = Run("dotnet", [hostDll, "jupyter", "install", "--dir", Path.Combine(JupyterPath, "kernels")], RepoRoot, TimeSpan.FromMinutes(1));
        if (install.ExitCode != 0) throw new InvalidOperationException($"jupyter install failed:\n{install.Output}");
    }

    /// <summary>Runs a process with JUPYTER_PATH set and the quick budget; returns its exit code and merged output.</summary>
    public (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string workingDir, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (JupyterPath is not null) start.Environment["JUPYTER_PATH"] = JupyterPath;
        start.Environment["STABLETUNE_BUDGET"] = "quick";
        start.Environment["PYTHONUNBUFFERED"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) output.AppendLine($"[killed after {timeout.TotalSeconds} s]");
            return (-1, output.ToString());
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// <summary>The repository root: the first folder above the test binaries with Course.sln.</summary>
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Course.sln above {AppContext.BaseDirectory}.");
    }

    static string FindPython()
    {
        // Debian's packages install into the system Python; a pyenv or venv python3 first on the PATH may lack them.
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import jupyter_client, nbconvert, zmq"])
                    { RedirectStandardError = true, RedirectStandardOutput = true })!;
                probe.WaitForExit();
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        throw new InvalidOperationException(
            "No python3 with jupyter_client and nbconvert. Install them: apt-get install -y python3-jupyter-client python3-nbconvert python3-nbclient python3-ipykernel");
    }

    public void Dispose()
    {
        try { Directory.Delete(JupyterPath, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One kernelspec install for all kernel tests, which run sequentially.</summary>
[CollectionDefinition(JupyterTestEnvironment.Collection)]
public sealed class JupyterCollection : ICollectionFixture<JupyterTestEnvironment>;

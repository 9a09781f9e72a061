using StableTune.Notebooks.Kernel;
using StableTune.Runtime;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// The <c>jupyter</c> verb of the host:
/// <c>jupyter install [--user | --prefix P | --dir D]</c> writes the kernelspec;
/// <c>jupyter --connection-file F</c> runs as a kernel (Jupyter clients start it that way from the kernelspec).
/// </summary>
public static class JupyterCommand
{
    const string Usage = """
        Usage:
          stabletune-notebooks jupyter install [--user | --prefix <dir> | --dir <kernels dir>]
              Installs the "C# (fine-tuning course)" kernelspec (default: --user).
          stabletune-notebooks jupyter --connection-file <file>
              Runs as a Jupyter kernel (Jupyter clients do this).
        """;

    /// <summary>Runs the verb with the arguments after <c>jupyter</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 1 && args[0] == "install") return Install(args[1..]);
        if (args.Length == 2 && args[0] is "--connection-file" or "-f") return await ServeAsync(args[1]);
        Console.Error.WriteLine(Usage);
        return 2;
    }

    static int Install(string[] args)
    {
        string kernelsDir;
        switch (args)
        {
            case [] or ["--user"]: kernelsDir = KernelSpec.UserKernelsDir(); break;
            case ["--prefix", var prefix]: kernelsDir = KernelSpec.PrefixKernelsDir(Path.GetFullPath(prefix)); break;
            case ["--dir", var dir]: kernelsDir = Path.GetFullPath(dir); break;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
        var hostDll = typeof(JupyterCommand).Assembly.Location;
        var installed = KernelSpec.Install(kernelsDir, KernelSpec.DotnetExecutable(), hostDll);
        Console.WriteLine($"Installed the Jupyter kernel '{KernelSpec.DisplayName}' ({KernelSpec.Name}) in {installed}");
        Console.WriteLine($"It runs {hostDll}; rebuild in place and the kernel picks up the new build.");
        return 0;
    }

    static async Task<int> ServeAsync(string connectionFile)
    {
        var connection = ConnectionInfo.Load(connectionFile);
        // The client starts the kernel in the notebook's folder; the budget comes from $STABLETUNE_BUDGET (full when unset).
        await using var backend = new InteractiveBackend(await KernelFactory.CreateAsync(Environment.CurrentDirectory, Budget.Current));
        using var server = new JupyterKernelServer(connection, backend, Log);
        ExitWhenOrphaned();
        Log($"kernel listening ({connection.Transport}://{connection.Ip}, shell {connection.ShellPort})");
        bool restart = await server.RunAsync();
        Log(restart ? "stopped; the client restarts the kernel" : "stopped");
        return 0;
    }

    /// <summary>
    /// Ends the process when the client that started it dies without a shutdown_request (a killed editor): the kernel
    /// is then re-parented, so its parent process id changes. Unix only; elsewhere clients kill their kernels themselves.
    /// </summary>
    static void ExitWhenOrphaned()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int parent = getppid();
        var watchdog = new Thread(() =>
        {
            while (getppid() == parent) Thread.Sleep(TimeSpan.FromSeconds(2));
            Log($"the client process {parent} is gone; exiting");
            Environment.Exit(0);
        }) { IsBackground = true, Name = "jupyter-parent-watchdog" };
        watchdog.Start();
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int getppid();

    // The process's real stderr: .NET Interactive redirects Console.Error into the running cell's output.
    static readonly TextWriter StandardError = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });

    /// <summary>Writes a kernel log line to the process's stderr (Jupyter clients show it in their log, not in a cell).</summary>
    public static void Log(string line) => StandardError.WriteLine($"[stabletune-kernel {DateTime.Now:HH:mm:ss}] {line}");
}

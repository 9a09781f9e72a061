using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;
using StableTune.Runtime;

namespace StableTune.Notebooks.Kernel;

/// <summary>
/// Builds the kernel every front end of the host uses (run, stdio for VS Code, Jupyter): a composite kernel with
/// one C# kernel named <c>csharp</c>, <c>#r "nuget:…"</c> through PackageManagement, <c>#!import</c>, the kit
/// directive <c>#!stabletune</c>, interactive extensions (Plotly.NET, DataFrame) and the in-place progress display.
/// </summary>
public static class KernelFactory
{
    /// <summary>The name of the C# kernel (the Polyglot Notebooks name, so cell metadata matches).</summary>
    public const string CSharpKernelName = "csharp";

    /// <summary>
    /// Creates a fresh kernel. Sets the process's working directory to <paramref name="workingDirectory"/> and
    /// <c>$STABLETUNE_BUDGET</c> to <paramref name="budget"/> (both are process-wide: one kernel per process).
    /// </summary>
    /// <param name="workingDirectory">The notebook's folder (relative paths in cells resolve against it).</param>
    /// <param name="budget">The budget the notebooks read through <see cref="Budget.Current"/>.</param>
    public static async Task<CompositeKernel> CreateAsync(string workingDirectory, Budget budget)
    {
        if (!Directory.Exists(workingDirectory))
            throw new DirectoryNotFoundException($"The kernel's working directory '{workingDirectory}' does not exist.");
        Environment.CurrentDirectory = Path.GetFullPath(workingDirectory);
        Environment.SetEnvironmentVariable(Budget.Variable, budget.Name);
        TorchNative.Install(); // before any torch call a cell may make

        // Like Polyglot Notebooks in a browser front end: objects as HTML, strings as plain text.
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);

        var csharp = new CSharpKernel(CSharpKernelName)
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        KitDirective.AddTo(csharp);

        var composite = new CompositeKernel();
        composite.Add(csharp, ["c#", "C#"]); // the stock tool's aliases
        composite.DefaultKernelName = CSharpKernelName;
        composite.UseImportMagicCommand();
        ExtensionLoader.LoadFromRestoredPackages(composite);
        ExtensionLoader.UseBundled(composite);
        PlotlyMime.Register();
        ProgressReporter.SetHostDefault(new NotebookProgress());
        // The kit's loops (Trainer, grids) stop when the running cell's command is cancelled (a Jupyter interrupt).
        HostCancellation.SetHostSource(() => KernelInvocationContext.Current?.CancellationToken ?? CancellationToken.None);

        // Start-up work (bundled extensions, kernel helpers, the compiler's warm-up) happens now, in a command of
        // its own, rather than inside the first cell: the first cell's events are then those of the stock tool.
        var startUp = await composite.SendAsync(new SubmitCode("// stabletune-notebooks start-up", CSharpKernelName));
        if (startUp.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            composite.Dispose();
            throw new InvalidOperationException($"The kernel failed to start: {failed.Message}");
        }
        return composite;
    }
}

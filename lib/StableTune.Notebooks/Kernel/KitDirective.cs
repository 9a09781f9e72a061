using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using StableTune.Runtime;
using TorchSharp;

namespace StableTune.Notebooks.Kernel;

/// <summary>
/// The <c>#!stabletune</c> directive: the first line of every course notebook. It references the kit that ships
/// with this host (StableTune and the exact TorchSharp, Plotly.NET, Plotly.NET.CSharp and Microsoft.Data.Analysis
/// versions it was built against: pinned by construction, nothing to download) and shows the budget and runtime.
/// </summary>
public static class KitDirective
{
    /// <summary>The directive's name.</summary>
    public const string Name = "#!stabletune";

    /// <summary>The assemblies a notebook may use directly; their dependencies are referenced with them.</summary>
    static readonly Assembly[] Roots =
    [
        typeof(Budget).Assembly,
        typeof(torch).Assembly,
        typeof(Plotly.NET.GenericChart).Assembly,
        typeof(Plotly.NET.CSharp.Chart).Assembly,
        typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
        typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly,
    ];

    /// <summary>Adds the directive to <paramref name="kernel"/>.</summary>
    public static void AddTo(CSharpKernel kernel)
    {
        var directive = new KernelActionDirective(Name)
        {
            Description = "Loads the StableTune course kit (the versions this host ships) and shows the budget and runtime.",
        };
        var loaded = false;
        kernel.AddDirective(directive, (_, context) =>
        {
            if (!loaded)
            {
                kernel.AddAssemblyReferences(AssemblyPaths());
                loaded = true;
            }
            TorchNative.Install();
            context.DisplayAs(Banner(), "text/plain");
            return Task.CompletedTask;
        });
    }

    /// <summary>The files of the kit's assemblies and of every non-framework assembly they reference.</summary>
    public static IReadOnlyList<string> AssemblyPaths()
    {
        var appDir = Path.GetFullPath(AppContext.BaseDirectory);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var paths = new List<string>();
        var pending = new Stack<Assembly>(Roots);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!seen.Add(assembly.GetName().Name!)) continue;
            if (string.IsNullOrEmpty(assembly.Location) || !Path.GetFullPath(assembly.Location).StartsWith(appDir, StringComparison.Ordinal))
                continue; // framework assemblies: the C# kernel references them already
            paths.Add(assembly.Location);
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (seen.Contains(name.Name!)) continue;
                try { pending.Push(Assembly.Load(name)); }
                catch (FileNotFoundException) { /* an optional dependency that is not shipped: not needed to compile */ }
            }
        }
        return paths;
    }

    /// <summary>One line per fact a reader needs to reproduce the run.</summary>
    static string Banner()
    {
        var kit = typeof(Budget).Assembly.GetName().Version;
        var torchSharp = typeof(torch).Assembly.GetName().Version;
        return $"StableTune {kit} | budget {Budget.Current} (${Budget.Variable}) | TorchSharp {torchSharp} | " +
               $"threads {Environment.ProcessorCount} | working directory {Environment.CurrentDirectory}";
    }
}

using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace StableTune.Notebooks.Kernel;

/// <summary>
/// Loads .NET Interactive kernel extensions (<see cref="IKernelExtension"/>): the ones bundled with the host
/// (Plotly.NET.Interactive's chart formatter, Microsoft.Data.Analysis.Interactive's DataFrame table) at start-up,
/// and those of packages a notebook adds with <c>#r "nuget:…"</c> (from their <c>interactive-extensions/dotnet</c> folder).
/// </summary>
public static class ExtensionLoader
{
    /// <summary>Assemblies the host copies to its output folder only to load them as extensions.</summary>
    public static readonly IReadOnlyList<string> Bundled = ["Plotly.NET.Interactive", "Microsoft.Data.Analysis.Interactive"];

    // Per kernel: the names of the assemblies whose extensions it has loaded.
    static readonly ConditionalWeakTable<CompositeKernel, ConcurrentDictionary<string, bool>> Loaded = new();

    /// <summary>
    /// Loads the bundled extensions into <paramref name="kernel"/> when it handles its first command: some extensions
    /// (the DataFrame one) need a running command to find their kernel.
    /// </summary>
    public static void UseBundled(CompositeKernel kernel)
    {
        var loading = new SemaphoreSlim(1, 1);
        var loaded = false;
        kernel.AddMiddleware(async (command, context, next) =>
        {
            if (!loaded)
            {
                await loading.WaitAsync();
                try
                {
                    if (!loaded)
                    {
                        loaded = true;
                        foreach (var name in Bundled)
                        {
                            var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
                            if (!File.Exists(path))
                                throw new FileNotFoundException($"The host's bundled extension {path} is missing; rebuild lib/StableTune.Notebooks.", path);
                            await LoadAssemblyAsync(path, kernel, context);
                        }
                    }
                }
                finally { loading.Release(); }
            }
            await next(command, context);
        });
    }

    /// <summary>After each command, loads the extensions of the packages it added.</summary>
    public static void LoadFromRestoredPackages(CompositeKernel kernel)
    {
        var added = new ConcurrentQueue<PackageAdded>();
        kernel.RegisterForDisposal(kernel.KernelEvents.OfType<PackageAdded>()
            .Where(e => e.PackageReference.PackageRoot is not null)
            .Subscribe(added.Enqueue));
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (added.TryDequeue(out var package))
            {
                var folder = Path.Combine(package.PackageReference.PackageRoot, "interactive-extensions", "dotnet");
                if (!Directory.Exists(folder)) continue;
                foreach (var dll in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
                    await LoadAssemblyAsync(dll, kernel, context);
            }
        });
    }

    static async Task LoadAssemblyAsync(string path, CompositeKernel kernel, KernelInvocationContext? context)
    {
        var name = AssemblyName.GetAssemblyName(path).Name!;
        if (!Loaded.GetOrCreateValue(kernel).TryAdd(name, true)) return; // already loaded (bundled, or another package shipped it)
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name)
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var extensions = assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && typeof(IKernelExtension).IsAssignableFrom(t));
        foreach (var type in extensions)
        {
            var extension = (IKernelExtension)Activator.CreateInstance(type)!;
            try
            {
                await extension.OnLoadAsync(kernel);
                context?.Publish(new KernelExtensionLoaded(extension, context.Command));
            }
            catch (Exception e)
            {
                var message = $"Failed to load the kernel extension {type.FullName} from {path}: {e.Message}";
                if (context is null) throw new InvalidOperationException(message, e);
                context.Fail(context.Command, e, message);
            }
        }
    }
}

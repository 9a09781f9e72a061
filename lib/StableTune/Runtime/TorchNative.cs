using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using TorchSharp;

namespace StableTune.Runtime;

/// <summary>
/// Makes TorchSharp's native library load on systems whose libstdc++ is older than the one it was built against
/// (Debian 12, Ubuntu 22.04). TorchSharp's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> only for the
/// marker <c>std::ios_base_library_init()</c>, which is never called. When, and only when, the original file fails to
/// load for that reason, a copy with that one requirement marked weak is written to the kit's cache and loaded
/// instead. System libraries and the package's files are never modified.
/// </summary>
public static class TorchNative
{
    /// <summary>The version requirement the fix may weaken.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The only symbols allowed to depend on <see cref="MissingVersion"/> (the mangled marker).</summary>
    public static readonly IReadOnlyCollection<string> MarkerSymbols = ["_ZSt21ios_base_library_initv"];

    const string LibraryName = "LibTorchSharp";
    const string FileName = "libLibTorchSharp.so";
    static readonly object Gate = new();
    static bool _installed;
    static IntPtr _handle;

    /// <summary>How the native library was loaded: "system default", "original file", or "patched copy at …".</summary>
    public static string Status { get; private set; } = "not loaded yet";

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before TorchSharp's first P/Invoke.")]
    internal static void InstallOnLoad() => Install();

    /// <summary>Registers the loader with TorchSharp. Idempotent; called automatically when the kit is loaded.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            _installed = true;
            if (!OperatingSystem.IsLinux()) { Status = "system default"; return; }
            // TorchSharp probes with NativeLibrary.TryLoad(name, assembly), which raises ResolvingUnmanagedDll when
            // the default probing fails; its P/Invokes consult the DllImport resolver first.
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) => Resolve(name, assembly, null);
            try { NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve); }
            catch (InvalidOperationException) { /* another resolver is registered; the event above still applies */ }
        }
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero; // everything else: the runtime's default probing
        lock (Gate)
        {
            if (_handle == IntPtr.Zero) _handle = Load(assembly);
            return _handle;
        }
    }

    static IntPtr Load(Assembly torchSharp)
    {
        var original = NativeSearch.Find(FileName, torchSharp, "torchsharp")
            ?? throw new DllNotFoundException($"{FileName} was not found next to {torchSharp.Location} or in the NuGet cache. Restore the TorchSharp-cpu (or TorchSharp-cuda-*) package.");
        PreloadLibTorch(torchSharp, Path.GetDirectoryName(original)!);
        try
        {
            var handle = NativeLibrary.Load(original);
            Status = $"original file {original}";
            return handle;
        }
        catch (DllNotFoundException e) when (e.Message.Contains(MissingVersion))
        {
            var patched = PatchedCopy(original);
            var handle = NativeLibrary.Load(patched);
            Status = $"patched copy at {patched} ({MissingVersion} marked weak; the system libstdc++ is older)";
            return handle;
        }
    }

    /// <summary>
    /// Loads libtorch's own libraries by full path first, so the copy (which lives outside the package folder and
    /// cannot find them through its <c>$ORIGIN</c> run path) binds to them by their sonames.
    /// </summary>
    static void PreloadLibTorch(Assembly torchSharp, string torchSharpNativeDir)
    {
        foreach (var lib in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var path = File.Exists(Path.Combine(torchSharpNativeDir, lib)) ? Path.Combine(torchSharpNativeDir, lib)
                : NativeSearch.Find(lib, torchSharp, "libtorch-cpu-linux-x64") ?? NativeSearch.Find(lib, torchSharp, "libtorch-cuda-12.8-linux-x64");
            if (path is not null) NativeLibrary.TryLoad(path, out _);
        }
    }

    /// <summary>Writes (once) and returns the weakened copy of <paramref name="original"/> in the kit's cache.</summary>
    public static string PatchedCopy(string original)
    {
        var bytes = File.ReadAllBytes(original);
        var key = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var dir = Path.Combine(KitPaths.CacheRoot, "native", key);
        var target = Path.Combine(dir, FileName);
        if (File.Exists(target)) return target;
        bool marked;
        try { marked = ElfVersionPatch.MarkWeak(bytes, MissingVersion, MarkerSymbols); }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{original}' cannot be patched: {e.Message} The libstdc++ fix applies only to TorchSharp's {FileName} (64-bit Linux); restore the TorchSharp package if the file is damaged.", e);
        }
        if (!marked)
            throw new DllNotFoundException($"{original} failed to load but does not require {MissingVersion}; the kit's libstdc++ fix does not apply.");
        Directory.CreateDirectory(dir);
        var temp = target + $".{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true); // atomic: concurrent processes never see a half-written file
        return target;
    }
}

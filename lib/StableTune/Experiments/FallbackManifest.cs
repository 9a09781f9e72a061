using System.Reflection;
using System.Runtime.InteropServices;
using StableTune.Runtime;

namespace StableTune.Experiments;

/// <summary>A manifest from managed information only, for results the grid writes itself (a runner that threw).</summary>
internal static class FallbackManifest
{
    public static Manifest Now() => new(
        KitVersion: typeof(FallbackManifest).Assembly.GetName().Version?.ToString() ?? "unknown",
        TorchSharpVersion: typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                           ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        LibTorchVersion: "unknown",
        Device: "unknown",
        OperatingSystem: RuntimeInformation.OSDescription,
        DotNetVersion: RuntimeInformation.FrameworkDescription,
        Threads: Environment.ProcessorCount,
        NativeLoad: "not loaded",
        Started: DateTimeOffset.UtcNow);
}

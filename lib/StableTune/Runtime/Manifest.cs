using System.Reflection;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace StableTune.Runtime;

/// <summary>Where and with what a run was made: enough to reproduce it or explain a difference.</summary>
public sealed record Manifest(
    string KitVersion,
    string TorchSharpVersion,
    string LibTorchVersion,
    string Device,
    string OperatingSystem,
    string DotNetVersion,
    int Threads,
    string NativeLoad,
    DateTimeOffset Started)
{
    /// <summary>
    /// Describes the current process for a run on <paramref name="device"/>: kit and TorchSharp assembly versions,
    /// libtorch's version, the device, OS, .NET runtime, torch's thread count and how the native library was loaded.
    /// </summary>
    /// <param name="device">The device the run uses.</param>
    /// <param name="started">When the run started; null = now.</param>
    public static Manifest Capture(Device device, DateTimeOffset? started = null) => new(
        KitVersion: VersionOf(typeof(Manifest).Assembly),
        TorchSharpVersion: VersionOf(typeof(TorchSharp.torch).Assembly),
        LibTorchVersion: __version__,
        Device: Devices.Describe(device),
        OperatingSystem: RuntimeInformation.OSDescription,
        DotNetVersion: RuntimeInformation.FrameworkDescription,
        Threads: get_num_threads(),
        NativeLoad: TorchNative.Status,
        Started: started ?? DateTimeOffset.UtcNow);

    static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}

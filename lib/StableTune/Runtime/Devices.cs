using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Runtime;

/// <summary>
/// Chooses the device computations run on: "auto" (CUDA when available, else the CPU), "cpu", "cuda" or "cuda:N".
/// The environment variable <see cref="Variable"/> supplies the choice when the caller passes none, so a notebook
/// or a CI job can be moved to another device without editing code.
/// </summary>
public static class Devices
{
    /// <summary>Environment variable read when no preference is passed.</summary>
    public const string Variable = "STABLETUNE_DEVICE";

    /// <summary>
    /// The device for <paramref name="preference"/>; when it is null, for <c>$STABLETUNE_DEVICE</c>; when that is
    /// unset, "auto". Throws <see cref="ArgumentException"/> naming the value (and the variable it came from) when it
    /// is not a device name or names a CUDA device this machine does not have.
    /// </summary>
    public static Device Select(string? preference = null) =>
        Resolve(preference, Environment.GetEnvironmentVariable(Variable), cuda.is_available(), cuda.is_available() ? cuda.device_count() : 0);

    /// <summary>The selection rule, with the variable's value and the CUDA devices given (pure, for tests).</summary>
    internal static Device Resolve(string? preference, string? variable, bool cudaAvailable, int cudaDevices)
    {
        var fromVariable = preference is null && !string.IsNullOrWhiteSpace(variable);
        var value = (preference ?? (fromVariable ? variable : "auto"))!.Trim().ToLowerInvariant();
        string Origin() => fromVariable ? $"{Variable}='{variable}'" : $"device '{preference}'";
        switch (value)
        {
            case "auto": return cudaAvailable ? new Device(DeviceType.CUDA, 0) : CPU;
            case "cpu": return CPU;
            case "cuda" or "gpu":
                if (!cudaAvailable) throw NoCuda(Origin());
                return new Device(DeviceType.CUDA, 0);
        }
        if (value.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(value[5..], out int index) && index >= 0)
        {
            if (!cudaAvailable) throw NoCuda(Origin());
            if (index >= cudaDevices)
                throw new ArgumentException($"The {Origin()} asks for CUDA device {index}, but this machine has {cudaDevices} (cuda:0..cuda:{cudaDevices - 1}).", nameof(preference));
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"The {Origin()} is not a device. Use \"auto\", \"cpu\", \"cuda\" or \"cuda:N\" (as the argument or in {Variable}).", nameof(preference));
    }

    static ArgumentException NoCuda(string origin) => new(
        $"The {origin} asks for CUDA, but TorchSharp reports no usable CUDA device. Use \"cpu\" or \"auto\" (as the argument or in {Variable}), or on a " +
        "CUDA machine build the kit with -p:TorchPackage=TorchSharp-cuda-linux (or -cuda-windows).", "preference");

    /// <summary>A one-line description, e.g. "cpu (2 threads)" or "cuda:0 (1 CUDA device)".</summary>
    public static string Describe(Device device) => device.type == DeviceType.CUDA
        ? $"cuda:{Math.Max(device.index, 0)} ({cuda.device_count()} CUDA device{(cuda.device_count() == 1 ? "" : "s")})"
        : $"{device.type.ToString().ToLowerInvariant()} ({get_num_threads()} thread{(get_num_threads() == 1 ? "" : "s")})";
}

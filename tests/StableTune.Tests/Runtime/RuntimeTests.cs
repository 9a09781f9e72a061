using StableTune.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Runtime;

public class RuntimeTests
{
    [Fact]
    public void TorchSharp_computes_in_the_test_process_and_reports_how_it_loaded()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
        Assert.Matches("^(original file|patched copy at|system default)", TorchNative.Status);
    }

    [Fact]
    public void Device_selection_follows_argument_then_variable_then_auto()
    {
        Assert.Equal(DeviceType.CPU, Devices.Resolve(null, null, cudaAvailable: false, 0).type);
        Assert.Equal(DeviceType.CUDA, Devices.Resolve(null, null, cudaAvailable: true, 1).type);
        Assert.Equal(DeviceType.CPU, Devices.Resolve(null, "cpu", cudaAvailable: true, 1).type);
        Assert.Equal(DeviceType.CPU, Devices.Resolve("CPU", "cuda", cudaAvailable: true, 1).type); // argument wins
        var second = Devices.Resolve(null, "cuda:1", cudaAvailable: true, 2);
        Assert.Equal((DeviceType.CUDA, 1L), (second.type, second.index));
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, Devices.Select("auto").type);
        Assert.Equal(DeviceType.CPU, Devices.Select("cpu").type);
    }

    [Theory]
    [InlineData("tpu", null, "device 'tpu'")]
    [InlineData(null, "tpu", "STABLETUNE_DEVICE='tpu'")]
    [InlineData("cuda", null, "no usable CUDA device")]
    [InlineData(null, "cuda:0", "STABLETUNE_DEVICE='cuda:0'")]
    public void Bad_device_names_say_where_they_came_from(string? argument, string? variable, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.Resolve(argument, variable, cudaAvailable: false, 0));
        Assert.Contains(expected, e.Message);
        Assert.Contains(argument is null ? "" : "STABLETUNE_DEVICE", e.Message);
        Assert.Contains("CUDA device 2", Assert.Throws<ArgumentException>(() => Devices.Resolve("cuda:2", null, true, 2)).Message);
    }

    [Fact]
    public void Thread_count_follows_argument_then_variable_then_processors()
    {
        Assert.Equal(3, Threads.Resolve(3, "5", 8));
        Assert.Equal(5, Threads.Resolve(null, " 5 ", 8));
        Assert.Equal(8, Threads.Resolve(null, null, 8));
        Assert.Contains("STABLETUNE_THREADS='many'", Assert.Throws<ArgumentException>(() => Threads.Resolve(null, "many", 8)).Message);
        Assert.Throws<ArgumentException>(() => Threads.Resolve(null, "0", 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Threads.Resolve(0, null, 8));
        int current = Threads.Current;
        Assert.Equal(current, Threads.Set(current)); // round trip through torch without disturbing parallel tests
    }

    [Fact]
    public void Manifest_captures_versions_device_and_native_load()
    {
        using (var warm = ones(1)) { } // the native library is loaded
        var started = new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);
        var manifest = Manifest.Capture(CPU, started);
        Assert.StartsWith("0.1.0", manifest.KitVersion);
        Assert.StartsWith("0.107.0", manifest.TorchSharpVersion);
        Assert.Matches(@"^\d+\.\d+", manifest.LibTorchVersion);
        Assert.StartsWith("cpu (", manifest.Device);
        Assert.Equal(get_num_threads(), manifest.Threads);
        Assert.Equal(TorchNative.Status, manifest.NativeLoad);
        Assert.Contains(".NET", manifest.DotNetVersion);
        Assert.False(string.IsNullOrWhiteSpace(manifest.OperatingSystem));
        Assert.Equal(started, manifest.Started);
    }
}

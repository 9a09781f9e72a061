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
    DateTimeOffset Started);

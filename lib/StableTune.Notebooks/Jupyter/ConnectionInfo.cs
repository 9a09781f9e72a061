using System.Text.Json;
using System.Text.Json.Serialization;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// The connection file a Jupyter client writes before it starts a kernel: where the five sockets listen and the key
/// that signs every message. See the Jupyter client docs, "Connection files".
/// </summary>
public sealed record ConnectionInfo
{
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    /// <summary>The HMAC key; empty means messages are not signed.</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";
    [JsonPropertyName("kernel_name")] public string? KernelName { get; init; }

    /// <summary>Reads and validates a connection file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or lacks a port; the message names the file.</exception>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Jupyter connection file '{path}' does not exist. The client passes it as --connection-file {{connection_file}}.", path);
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Jupyter connection file '{path}' is not valid JSON: {e.Message}", e);
        }
        if (info is null) throw new InvalidDataException($"Jupyter connection file '{path}' is empty (null).");
        info.Validate(path);
        return info;
    }

    /// <summary>The ZeroMQ endpoint of a port: <c>tcp://ip:port</c>, or <c>ipc://ip-port</c> for the ipc transport.</summary>
    public string Endpoint(int port) => Transport switch
    {
        "tcp" => $"tcp://{Ip}:{port}",
        "ipc" => $"ipc://{Ip}-{port}",
        _ => throw new NotSupportedException($"Jupyter transport '{Transport}' is not supported; use tcp or ipc."),
    };

    void Validate(string path)
    {
        foreach (var (name, port) in new[] { ("shell_port", ShellPort), ("iopub_port", IopubPort), ("stdin_port", StdinPort), ("control_port", ControlPort), ("hb_port", HeartbeatPort) })
            if (port is <= 0 or > 65535)
                throw new InvalidDataException($"Jupyter connection file '{path}': {name} is {port}; expected a port between 1 and 65535.");
        if (Transport is not ("tcp" or "ipc"))
            throw new InvalidDataException($"Jupyter connection file '{path}': transport '{Transport}' is not supported; use tcp or ipc.");
        if (SignatureScheme != "hmac-sha256")
            throw new InvalidDataException($"Jupyter connection file '{path}': signature_scheme '{SignatureScheme}' is not supported; use hmac-sha256.");
    }
}

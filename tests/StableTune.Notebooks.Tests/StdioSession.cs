using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace StableTune.Notebooks.Tests;

/// <summary>A kernel process spoken to over the .NET Interactive stdio protocol: one JSON envelope per line.</summary>
public sealed class StdioSession : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    readonly Process _process;
    readonly Channel<JsonObject> _lines = Channel.CreateUnbounded<JsonObject>();

    /// <summary>The KernelReady event the kernel sent first.</summary>
    public JsonObject Ready { get; }

    StdioSession(ProcessStartInfo start)
    {
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _ = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
                if (line.StartsWith('{') && JsonNode.Parse(line) is JsonObject envelope) _lines.Writer.TryWrite(envelope);
            _lines.Writer.TryComplete();
        });
        Ready = Next(e => (string?)e["eventType"] == "KernelReady").GetAwaiter().GetResult();
    }

    /// <summary>Starts <c>stdio</c> mode of the given program in <paramref name="workingDir"/>.</summary>
    public static StdioSession Start(string fileName, IEnumerable<string> args, string workingDir)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDir };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new StdioSession(start);
    }

    /// <summary>Sends SubmitCode and returns the events of that command (same token), up to its completion.</summary>
    public async Task<List<JsonObject>> SubmitAsync(string token, string code)
    {
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var events = new List<JsonObject>();
        while (true)
        {
            var e = await Next(e => e["eventType"] is not null);
            if ((string?)e["command"]?["token"] != token) continue; // events of child commands (deferred start-up code)
            events.Add(e);
            if ((string?)e["eventType"] is "CommandSucceeded" or "CommandFailed") return events;
        }
    }

    async Task<JsonObject> Next(Func<JsonObject, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (match(line)) return line;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(" ", _process.StartInfo.ArgumentList)}: no expected envelope within {Patience} (exited: {_process.HasExited}).", e);
        }
    }

    public void Dispose()
    {
        try { _process.StandardInput.Close(); if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        _process.Dispose();
    }
}

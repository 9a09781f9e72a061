using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) over ZeroMQ: it answers kernel_info, execute, complete, is_complete,
/// inspect, comm_info and history requests (and closes comms it has no target for) on shell, interrupt, shutdown and
/// kernel_info on control, asks for input on stdin, echoes the heartbeat, and publishes status, execute_input,
/// streams, displays, results and errors on iopub. Shell requests run one at a time in arrival order; control requests
/// are served while a cell runs. Bad messages (signature, framing, JSON, unknown type) are logged and dropped.
/// </summary>
public sealed partial class JupyterKernelServer : IDisposable
{
    readonly IKernelBackend _backend;
    readonly Action<string> _log;
    readonly KernelSockets _sockets;
    readonly string _session = Guid.NewGuid().ToString("N");
    readonly Channel<Arrival> _shellQueue = Channel.CreateUnbounded<Arrival>(new() { SingleReader = true });
    readonly Channel<JupyterMessage> _controlQueue = Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    readonly TaskCompletionSource<bool> _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _arrivals, _abortUpTo = -1;
    int _executionCount;
    CancellationTokenSource? _runningCell;
    TaskCompletionSource<string>? _pendingInput;

    /// <summary>Binds the sockets of <paramref name="connection"/>; <see cref="RunAsync"/> then serves them.</summary>
    /// <param name="connection">The connection file's content.</param>
    /// <param name="backend">The language kernel that runs the code.</param>
    /// <param name="log">Where diagnostics go (the kernel's stderr, which Jupyter clients show in their log).</param>
    public JupyterKernelServer(ConnectionInfo connection, IKernelBackend backend, Action<string> log)
    {
        _backend = backend;
        _log = log;
        _sockets = new KernelSockets(connection, new WireCodec(MessageSigner.Create(connection.SignatureScheme, connection.Key)), log);
        _sockets.Received += OnReceived;
    }

    /// <summary>Serves requests until a <c>shutdown_request</c> arrives; returns whether a restart was asked for.</summary>
    public async Task<bool> RunAsync()
    {
        var poller = new Thread(_sockets.Run) { IsBackground = true, Name = "jupyter-poller" };
        poller.Start();
        Publish(null, "status", new JsonObject { ["execution_state"] = "starting" });
        _ = Task.Run(ServeShellAsync);
        _ = Task.Run(ServeControlAsync);
        bool restart = await _shutdown.Task;
        _runningCell?.Cancel();
        _sockets.Stop(); // after the shutdown reply has gone out
        poller.Join(TimeSpan.FromSeconds(5));
        return restart;
    }

    void OnReceived(JupyterChannel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case JupyterChannel.Shell:
                _shellQueue.Writer.TryWrite(new Arrival(message, Interlocked.Increment(ref _arrivals)));
                break;
            case JupyterChannel.Control:
                _controlQueue.Writer.TryWrite(message);
                break;
            case JupyterChannel.Stdin when message.Type == "input_reply":
                var value = message.Content["value"] is JsonValue v && v.TryGetValue(out string? text) ? text : "";
                if (_pendingInput?.TrySetResult(value) != true) _log("ignored an input_reply: no input was requested");
                break;
            default:
                _log($"rejected a message on {channel.ToString().ToLowerInvariant()}: unexpected message type '{message.Type}'");
                break;
        }
    }

    async Task ServeShellAsync()
    {
        await foreach (var arrival in _shellQueue.Reader.ReadAllAsync())
        {
            var request = arrival.Message;
            if (!IsKnownShellRequest(request.Type))
            {
                _log($"rejected a message on shell: unknown message type '{request.Type}'");
                continue;
            }
            Publish(request.Header, "status", new JsonObject { ["execution_state"] = "busy" });
            try
            {
                await HandleShellAsync(request, arrival.Sequence);
            }
            catch (Exception e)
            {
                _log($"error while handling {request.Type}: {e}");
                Reply(JupyterChannel.Shell, request, request.Type.Replace("_request", "_reply"), ErrorContent(e.GetType().Name, e.Message, [e.ToString()]));
            }
            Publish(request.Header, "status", new JsonObject { ["execution_state"] = "idle" });
        }
    }

    static bool IsKnownShellRequest(string type) => type is "kernel_info_request" or "execute_request" or "complete_request"
        or "is_complete_request" or "inspect_request" or "comm_info_request" or "history_request" or "shutdown_request"
        or "comm_open" or "comm_msg" or "comm_close";

    async Task HandleShellAsync(JupyterMessage request, long sequence)
    {
        var content = request.Content;
        switch (request.Type)
        {
            case "kernel_info_request":
                Reply(JupyterChannel.Shell, request, "kernel_info_reply", KernelInfo());
                break;
            case "execute_request":
                await ExecuteAsync(request, sequence);
                break;
            case "complete_request":
                await CompleteAsync(request);
                break;
            case "is_complete_request":
                var verdict = _backend.IsComplete(Text(content, "code"));
                Reply(JupyterChannel.Shell, request, "is_complete_reply", new JsonObject { ["status"] = verdict.Status, ["indent"] = verdict.Indent });
                break;
            case "inspect_request":
                await InspectAsync(request);
                break;
            case "comm_info_request":
                Reply(JupyterChannel.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "comm_open":
                // No comm targets (widgets) here: the protocol says to close the comm at once.
                Publish(request.Header, "comm_close", new JsonObject { ["comm_id"] = Text(content, "comm_id"), ["data"] = new JsonObject() });
                break;
            case "comm_msg" or "comm_close":
                break; // for comms that were never opened: nothing to do
            case "history_request":
                Reply(JupyterChannel.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                break;
            case "shutdown_request":
                Shutdown(JupyterChannel.Shell, request);
                break;
        }
    }

    async Task ServeControlAsync()
    {
        await foreach (var request in _controlQueue.Reader.ReadAllAsync())
        {
            switch (request.Type)
            {
                case "interrupt_request":
                    _log(_runningCell is null ? "interrupt requested while idle" : "interrupt requested: cancelling the running cell");
                    _runningCell?.Cancel();
                    Reply(JupyterChannel.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request":
                    Shutdown(JupyterChannel.Control, request);
                    break;
                case "kernel_info_request":
                    Reply(JupyterChannel.Control, request, "kernel_info_reply", KernelInfo());
                    break;
                default:
                    _log($"rejected a message on control: unknown message type '{request.Type}'");
                    break;
            }
        }
    }

    void Shutdown(JupyterChannel channel, JupyterMessage request)
    {
        bool restart = request.Content["restart"] is JsonValue v && v.TryGetValue(out bool r) && r;
        var content = new JsonObject { ["status"] = "ok", ["restart"] = restart };
        Reply(channel, request, "shutdown_reply", content);
        Publish(request.Header, "shutdown_reply", content.DeepClone().AsObject());
        _log(restart ? "shutting down for a restart" : "shutting down");
        _shutdown.TrySetResult(restart);
    }

    JsonObject KernelInfo()
    {
        var language = _backend.Language;
        return new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = MessageHeader.ProtocolVersion,
            ["implementation"] = "stabletune",
            ["implementation_version"] = typeof(JupyterKernelServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            ["language_info"] = new JsonObject
            {
                ["name"] = language.Name,
                ["version"] = language.Version,
                ["mimetype"] = language.MimeType,
                ["file_extension"] = language.FileExtension,
                ["pygments_lexer"] = language.PygmentsLexer,
                ["codemirror_mode"] = language.CodeMirrorMode,
            },
            ["banner"] = language.Banner,
            ["help_links"] = new JsonArray(),
            ["debugger"] = false,
        };
    }

    void Reply(JupyterChannel channel, JupyterMessage request, string type, JsonObject content) =>
        _sockets.Send(channel, JupyterMessage.Reply(request, type, _session, content));

    void Publish(MessageHeader? parent, string type, JsonObject content) =>
        _sockets.Send(JupyterChannel.IoPub, JupyterMessage.Broadcast(parent, type, _session, content));

    static string Text(JsonObject content, string name) =>
        content[name] is JsonValue v && v.TryGetValue(out string? s) ? s : "";

    static int Integer(JsonObject content, string name) =>
        content[name] is JsonValue v && v.TryGetValue(out int i) ? i : 0;

    static bool Flag(JsonObject content, string name, bool fallback) =>
        content[name] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;

    static JsonObject ErrorContent(string name, string value, IEnumerable<string> traceback) => new()
    {
        ["status"] = "error",
        ["ename"] = name,
        ["evalue"] = value,
        ["traceback"] = new JsonArray(traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
    };

    public void Dispose() => _sockets.Dispose();

    readonly record struct Arrival(JupyterMessage Message, long Sequence);
}

using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Jupyter;

// The language requests: execute (with its outputs on iopub), complete and inspect.
public sealed partial class JupyterKernelServer
{
    async Task ExecuteAsync(JupyterMessage request, long sequence)
    {
        var content = request.Content;
        string code = Text(content, "code");
        bool silent = Flag(content, "silent", false);
        bool storeHistory = Flag(content, "store_history", !silent) && !silent;
        bool stopOnError = Flag(content, "stop_on_error", true);
        bool allowStdin = Flag(content, "allow_stdin", false);

        if (sequence <= Interlocked.Read(ref _abortUpTo))
        {
            // Queued behind a cell that failed or was interrupted ("Run All" stops there, as in IPython).
            Reply(JupyterChannel.Shell, request, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount });
            return;
        }

        int count = storeHistory ? ++_executionCount : _executionCount;
        if (!silent) Publish(request.Header, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });

        using var cell = new CancellationTokenSource();
        _runningCell = cell;
        ExecutionOutcome outcome;
        try
        {
            outcome = await _backend.ExecuteAsync(code, new CellOutput(this, request, count, silent, allowStdin), cell.Token);
        }
        finally
        {
            _runningCell = null;
        }

        if (outcome.Error is { } error)
        {
            var errorContent = ErrorContent(error.Name, error.Value, error.Traceback);
            Publish(request.Header, "error", errorContent.DeepClone().AsObject());
            errorContent["execution_count"] = count;
            Reply(JupyterChannel.Shell, request, "execute_reply", errorContent);
            if (stopOnError) Interlocked.Exchange(ref _abortUpTo, Interlocked.Read(ref _arrivals));
        }
        else
        {
            Reply(JupyterChannel.Shell, request, "execute_reply", new JsonObject
            {
                ["status"] = "ok",
                ["execution_count"] = count,
                ["payload"] = new JsonArray(),
                ["user_expressions"] = new JsonObject(),
            });
        }
    }

    async Task CompleteAsync(JupyterMessage request)
    {
        string code = Text(request.Content, "code");
        int cursor = MimeBundle.CodePointsToUtf16(code, Integer(request.Content, "cursor_pos"));
        var result = await _backend.CompleteAsync(code, cursor, CancellationToken.None);
        Reply(JupyterChannel.Shell, request, "complete_reply", new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(result.Matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = MimeBundle.Utf16ToCodePoints(code, result.Start),
            ["cursor_end"] = MimeBundle.Utf16ToCodePoints(code, result.End),
            ["metadata"] = new JsonObject(),
        });
    }

    async Task InspectAsync(JupyterMessage request)
    {
        string code = Text(request.Content, "code");
        int cursor = MimeBundle.CodePointsToUtf16(code, Integer(request.Content, "cursor_pos"));
        var data = await _backend.InspectAsync(code, cursor, CancellationToken.None);
        Reply(JupyterChannel.Shell, request, "inspect_reply", new JsonObject
        {
            ["status"] = "ok",
            ["found"] = data is not null,
            ["data"] = data is null ? new JsonObject() : MimeBundle.ToJson(data),
            ["metadata"] = new JsonObject(),
        });
    }

    /// <summary>Publishes one cell's outputs on iopub, parented to its execute_request.</summary>
    sealed class CellOutput(JupyterKernelServer server, JupyterMessage request, int count, bool silent, bool allowStdin) : IExecutionOutput
    {
        readonly MessageHeader parent = request.Header;

        public void Stream(string name, string text) =>
            server.Publish(parent, "stream", new JsonObject { ["name"] = name, ["text"] = text });

        public void Display(IReadOnlyDictionary<string, string> data, string? displayId, bool update)
        {
            var content = new JsonObject { ["data"] = MimeBundle.ToJson(data), ["metadata"] = new JsonObject() };
            if (displayId is not null) content["transient"] = new JsonObject { ["display_id"] = displayId };
            server.Publish(parent, update && displayId is not null ? "update_display_data" : "display_data", content);
        }

        public void Result(IReadOnlyDictionary<string, string> data)
        {
            if (silent) return;
            server.Publish(parent, "execute_result", new JsonObject
            {
                ["execution_count"] = count,
                ["data"] = MimeBundle.ToJson(data),
                ["metadata"] = new JsonObject(),
            });
        }

        public async Task<string> ReadInputAsync(string prompt, bool password, CancellationToken cancel)
        {
            if (!allowStdin)
                throw new InvalidOperationException(
                    "This Jupyter client does not accept input (allow_stdin is false): headless runs such as nbconvert cannot answer prompts.");
            var pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            server._pendingInput = pending;
            // input_request goes to the stdin socket of the client that sent the execute_request (same identities).
            server.Reply(JupyterChannel.Stdin, request, "input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password });
            using (cancel.Register(() => pending.TrySetCanceled(cancel)))
                return await pending.Task;
        }
    }
}

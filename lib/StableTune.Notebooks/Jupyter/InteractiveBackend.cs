using System.Reactive.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using LinePosition = Microsoft.DotNet.Interactive.LinePosition;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// Runs Jupyter requests on a .NET Interactive kernel: SubmitCode for execute (its events become streams, displays,
/// the result and the error), RequestCompletions for complete, RequestHoverText for inspect, Roslyn's
/// complete-submission check for is_complete. An interrupt sends <see cref="Cancel"/>, which cancels the running
/// cell's <see cref="KernelInvocationContext.CancellationToken"/>, the token the kit's loops observe
/// (<see cref="StableTune.Runtime.HostCancellation"/>).
/// </summary>
public sealed class InteractiveBackend : IKernelBackend
{
    readonly Microsoft.DotNet.Interactive.Kernel kernel;
    readonly DisplayIds _displayIds = new();
    volatile IExecutionOutput? _running;

    /// <summary>Serves Jupyter requests with <paramref name="kernel"/> (from <c>KernelFactory</c>).</summary>
    public InteractiveBackend(Microsoft.DotNet.Interactive.Kernel kernel)
    {
        this.kernel = kernel;
        // Kernel.GetInputAsync / GetPasswordAsync in a cell: ask the Jupyter client through the stdin channel.
        kernel.RegisterCommandHandler<RequestInput>(async (command, context) =>
        {
            var output = _running ?? throw new InvalidOperationException("Input can only be requested while a cell runs.");
            var value = await output.ReadInputAsync(command.Prompt, command.IsPassword, context.CancellationToken);
            context.Publish(new InputProduced(value, command));
        });
    }

    /// <inheritdoc />
    public LanguageInfo Language { get; } = new(
        "C#", Environment.Version.ToString(), "text/x-csharp", ".cs", "csharp", "text/x-csharp",
        $"C# (fine-tuning course) on .NET {Environment.Version}: the StableTune kit, TorchSharp, Plotly.NET.");

    /// <inheritdoc />
    public async Task<ExecutionOutcome> ExecuteAsync(string code, IExecutionOutput output, CancellationToken cancel)
    {
        var command = new SubmitCode(code);
        using var events = kernel.KernelEvents.Where(e => BelongsTo(e.Command, command)).Subscribe(e => Forward(e, output));
        using var interrupt = cancel.Register(() =>
        {
            output.Stream("stderr", "Interrupted: the cell stops at its next cancellation check (the kit's loops check after every batch).\n");
            _ = kernel.SendAsync(new Cancel());
        });
        _running = output;
        KernelCommandResult result;
        try
        {
            result = await kernel.SendAsync(command);
        }
        finally
        {
            _running = null;
        }
        var failure = result.Events.OfType<CommandFailed>().FirstOrDefault(f => f.Command == command)
                      ?? result.Events.OfType<CommandFailed>().FirstOrDefault();
        if (failure is null) return ExecutionOutcome.Ok;
        return new ExecutionOutcome(cancel.IsCancellationRequested ? Interrupted() : ToError(failure));
    }

    /// <inheritdoc />
    public async Task<CompletionResult> CompleteAsync(string code, int cursor, CancellationToken cancel)
    {
        var result = await kernel.SendAsync(new RequestCompletions(code, ToLinePosition(code, cursor)), cancel);
        var produced = result.Events.OfType<CompletionsProduced>().FirstOrDefault();
        int start = IdentifierStart(code, cursor);
        if (produced?.LinePositionSpan is { } span) start = Math.Min(cursor, ToOffset(code, span.Start));
        var matches = (produced?.Completions ?? [])
            // Snippet insert texts carry placeholders ("WriteLine($1)") Jupyter clients would insert literally.
            .Select(c => c.InsertTextFormat == InsertTextFormat.Snippet || string.IsNullOrEmpty(c.InsertText) ? c.DisplayText : c.InsertText)
            .Where(m => m.StartsWith(code[start..cursor], StringComparison.OrdinalIgnoreCase))
            .Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new CompletionResult(matches, start, cursor);
    }

    /// <inheritdoc />
    public IsCompleteResult IsComplete(string code)
    {
        // Magic commands (#!stabletune, #!import) are not C#; a line of them is complete on its own.
        var csharp = string.Join('\n', code.Split('\n').Select(line => line.TrimStart().StartsWith("#!") ? "" : line));
        var tree = CSharpSyntaxTree.ParseText(csharp, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        if (SyntaxFactory.IsCompleteSubmission(tree)) return new IsCompleteResult("complete");
        return new IsCompleteResult("incomplete", code.TrimEnd().EndsWith('{') ? "    " : "");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>?> InspectAsync(string code, int cursor, CancellationToken cancel)
    {
        var result = await kernel.SendAsync(new RequestHoverText(code, ToLinePosition(code, cursor)), cancel);
        var hover = result.Events.OfType<HoverTextProduced>().FirstOrDefault();
        if (hover is null || hover.Content.Count == 0) return null;
        return hover.Content.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => string.Join("\n\n", g.Select(v => v.Value)));
    }

    void Forward(KernelEvent e, IExecutionOutput output)
    {
        switch (e)
        {
            case StandardOutputValueProduced o: output.Stream("stdout", PlainText(o)); break;
            case StandardErrorValueProduced o: output.Stream("stderr", PlainText(o)); break;
            case ErrorProduced o: output.Stream("stderr", o.Message + "\n"); break;
            case ReturnValueProduced r: output.Result(Bundle(r)); break;
            case DisplayedValueUpdated u: output.Display(Bundle(u), _displayIds.OfUpdate(u.ValueId), update: true); break;
            case DisplayedValueProduced d: output.Display(Bundle(d), _displayIds.Produced(d.ValueId), update: false); break;
        }
    }

    static bool BelongsTo(KernelCommand? command, KernelCommand root)
    {
        for (var c = command; c is not null; c = c.Parent)
            if (ReferenceEquals(c, root)) return true;
        return false;
    }

    static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value
        ?? e.FormattedValues.FirstOrDefault()?.Value ?? e.Value?.ToString() ?? "";

    static Dictionary<string, string> Bundle(DisplayEvent e)
    {
        var bundle = new Dictionary<string, string>();
        foreach (var value in e.FormattedValues.Where(v => !v.SuppressDisplay)) bundle.TryAdd(value.MimeType, value.Value);
        // Simple values also get text/plain, for clients and exports that do not render HTML.
        if (!bundle.ContainsKey(PlainTextFormatter.MimeType) && e.Value is { } simple && (simple is string or decimal || simple.GetType().IsPrimitive))
            bundle[PlainTextFormatter.MimeType] = simple.ToDisplayString(PlainTextFormatter.MimeType);
        return bundle;
    }

    static ExecutionError Interrupted() =>
        new("OperationCanceledException", "The cell was interrupted.", [Red("Interrupted: the cell was cancelled.")]);

    static ExecutionError ToError(CommandFailed failure)
    {
        if (failure.Exception is { } exception && exception is not Microsoft.DotNet.Interactive.CodeSubmissionCompilationErrorException)
        {
            var name = exception.GetType().Name;
            return new ExecutionError(name, exception.Message, [Red($"{name}: {exception.Message}"), .. exception.ToString().Split('\n').Skip(1)]);
        }
        // Compilation errors come as a message: "(1,9): error CS0029: Cannot implicitly convert…", one per line.
        var lines = failure.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new ExecutionError("CompilationError", lines.FirstOrDefault() ?? "compilation failed", lines.Select(Red).ToList());
    }

    static string Red(string line) => $"\u001b[0;31m{line}\u001b[0m";

    static LinePosition ToLinePosition(string code, int offset)
    {
        int line = 0, lineStart = 0;
        for (int i = 0; i < Math.Min(offset, code.Length); i++)
            if (code[i] == '\n') { line++; lineStart = i + 1; }
        return new LinePosition(line, offset - lineStart);
    }

    static int ToOffset(string code, LinePosition position)
    {
        int offset = 0;
        for (int line = 0; line < position.Line && offset < code.Length; offset++)
            if (code[offset] == '\n') line++;
        return Math.Min(offset + position.Character, code.Length);
    }

    static int IdentifierStart(string code, int cursor)
    {
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        return start;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // A cell that ignored an interrupt may still hold the kernel; do not let it block the shutdown.
        await Task.WhenAny(Task.Run(kernel.Dispose), Task.Delay(TimeSpan.FromSeconds(2)));
    }
}

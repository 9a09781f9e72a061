namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// The language side of a Jupyter kernel: what the protocol layer (<see cref="JupyterKernelServer"/>) asks of it.
/// Offsets are UTF-16 indexes into the code (the server converts from the protocol's code-point offsets).
/// </summary>
public interface IKernelBackend : IAsyncDisposable
{
    /// <summary>What the kernel tells clients about its language in <c>kernel_info_reply</c>.</summary>
    LanguageInfo Language { get; }

    /// <summary>
    /// Runs one cell. Outputs go to <paramref name="output"/> while it runs. <paramref name="cancel"/> fires on an
    /// interrupt: the backend stops the cell as soon as the running code allows and returns an error outcome.
    /// </summary>
    Task<ExecutionOutcome> ExecuteAsync(string code, IExecutionOutput output, CancellationToken cancel);

    /// <summary>Completions at <paramref name="cursor"/>.</summary>
    Task<CompletionResult> CompleteAsync(string code, int cursor, CancellationToken cancel);

    /// <summary>Whether <paramref name="code"/> is a complete submission (for consoles deciding when to run on Enter).</summary>
    IsCompleteResult IsComplete(string code);

    /// <summary>Help for the symbol at <paramref name="cursor"/> as a MIME bundle, or null when there is none.</summary>
    Task<IReadOnlyDictionary<string, string>?> InspectAsync(string code, int cursor, CancellationToken cancel);
}

/// <summary>Where a running cell sends its output; implemented by the protocol layer, safe to call from any thread.</summary>
public interface IExecutionOutput
{
    /// <summary>Text written to <c>stdout</c> or <c>stderr</c> (<paramref name="name"/>).</summary>
    void Stream(string name, string text);

    /// <summary>
    /// A displayed value as a MIME bundle (<c>text/html</c>, <c>text/plain</c>…). With <paramref name="update"/> the bundle
    /// replaces the earlier display of the same <paramref name="displayId"/> wherever it is shown.
    /// </summary>
    void Display(IReadOnlyDictionary<string, string> data, string? displayId, bool update);

    /// <summary>The value of the cell's last expression.</summary>
    void Result(IReadOnlyDictionary<string, string> data);

    /// <summary>Asks the user for a line of text (an <c>input_request</c> on the stdin channel) and waits for it.</summary>
    /// <exception cref="InvalidOperationException">The client does not accept input (nbconvert and other headless runs).</exception>
    Task<string> ReadInputAsync(string prompt, bool password, CancellationToken cancel);
}

/// <summary>The language description sent in <c>kernel_info_reply</c>.</summary>
public sealed record LanguageInfo(
    string Name, string Version, string MimeType, string FileExtension, string PygmentsLexer, string CodeMirrorMode, string Banner);

/// <summary>How a cell ended: <see cref="Error"/> is null on success.</summary>
public sealed record ExecutionOutcome(ExecutionError? Error)
{
    /// <summary>A successful run.</summary>
    public static ExecutionOutcome Ok { get; } = new((ExecutionError?)null);
}

/// <summary>A failed cell: exception type name, message and traceback lines.</summary>
public sealed record ExecutionError(string Name, string Value, IReadOnlyList<string> Traceback);

/// <summary>Completion matches replacing the code between <see cref="Start"/> and <see cref="End"/> (UTF-16 offsets).</summary>
public sealed record CompletionResult(IReadOnlyList<string> Matches, int Start, int End);

/// <summary>The answer to <c>is_complete_request</c>: status is complete, incomplete, invalid or unknown.</summary>
public sealed record IsCompleteResult(string Status, string Indent = "");

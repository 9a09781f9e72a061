namespace StableTune.Runtime;

/// <summary>
/// How a host asks the kit's long operations (a fit, a grid of runs) to stop: a notebook kernel's interrupt button.
/// The host registers where the running cell's cancellation token comes from; operations that take an optional
/// <see cref="CancellationToken"/> call <see cref="Resolve"/> so that code in a cell stops on an interrupt
/// without passing a token itself. Outside a host the token never fires.
/// </summary>
public static class HostCancellation
{
    static Func<CancellationToken>? _source;

    /// <summary>The running cell's token (never cancelled when no host registered a source).</summary>
    public static CancellationToken Current => _source?.Invoke() ?? CancellationToken.None;

    /// <summary>
    /// <paramref name="explicitToken"/> when the caller passed a cancellable one, else <see cref="Current"/>.
    /// Call it at the start of an operation and check the result between steps.
    /// </summary>
    public static CancellationToken Resolve(CancellationToken explicitToken) =>
        explicitToken.CanBeCanceled ? explicitToken : Current;

    /// <summary>Registers the host's token source (for a .NET Interactive host: the current invocation context's token); for hosts at start-up only.</summary>
    public static void SetHostSource(Func<CancellationToken>? source) => _source = source;
}

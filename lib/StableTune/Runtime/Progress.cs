namespace StableTune.Runtime;

/// <summary>
/// Where long operations (a fit, a grid) report progress. The library writes to the console by default; a notebook
/// host or kernel installs a reporter that updates a display in place. The library never knows which host it runs in.
/// </summary>
public interface IProgressReporter
{
    /// <summary>Starts a progress task of <paramref name="total"/> steps (0 if unknown).</summary>
    IProgressTask Start(string title, int total);
}

/// <summary>One running progress task. Dispose it when the work ends.</summary>
public interface IProgressTask : IDisposable
{
    /// <summary>Reports <paramref name="done"/> of the total steps and a one-line status (loss, accuracy, ETA…).</summary>
    void Update(int done, string status);
}

/// <summary>The reporter in effect. A host replaces it for the duration of a scope with <see cref="Use"/>.</summary>
public static class ProgressReporter
{
    static readonly AsyncLocal<IProgressReporter?> Scoped = new();
    static IProgressReporter? _hostDefault;

    /// <summary>The reporter for the current execution flow: the innermost <see cref="Use"/>, else the host's, else the console.</summary>
    public static IProgressReporter Current => Scoped.Value ?? _hostDefault ?? ConsoleProgress.Instance;

    /// <summary>Uses <paramref name="reporter"/> in the current execution flow until the returned handle is disposed.</summary>
    public static IDisposable Use(IProgressReporter reporter)
    {
        var previous = Scoped.Value;
        Scoped.Value = reporter;
        return new Restore(() => Scoped.Value = previous);
    }

    /// <summary>Sets the process-wide fallback reporter; meant for a host at start-up (a notebook kernel), not for library code.</summary>
    public static void SetHostDefault(IProgressReporter? reporter) => _hostDefault = reporter;

    sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}

namespace StableTune.Runtime;

/// <summary>A console progress reporter: an in-place bar on a terminal, one line per update step when redirected.</summary>
public sealed class ConsoleProgress : IProgressReporter
{
    /// <summary>The shared console reporter.</summary>
    public static ConsoleProgress Instance { get; } = new();

    /// <inheritdoc />
    public IProgressTask Start(string title, int total) => new Task(title, total);

    sealed class Task(string title, int total) : IProgressTask
    {
        readonly bool _interactive = !Console.IsErrorRedirected;
        int _lastPrinted = -1;

        public void Update(int done, string status)
        {
            if (_interactive)
            {
                var width = 24;
                var filled = total > 0 ? Math.Clamp(done * width / total, 0, width) : 0;
                Console.Error.Write($"\r{title} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {status}   ");
            }
            else if (done != _lastPrinted)
            {
                Console.Error.WriteLine($"{title} {done}/{total} {status}");
            }
            _lastPrinted = done;
        }

        public void Dispose()
        {
            if (_interactive) Console.Error.WriteLine();
        }
    }
}

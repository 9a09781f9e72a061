using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using StableTune.Runtime;

namespace StableTune.Notebooks.Kernel;

/// <summary>
/// Shows the kit's progress (a fit, a grid) as one display in the running cell, updated in place, at most a few
/// times a second. Outside a cell (no invocation context) it falls back to the console.
/// </summary>
public sealed class NotebookProgress : IProgressReporter
{
    /// <summary>Minimum time between two display updates; the final state is always shown.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public IProgressTask Start(string title, int total) =>
        KernelInvocationContext.Current is { } context
            ? new Task(context, title, total)
            : ConsoleProgress.Instance.Start(title, total);

    sealed class Task(KernelInvocationContext context, string title, int total) : IProgressTask
    {
        readonly DisplayedValue _display = context.DisplayAs(Line(title, 0, total, "starting"), "text/plain");
        readonly System.Diagnostics.Stopwatch _sinceUpdate = System.Diagnostics.Stopwatch.StartNew();
        readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();
        string _last = "";

        public void Update(int done, string status)
        {
            _last = Line(title, done, total, $"{status} ({_elapsed.Elapsed.TotalSeconds:0.0} s)");
            if (_sinceUpdate.Elapsed < Interval && done < total) return;
            _sinceUpdate.Restart();
            _display.Update(_last);
        }

        public void Dispose()
        {
            if (_last.Length > 0) _display.Update(_last);
        }

        static string Line(string title, int done, int total, string status)
        {
            const int width = 24;
            var filled = total > 0 ? Math.Clamp(done * width / total, 0, width) : 0;
            return $"{title} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {status}";
        }
    }
}

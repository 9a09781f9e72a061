using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using StableTune.Runtime;

namespace StableTune.Notebooks.Kernel;

/// <summary>
/// Shows the kit's progress (a fit, a grid) as one display in the running cell, updated in place, at most a few
/// times a second. A finished task leaves its display to the next task started in the same cell, so a grid's
/// successive fits share one line instead of leaving one line per run. Outside a cell (no invocation context) it falls
/// back to the console.
/// </summary>
public sealed class NotebookProgress : IProgressReporter
{
    /// <summary>Minimum time between two display updates; the final state is always shown.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    // Per cell: the displays of finished tasks, free for the next task of that cell.
    readonly ConditionalWeakTable<KernelInvocationContext, Stack<DisplayedValue>> _free = new();

    /// <inheritdoc />
    public IProgressTask Start(string title, int total)
    {
        if (KernelInvocationContext.Current is not { } context) return ConsoleProgress.Instance.Start(title, total);
        var free = _free.GetOrCreateValue(context);
        var first = Line(title, 0, total, "starting");
        DisplayedValue? display;
        lock (free) free.TryPop(out display);
        if (display is null) display = context.DisplayAs(first, "text/plain");
        else display.Update(first);
        return new Task(display, title, total, () => { lock (free) free.Push(display); });
    }

    static string Line(string title, int done, int total, string status)
    {
        const int width = 24;
        var filled = total > 0 ? Math.Clamp(done * width / total, 0, width) : 0;
        return $"{title} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {status}";
    }

    sealed class Task(DisplayedValue display, string title, int total, Action release) : IProgressTask
    {
        readonly System.Diagnostics.Stopwatch _sinceUpdate = System.Diagnostics.Stopwatch.StartNew();
        readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();
        string _last = "";
        bool _disposed;

        public void Update(int done, string status)
        {
            if (_disposed) return; // the display may already show another task
            _last = Line(title, done, total, $"{status} ({_elapsed.Elapsed.TotalSeconds:0.0} s)");
            if (_sinceUpdate.Elapsed < Interval && done < total) return;
            _sinceUpdate.Restart();
            display.Update(_last);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_last.Length > 0) display.Update(_last);
            release();
        }
    }
}

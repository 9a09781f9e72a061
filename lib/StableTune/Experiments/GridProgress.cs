using System.Diagnostics;
using StableTune.Runtime;

namespace StableTune.Experiments;

/// <summary>The progress display of a grid: runs done, running and left, elapsed time and an estimate of the rest.</summary>
internal sealed class GridProgress : IDisposable
{
    readonly IProgressTask _task;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Lock _gate = new();
    readonly int _total;
    readonly int _skipped;
    int _done, _running;

    public GridProgress(string title, int total, int alreadyDone)
    {
        _total = total;
        _skipped = _done = alreadyDone;
        _task = ProgressReporter.Current.Start(title, total);
        Report();
    }

    public void Started() { lock (_gate) { _running++; Report(); } }

    public void Stopped(bool finished)
    {
        lock (_gate)
        {
            _running--;
            if (finished) _done++;
            Report();
        }
    }

    void Report()
    {
        var left = _total - _done;
        var finishedHere = _done - _skipped;
        var elapsed = _clock.Elapsed;
        var eta = finishedHere > 0 ? Format(elapsed / finishedHere * left) : "?";
        var resumed = _skipped > 0 ? $", {_skipped} from before" : "";
        _task.Update(_done, $"done {_done}{resumed}, running {_running}, left {left}, elapsed {Format(elapsed)}, eta {eta}");
    }

    static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : $"{t.Minutes}m{t.Seconds:D2}s";

    public void Dispose() => _task.Dispose();
}

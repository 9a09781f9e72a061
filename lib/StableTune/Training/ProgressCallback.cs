using StableTune.Runtime;

namespace StableTune.Training;

/// <summary>
/// Reports a fit to <see cref="ProgressReporter.Current"/>: one step per epoch with train and validation
/// loss/accuracy, seconds per epoch and the remaining time. Added by the trainer to every fit; a host silences or
/// redirects it with <see cref="ProgressReporter.Use"/>.
/// </summary>
public sealed class ProgressCallback : ICallback
{
    IProgressTask? _task;
    double _seconds;
    int _epochsTimed;

    /// <inheritdoc />
    public void BeforeFit(TrainContext context)
    {
        _task = ProgressReporter.Current.Start($"{context.Model.GetName()} seed {context.Seed}", context.Config.Epochs);
        _seconds = 0;
        _epochsTimed = 0;
        if (context.StartEpoch > 0) _task.Update(context.StartEpoch, $"resumed at epoch {context.StartEpoch}");
    }

    /// <inheritdoc />
    public void AfterEpoch(TrainContext context)
    {
        var r = context.History[^1];
        _seconds += r.Seconds;
        _epochsTimed++;
        var eta = TimeSpan.FromSeconds(_seconds / _epochsTimed * (context.Config.Epochs - r.Epoch - 1));
        var validation = context.HasValidation ? $" | val loss {r.ValidationLoss:F4} acc {r.ValidationAccuracy:P1}" : "";
        _task?.Update(r.Epoch + 1, $"loss {r.TrainLoss:F4} acc {r.TrainAccuracy:P1}{validation} | {r.Seconds:F1} s/epoch, ETA {eta:mm\\:ss}");
    }

    /// <inheritdoc />
    public void AfterFit(TrainContext context)
    {
        if (context.StopReason is { } reason && _task is not null)
            _task.Update(context.History.Count, $"{reason}: {context.StopMessage}");
        _task?.Dispose();
        _task = null;
    }
}

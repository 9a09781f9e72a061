using StableTune.Training;

namespace StableTune.Ensembles;

/// <summary>
/// The bookkeeping of one member of a batched fit: its epoch sums, history and status, with the single trainer's
/// divergence rule (<see cref="DivergenceGuard"/>): a non-finite batch loss, or one above DivergenceFactor x its first.
/// </summary>
internal sealed class MemberRun
{
    readonly List<EpochRecord> _history = [];
    double _lossSum, _reference = double.NaN;
    long _correct, _seen;
    RunStatus? _status;
    string? _message;
    bool _recorded = true;

    public bool Running => _status is null;

    public void StartEpoch()
    {
        if (!Running) return;
        _lossSum = 0; _correct = 0; _seen = 0; _recorded = false;
    }

    public void AfterBatch(double loss, long correct, long size, double divergenceFactor, int epoch, int batch, double learningRate)
    {
        if (!Running) return;
        _lossSum += loss * size;
        _correct += correct;
        _seen += size;
        if (!double.IsFinite(loss))
            Stop(RunStatus.Diverged, $"Loss became {loss} in epoch {epoch}, batch {batch} (learning rate {learningRate:G3}).");
        else if (double.IsNaN(_reference)) _reference = loss;
        else if (_reference > 0 && loss > divergenceFactor * _reference)
            Stop(RunStatus.Diverged, $"Loss {loss:G4} exceeded {divergenceFactor:G3} x the first loss ({_reference:G4}) in epoch {epoch}, batch {batch}.");
    }

    /// <summary>Records the epoch (also the one in which the member stopped, as the single trainer does).</summary>
    public void EndEpoch(int epoch, double validationLoss, double validationAccuracy, double learningRate, double seconds)
    {
        if (_recorded || _seen == 0) return;
        _recorded = true;
        _history.Add(new EpochRecord(epoch, _lossSum / _seen, (double)_correct / _seen, validationLoss, validationAccuracy, learningRate, seconds));
    }

    public void Stop(RunStatus status, string message)
    {
        _status ??= status;
        _message ??= message;
    }

    public FitResult Result() => new(_status ?? RunStatus.Completed, _history.ToArray(), _history.Count - 1, _message);
}

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// Stops when the monitored validation value has not improved by more than <c>MinDelta</c> for <c>Patience</c>
/// epochs (status <see cref="RunStatus.EarlyStopped"/>) and, with <c>RestoreBest</c>, puts the best epoch's weights
/// (and batch-norm statistics) back at the end of the fit. Sets <see cref="TrainContext.BestEpoch"/>. Added by the
/// trainer when <c>TrainConfig.EarlyStopping</c> is set; needs validation data.
/// </summary>
public sealed class EarlyStopping(EarlyStoppingConfig config) : ICallback
{
    /// <summary>Monitor name of the validation loss (minimized).</summary>
    public const string ValidationLoss = "val_loss";
    /// <summary>Monitor name of the validation accuracy (maximized).</summary>
    public const string ValidationAccuracy = "val_accuracy";

    readonly EarlyStoppingConfig _config = config ?? throw new ArgumentNullException(nameof(config));
    Dictionary<string, Tensor>? _bestWeights;
    int _bestEpoch = -1;
    double _bestValue = double.NaN;

    /// <inheritdoc />
    public void BeforeFit(TrainContext context)
    {
        if (!context.HasValidation)
            throw new ArgumentException($"Early stopping monitors {_config.Monitor}, but the fit has no validation data: pass validation data or set TrainConfig.EarlyStopping to null.", "validation");
        Release();
        _bestEpoch = -1;
        _bestValue = double.NaN;
        // A resumed run: the best epoch so far comes from the history (its weights are no longer available).
        foreach (var record in context.History)
            if (Improves(Value(record))) (_bestEpoch, _bestValue) = (record.Epoch, Value(record));
        context.BestEpoch = _bestEpoch;
    }

    /// <inheritdoc />
    public void AfterEpoch(TrainContext context)
    {
        var record = context.History[^1];
        var value = Value(record);
        if (Improves(value))
        {
            (_bestEpoch, _bestValue) = (record.Epoch, value);
            context.BestEpoch = record.Epoch;
            if (_config.RestoreBest) Snapshot(context.Model);
        }
        else if (record.Epoch - _bestEpoch >= _config.Patience)
        {
            context.Stop(RunStatus.EarlyStopped, $"{_config.Monitor} did not improve for {_config.Patience} epochs; best {_bestValue:G4} at epoch {_bestEpoch}.");
        }
    }

    /// <inheritdoc />
    public void AfterFit(TrainContext context)
    {
        if (_config.RestoreBest && _bestWeights is not null && context.History.Count > 0 && context.History[^1].Epoch != _bestEpoch)
        {
            using var noGrad = no_grad();
            var current = context.Model.state_dict();
            foreach (var (name, saved) in _bestWeights) current[name].copy_(saved);
        }
        Release();
    }

    double Value(EpochRecord record) => _config.Monitor == ValidationAccuracy ? record.ValidationAccuracy : record.ValidationLoss;

    bool Improves(double value)
    {
        if (double.IsNaN(value)) return false;
        if (_bestEpoch < 0) return true;
        return _config.Monitor == ValidationAccuracy ? value > _bestValue + _config.MinDelta : value < _bestValue - _config.MinDelta;
    }

    void Snapshot(nn.Module model)
    {
        Release();
        _bestWeights = new Dictionary<string, Tensor>();
        foreach (var (name, value) in model.state_dict())
            _bestWeights[name] = value.detach().clone().DetachFromDisposeScope();
    }

    void Release()
    {
        if (_bestWeights is null) return;
        foreach (var t in _bestWeights.Values) t.Dispose();
        _bestWeights = null;
    }
}

namespace StableTune.Training;

/// <summary>
/// Stops a run whose batch loss becomes NaN or infinite, or exceeds <c>TrainConfig.DivergenceFactor</c> times the
/// run's first batch loss, and marks it <see cref="RunStatus.Diverged"/>. Training never throws for divergence: the
/// diverging epoch is still recorded, so the history shows how it blew up. Added by the trainer to every fit.
/// </summary>
public sealed class DivergenceGuard : ICallback
{
    double _reference = double.NaN;

    /// <inheritdoc />
    public void BeforeFit(TrainContext context) => _reference = double.NaN;

    /// <inheritdoc />
    public void AfterBatch(TrainContext context)
    {
        var loss = context.BatchLoss;
        if (!double.IsFinite(loss))
        {
            context.Stop(RunStatus.Diverged, $"Loss became {loss} in epoch {context.Epoch}, batch {context.Batch} (learning rate {context.LearningRate:G3}).");
            return;
        }
        if (double.IsNaN(_reference))
        {
            // A resumed run compares with its first epoch, an uninterrupted one with its first batch.
            _reference = context.History.Count > 0 ? context.History[0].TrainLoss : loss;
            return;
        }
        var limit = context.Config.DivergenceFactor * _reference;
        if (_reference > 0 && loss > limit)
            context.Stop(RunStatus.Diverged, $"Loss {loss:G4} exceeded {context.Config.DivergenceFactor:G3} x the first loss ({_reference:G4}) in epoch {context.Epoch}, batch {context.Batch}.");
    }
}

namespace StableTune.Training;

/// <summary>
/// The learning-rate multiplier of a <see cref="ScheduleConfig"/> at a given optimizer step (a pure function, so the
/// curve can be plotted without training). The peak rate is <c>TrainConfig.LearningRate</c>; the multiplier is in [0, 1].
/// <list type="bullet">
/// <item><c>WarmupEpochs</c> &gt; 0: the first <c>WarmupEpochs x stepsPerEpoch</c> steps rise linearly to 1
/// (step s gets <c>(s + 1) / warmupSteps</c>, so no step has rate 0); the schedule below runs on the remaining steps.</item>
/// <item>Constant: 1.</item>
/// <item>Step: <c>Gamma ^ floor(epoch / StepEpochs)</c>, counting whole epochs from the start of the run.</item>
/// <item>Cosine: from 1 down to <c>FinalFraction</c> along half a cosine.</item>
/// <item>OneCycle: rises linearly from 1/25 to 1 (over the warm-up, or the first 30% of steps without one), then
/// cosine down to <c>FinalFraction</c> (Smith's one-cycle policy, PyTorch's default shape).</item>
/// </list>
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>One-cycle's starting fraction of the peak (PyTorch's <c>div_factor</c> 25).</summary>
    public const double OneCycleStart = 1.0 / 25;
    /// <summary>One-cycle's rising share of the run when there is no explicit warm-up.</summary>
    public const double OneCycleRise = 0.3;

    /// <summary>The multiplier at 0-based <paramref name="step"/> of a run of <paramref name="totalSteps"/> steps.</summary>
    public static double Factor(ScheduleConfig schedule, long step, int stepsPerEpoch, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (stepsPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "must be at least 1");
        var warmup = (long)Math.Round(schedule.WarmupEpochs * stepsPerEpoch);
        if (schedule.Kind == ScheduleKind.OneCycle)
        {
            var rise = warmup > 0 ? warmup : (long)Math.Round(OneCycleRise * totalSteps);
            if (step < rise) return OneCycleStart + (1 - OneCycleStart) * step / Math.Max(1, rise - 1);
            // The rise ends at the peak (step rise - 1), which is also the first point of the anneal.
            return Cosine(schedule.FinalFraction, step - rise + 1, totalSteps - rise + 1);
        }
        if (step < warmup) return (step + 1.0) / warmup;
        return schedule.Kind switch
        {
            ScheduleKind.Constant => 1,
            ScheduleKind.Step => Math.Pow(schedule.Gamma, step / stepsPerEpoch / schedule.StepEpochs),
            ScheduleKind.Cosine => Cosine(schedule.FinalFraction, step - warmup, totalSteps - warmup),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule.Kind, "Unknown schedule kind."),
        };
    }

    /// <summary>Half a cosine from 1 (at 0) to <paramref name="final"/> (at the last of <paramref name="length"/> steps).</summary>
    static double Cosine(double final, long position, long length)
    {
        var t = length <= 1 ? 1.0 : Math.Clamp((double)position / (length - 1), 0, 1);
        return final + (1 - final) * 0.5 * (1 + Math.Cos(Math.PI * t));
    }
}

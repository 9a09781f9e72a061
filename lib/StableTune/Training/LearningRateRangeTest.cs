using Microsoft.Data.Analysis;
using StableTune.Data;
using StableTune.Models;

namespace StableTune.Training;

/// <summary>One step of a learning-rate range test: the rate used for the batch, its loss, and the smoothed loss.</summary>
public sealed record RangeTestPoint(int Step, double LearningRate, double Loss, double SmoothedLoss);

/// <summary>What a range test found: every step, and the rate where the smoothed loss fell fastest (a starting point for tuning).</summary>
public sealed record RangeTestResult(int Seed, IReadOnlyList<RangeTestPoint> Points, double SteepestLearningRate, double MinimumLossLearningRate);

/// <summary>
/// The learning-rate range test (Smith, "Cyclical learning rates", 2017): train for a few hundred batches while the
/// learning rate grows exponentially from <c>start</c> to <c>end</c>, and record the loss. The loss falls while the rate is
/// useful and blows up once it is too large; a good constant rate sits where it falls fastest, below the minimum.
/// </summary>
public static class LearningRateRangeTest
{
    /// <summary>
    /// Runs the test for <paramref name="model"/> trained with <paramref name="train"/>'s optimizer, loss and batch size
    /// (its learning rate, epochs and schedule are replaced) on <paramref name="data"/>, from seed <paramref name="seed"/>.
    /// Stops after <paramref name="steps"/> batches or once the smoothed loss exceeds 4x its minimum.
    /// </summary>
    public static RangeTestResult Run(ModelConfig model, TrainConfig train, TensorData data, int seed = 0,
                                      double start = 1e-5, double end = 10, int steps = 100)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(start > 0 && end > start)) throw new ArgumentException($"Need 0 < start < end, got start {start}, end {end}.", nameof(start));
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Use at least 2 steps.");
        var batches = (int)Math.Ceiling(data.Count / (double)train.BatchSize);
        var config = train with
        {
            LearningRate = start, Epochs = (int)Math.Ceiling(steps / (double)batches), Schedule = new ScheduleConfig(),
            EarlyStopping = null, DivergenceFactor = double.MaxValue,
        };
        var probe = new Probe(start, end, steps);
        using (new Trainer(config).Fit(model, data, null, seed, [probe])) { }
        return Summarize(seed, probe.Points);
    }

    /// <summary>One row per test: seed, steepest-descent rate, minimum-loss rate, steps run.</summary>
    public static DataFrame ToDataFrame(this IReadOnlyList<RangeTestResult> results) => new(
        new Int32DataFrameColumn("seed", results.Select(r => r.Seed)),
        new DoubleDataFrameColumn("steepest_lr", results.Select(r => r.SteepestLearningRate)),
        new DoubleDataFrameColumn("minimum_loss_lr", results.Select(r => r.MinimumLossLearningRate)),
        new Int32DataFrameColumn("steps", results.Select(r => r.Points.Count)));

    /// <summary>The steepest-descent and minimum-loss rates of recorded points (pure, for tests).</summary>
    public static RangeTestResult Summarize(int seed, IReadOnlyList<RangeTestPoint> points)
    {
        if (points.Count < 3) return new RangeTestResult(seed, points, double.NaN, double.NaN);
        var minimum = Enumerable.Range(0, points.Count).MinBy(i => points[i].SmoothedLoss);
        // steepest fall of the smoothed loss per decade of learning rate, up to the minimum
        var steepest = Enumerable.Range(1, Math.Max(1, minimum))
            .MinBy(i => (points[i].SmoothedLoss - points[i - 1].SmoothedLoss) / Math.Log10(points[i].LearningRate / points[i - 1].LearningRate));
        return new RangeTestResult(seed, points, points[steepest].LearningRate, points[minimum].LearningRate);
    }

    /// <summary>Sets the rate before each batch (after the trainer's scheduler) and records the loss after it.</summary>
    sealed class Probe(double start, double end, int steps) : ICallback
    {
        const double Beta = 0.9; // exponential smoothing of the noisy batch losses
        double _average;
        double _best = double.PositiveInfinity;
        public List<RangeTestPoint> Points { get; } = [];

        double Rate(long step) => start * Math.Pow(end / start, step / (double)(steps - 1));

        public void BeforeBatch(TrainContext context)
        {
            var rate = Rate(context.Step);
            foreach (var group in context.Optimizer.ParamGroups) group.LearningRate = rate;
            context.LearningRate = rate;
        }

        public void AfterBatch(TrainContext context)
        {
            var step = (int)context.Step;
            var loss = context.BatchLoss;
            _average = Beta * _average + (1 - Beta) * loss;
            var smoothed = _average / (1 - Math.Pow(Beta, step + 1)); // bias correction, as in Adam
            if (double.IsFinite(smoothed)) Points.Add(new RangeTestPoint(step, Rate(step), loss, smoothed));
            if (double.IsFinite(smoothed)) _best = Math.Min(_best, smoothed);
            if (step + 1 >= steps || !double.IsFinite(smoothed) || smoothed > 4 * _best)
                context.Stop(RunStatus.EarlyStopped, $"range test ended at learning rate {Rate(step):G3}");
        }
    }
}

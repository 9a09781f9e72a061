using StableTune.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Stability;

/// <summary>How far two runs of the same configuration and seed ended apart (all zero = bit-identical).</summary>
/// <param name="MaxWeightDifference">Largest absolute difference of any weight or buffer (batch-norm statistics).</param>
/// <param name="MaxMetricDifference">Largest absolute difference of any final metric.</param>
/// <param name="MaxHistoryDifference">Largest absolute difference in the per-epoch losses and accuracies.</param>
/// <param name="PredictionDifferences">Test examples predicted differently.</param>
public sealed record DeterminismReport(double MaxWeightDifference, double MaxMetricDifference, double MaxHistoryDifference, int PredictionDifferences)
{
    /// <summary>Whether the two runs are bit-identical in weights, metrics, history and predictions.</summary>
    public bool Identical => MaxWeightDifference == 0 && MaxMetricDifference == 0 && MaxHistoryDifference == 0 && PredictionDifferences == 0;
}

/// <summary>Determinism checks: run the same seed twice and measure the largest difference.</summary>
public static class Determinism
{
    /// <summary>Largest absolute difference between the state (weights and buffers) of two models of the same architecture.</summary>
    public static double MaxWeightDifference(nn.Module a, nn.Module b)
    {
        var sa = a.state_dict();
        var sb = b.state_dict();
        if (!sa.Keys.Order().SequenceEqual(sb.Keys.Order()))
            throw new ArgumentException("The two models have different parameters: compare runs of the same configuration.", nameof(b));
        var max = 0.0;
        using var noGrad = no_grad();
        foreach (var (name, ta) in sa)
        {
            using var scope = NewDisposeScope();
            var tb = sb[name];
            if (!ta.shape.SequenceEqual(tb.shape)) throw new ArgumentException($"Parameter {name} has different shapes.", nameof(b));
            if (ta.numel() == 0) continue;
            var diff = ta.to(ScalarType.Float64).cpu().sub(tb.to(ScalarType.Float64).cpu()).abs().max().item<double>();
            max = Math.Max(max, double.IsNaN(diff) ? double.PositiveInfinity : diff);
        }
        return max;
    }

    /// <summary>Compares the results of two runs (metrics, history, predictions) and, when given, their models.</summary>
    public static DeterminismReport Compare(RunResult a, RunResult b, nn.Module? modelA = null, nn.Module? modelB = null)
    {
        var metrics = a.Metrics.Keys.Union(b.Metrics.Keys)
            .Select(k => Diff(a.Metrics.GetValueOrDefault(k, double.NaN), b.Metrics.GetValueOrDefault(k, double.NaN)))
            .DefaultIfEmpty(0).Max();
        var history = a.History.Count != b.History.Count ? double.PositiveInfinity
            : a.History.Zip(b.History, (x, y) => new[]
              {
                  Diff(x.TrainLoss, y.TrainLoss), Diff(x.TrainAccuracy, y.TrainAccuracy),
                  Diff(x.ValidationLoss, y.ValidationLoss), Diff(x.ValidationAccuracy, y.ValidationAccuracy),
                  Diff(x.LearningRate, y.LearningRate),
              }.Max()).DefaultIfEmpty(0).Max();
        var predictions = a.Predictions.Count != b.Predictions.Count ? Math.Max(a.Predictions.Count, b.Predictions.Count)
            : a.Predictions.Zip(b.Predictions).Count(p => p.First != p.Second);
        var weights = modelA is null || modelB is null ? 0 : MaxWeightDifference(modelA, modelB);
        return new DeterminismReport(weights, metrics, history, predictions);
    }

    /// <summary>
    /// Runs <paramref name="config"/> twice with the same <paramref name="seed"/> (fold 0 of repeat 0 by default) and
    /// reports the largest differences. On the CPU the kit's runs are expected to be bit-identical.
    /// </summary>
    public static DeterminismReport Check(RunConfig config, int seed = 0, int repeat = 0, int fold = 0, string? device = null)
    {
        using var runner = new StandardRunner(device);
        var (first, modelA) = runner.Execute(config, seed, repeat, fold);
        using (modelA)
        {
            var (second, modelB) = runner.Execute(config, seed, repeat, fold);
            using (modelB) return Compare(first, second, modelA, modelB);
        }
    }

    // Equal NaNs count as equal; a NaN against a number is an infinite difference.
    static double Diff(double x, double y) =>
        double.IsNaN(x) && double.IsNaN(y) ? 0 : double.IsNaN(x) || double.IsNaN(y) ? double.PositiveInfinity : Math.Abs(x - y);
}

using Microsoft.Data.Analysis;
using StableTune.Data;
using StableTune.Metrics;

namespace StableTune.Experiments;

/// <summary>Views of result sets for reading them in a notebook: per-run tables, combined sets, pooled fold predictions.</summary>
public static class ResultViews
{
    /// <summary>One row per run: config, seed, repeat, fold, status, then the named metrics (NaN where a run lacks one).</summary>
    public static DataFrame RunTable(this ResultSet results, params string[] metrics)
    {
        ArgumentNullException.ThrowIfNull(results);
        var columns = results.RunKeyColumns();
        columns.AddRange(metrics.Select(m => new DoubleDataFrameColumn(m, results.Runs.Select(r => r.Metrics.GetValueOrDefault(m, double.NaN)))));
        return new DataFrame(columns);
    }

    /// <summary>
    /// Several result sets as one, each set's configurations renamed to its name (a set with several configurations:
    /// <c>"&lt;name&gt; &lt;config&gt;"</c>): e.g. the same setup evaluated under different validation schemes.
    /// </summary>
    public static ResultSet Combine(IEnumerable<(string Name, ResultSet Results)> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var runs = sets.SelectMany(s => s.Results.Runs.Select(r => r with
        {
            ConfigName = s.Results.Configs.Count == 1 ? s.Name : $"{s.Name} {r.ConfigName}",
        })).ToList();
        return new ResultSet(null, runs);
    }

    /// <summary>
    /// Pools the test-fold predictions of <paramref name="config"/>'s runs with <paramref name="seed"/> in
    /// <paramref name="repeat"/> (every example is predicted once, by the model that did not train on it) and scores
    /// them against <paramref name="data"/>'s labels: confusion matrix, per-class precision, recall and F1.
    /// </summary>
    /// <exception cref="ArgumentException">A fold's run is missing, or its predictions do not match the split's test rows.</exception>
    public static ClassificationMetrics PooledMetrics(this ResultSet results, string config, TensorData data,
                                                      IReadOnlyList<FoldSplit> splits, int seed, int repeat = 0)
    {
        ArgumentNullException.ThrowIfNull(results);
        var labels = data.LabelArray();
        var accumulator = new MetricAccumulator(data.ClassNames.Count, classNames: data.ClassNames);
        foreach (var split in splits.Where(s => s.Repeat == repeat))
        {
            var run = results.Of(config).FirstOrDefault(r => r.Seed == seed && r.Repeat == repeat && r.Fold == split.Fold)
                ?? throw new ArgumentException($"No run of \"{config}\" with seed {seed}, repeat {repeat}, fold {split.Fold}.", nameof(results));
            if (run.Predictions.Count != split.Test.Length)
                throw new ArgumentException($"Run {config} seed {seed} fold {split.Fold} has {run.Predictions.Count} predictions for {split.Test.Length} test rows: were these splits used for the run?", nameof(splits));
            accumulator.Update(run.Predictions.Select(p => (long)p).ToArray(), split.Test.Select(i => labels[i]).ToArray());
        }
        return accumulator.Compute();
    }
}

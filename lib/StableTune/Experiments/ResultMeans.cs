using Microsoft.Data.Analysis;
using StableTune.Stability;
using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>Several metrics side by side: one row per configuration, the mean and spread of each metric over its runs.</summary>
public static class ResultMeans
{
    /// <summary>
    /// One row per configuration: runs, diverged runs, then for each of <paramref name="metrics"/> its mean and standard
    /// deviation (<c>&lt;metric&gt;_mean</c>, <c>&lt;metric&gt;_std</c>) over the runs that trained to the end.
    /// </summary>
    public static DataFrame Means(this ResultSet results, params string[] metrics)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (metrics.Length == 0) throw new ArgumentException("Name at least one metric, e.g. Means(\"accuracy\", \"gap\").", nameof(metrics));
        var configs = results.Configs;
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("config", configs),
            new Int32DataFrameColumn("runs", configs.Select(c => results.Of(c).Count)),
            new Int32DataFrameColumn("diverged", configs.Select(c => results.Of(c).Count(r => r.Status == RunStatus.Diverged))),
        };
        foreach (var metric in metrics)
        {
            var values = configs.Select(c => results.Values(c, metric)).ToList();
            columns.Add(new DoubleDataFrameColumn($"{metric}_mean", values.Select(v => v.Length == 0 ? double.NaN : Descriptive.Mean(v))));
            columns.Add(new DoubleDataFrameColumn($"{metric}_std", values.Select(v => v.Length > 1 ? Descriptive.Std(v) : double.NaN)));
        }
        return new DataFrame(columns);
    }
}

using Microsoft.Data.Analysis;
using StableTune.Experiments;

namespace StableTune.Stability;

/// <summary>
/// The capstone table of the course: for each configuration, every kind of stability measured in one row. Reads a
/// seeds x folds result set (spread, seed and fold variance) and a hold-out result set made with
/// <see cref="Probes.Robustness"/> (churn between seeds, robustness to noise and shifts).
/// </summary>
public static class StabilityReport
{
    /// <summary>
    /// One row per configuration present in both sets: cross-validated accuracy (mean, std), the seed and fold shares of
    /// its variance, divergence rate over all runs, hold-out accuracy, prediction churn between seeds, and for each
    /// perturbation in the hold-out runs (e.g. <c>noise0.2</c>, <c>shift2</c>) the accuracy drop and the flip rate.
    /// </summary>
    public static DataFrame Build(ResultSet folds, ResultSet holdOut, string metric = "accuracy")
    {
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(holdOut);
        var configs = folds.Configs.Intersect(holdOut.Configs).ToList();
        if (configs.Count == 0) throw new ArgumentException("The fold and hold-out result sets share no configuration name.", nameof(holdOut));
        var perturbations = holdOut.Runs.SelectMany(r => r.Metrics.Keys).Where(k => k.EndsWith("_flip", StringComparison.Ordinal))
            .Select(k => k[..^"_flip".Length]).Distinct().Order(StringComparer.Ordinal).ToList();

        double Mean(double[] v) => v.Length == 0 ? double.NaN : Descriptive.Mean(v);
        double Std(double[] v) => v.Length > 1 ? Descriptive.Std(v) : double.NaN;
        var components = configs.Select(c => folds.VarianceComponents(c, metric)).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("config", configs),
            new DoubleDataFrameColumn($"cv_{metric}_mean", configs.Select(c => Mean(folds.Values(c, metric)))),
            new DoubleDataFrameColumn($"cv_{metric}_std", configs.Select(c => Std(folds.Values(c, metric)))),
            new DoubleDataFrameColumn("seed_share", components.Select(v => v.SeedShare)),
            new DoubleDataFrameColumn("fold_share", components.Select(v => v.Total > 0 ? v.Fold / v.Total : double.NaN)),
            new DoubleDataFrameColumn("divergence_rate", configs.Select(c =>
                (folds.Of(c).Count(r => r.Status == Training.RunStatus.Diverged) + holdOut.Of(c).Count(r => r.Status == Training.RunStatus.Diverged))
                / (double)(folds.Of(c).Count + holdOut.Of(c).Count))),
            new DoubleDataFrameColumn($"holdout_{metric}_mean", configs.Select(c => Mean(holdOut.Values(c, metric)))),
            new DoubleDataFrameColumn("churn", configs.Select(c => holdOut.Churn(c))),
        };
        foreach (var p in perturbations)
        {
            columns.Add(new DoubleDataFrameColumn($"{p}_drop", configs.Select(c =>
                Mean(holdOut.Values(c, metric)) - Mean(holdOut.Values(c, $"{p}_accuracy")))));
            columns.Add(new DoubleDataFrameColumn($"{p}_flips", configs.Select(c => Mean(holdOut.Values(c, $"{p}_flip")))));
        }
        return new DataFrame(columns);
    }
}

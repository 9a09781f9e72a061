using System.Globalization;
using Microsoft.Data.Analysis;
using StableTune.Experiments;

namespace StableTune.Stability;

/// <summary>Robustness per configuration: accuracy and flipped predictions under each perturbation, over runs.</summary>
public static class RobustnessTable
{
    /// <summary>
    /// One row per configuration and perturbation ("noise" or "shift", with its strength): runs measured, mean and std of
    /// the perturbed accuracy and of the share of flipped predictions, over the runs that trained to the end.
    /// Needs runs made with <c>RunConfig.Robustness</c> (metrics <c>noise0.1_accuracy</c>, <c>noise0.1_flip</c>, ...).
    /// </summary>
    public static DataFrame Robustness(this ResultSet results)
    {
        var rows = new List<(string Config, string Kind, double Strength, int Runs, double[] Accuracy, double[] Flip)>();
        foreach (var config in results.Configs)
        {
            var runs = results.Of(config).Where(ResultSet.IsUsable).ToList();
            var levels = runs.SelectMany(r => r.Metrics.Keys).Distinct().Select(Parse).OfType<(string Kind, double Strength, string Prefix)>()
                .OrderBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.Strength);
            foreach (var (kind, strength, prefix) in levels)
            {
                var measured = runs.Where(r => r.Metrics.ContainsKey(prefix + "_accuracy")).ToList();
                rows.Add((config, kind, strength, measured.Count,
                    measured.Select(r => r.Metrics[prefix + "_accuracy"]).ToArray(),
                    measured.Select(r => r.Metrics.GetValueOrDefault(prefix + "_flip", double.NaN)).ToArray()));
            }
        }
        if (rows.Count == 0) throw new InvalidOperationException("No run has robustness metrics: set RunConfig.Robustness (or a probe that writes noise<σ>_accuracy).");
        static double Std(double[] v) => v.Length > 1 ? Descriptive.Std(v) : double.NaN;
        return new DataFrame(
            new StringDataFrameColumn("config", rows.Select(r => r.Config)),
            new StringDataFrameColumn("perturbation", rows.Select(r => r.Kind)),
            new DoubleDataFrameColumn("strength", rows.Select(r => r.Strength)),
            new Int32DataFrameColumn("runs", rows.Select(r => r.Runs)),
            new DoubleDataFrameColumn("accuracy_mean", rows.Select(r => Descriptive.Mean(r.Accuracy))),
            new DoubleDataFrameColumn("accuracy_std", rows.Select(r => Std(r.Accuracy))),
            new DoubleDataFrameColumn("flip_mean", rows.Select(r => Descriptive.Mean(r.Flip))),
            new DoubleDataFrameColumn("flip_std", rows.Select(r => Std(r.Flip))));
    }

    // "noise0.1_accuracy" -> ("noise", 0.1, "noise0.1"); other metrics -> null.
    static (string, double, string)? Parse(string metric)
    {
        if (!metric.EndsWith("_accuracy", StringComparison.Ordinal)) return null;
        var prefix = metric[..^"_accuracy".Length];
        foreach (var kind in new[] { "noise", "shift" })
            if (prefix.StartsWith(kind, StringComparison.Ordinal)
                && double.TryParse(prefix[kind.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var strength))
                return (kind, strength, prefix);
        return null;
    }
}

using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>
/// The immutable outcome of one run (one configuration x seed x fold): its configuration, history, final metrics,
/// test predictions (for churn and robustness statistics) and the manifest of where and how it ran.
/// </summary>
public sealed record RunResult
{
    /// <summary>Short name of the configuration within its grid (e.g. "lr=0.01").</summary>
    public required string ConfigName { get; init; }
    /// <summary>The whole configuration as JSON (what was run, exactly).</summary>
    public required string ConfigJson { get; init; }
    public required int Seed { get; init; }
    /// <summary>Fold index (0 for a hold-out split).</summary>
    public int Fold { get; init; }
    /// <summary>Repeat index for repeated k-fold (0 otherwise).</summary>
    public int Repeat { get; init; }
    public required RunStatus Status { get; init; }
    public string? Message { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
    /// <summary>Final metrics on the evaluation part, e.g. "accuracy", "macro_f1", "loss", "train_accuracy".</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    /// <summary>Predicted class per evaluation example, in the evaluation set's order (empty when not kept).</summary>
    public IReadOnlyList<int> Predictions { get; init; } = [];
    public required Manifest Manifest { get; init; }
    public double Seconds { get; init; }
}

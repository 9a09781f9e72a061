using System.Text.Json.Serialization;
using StableTune.Models;
using StableTune.Stability;
using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>The course's datasets by name (see <c>Data.Datasets</c>).</summary>
public enum DatasetName { FashionMnist, Digits, Iris, Wine, BreastCancer }

/// <summary>Which data a run uses. Immutable; part of the grid's fingerprint.</summary>
public sealed record DataConfig
{
    /// <summary>The dataset.</summary>
    public DatasetName Dataset { get; init; } = DatasetName.FashionMnist;
    /// <summary>Image datasets: only the first n images of each class (a data-budget experiment). Null = all.</summary>
    public int? MaxPerClass { get; init; }
    /// <summary>Image datasets: only these classes, relabelled 0..k-1 in this order. Null = all.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Value equality over the class list's items, so equal configurations share loaded data.</summary>
    public bool Equals(DataConfig? other) => other is not null && Dataset == other.Dataset && MaxPerClass == other.MaxPerClass
        && (Classes ?? []).SequenceEqual(other.Classes ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Dataset, MaxPerClass, string.Join("\u0001", Classes ?? []));
}

/// <summary>How a run's examples are split into a training and a test part.</summary>
public enum SplitKind
{
    /// <summary>One stratified hold-out split of <see cref="ValidationConfig.TestFraction"/> (one fold).</summary>
    HoldOut,
    /// <summary>Stratified k-fold cross-validation, repeated <see cref="ValidationConfig.Repeats"/> times.</summary>
    KFold,
    /// <summary>Train on the dataset's own training split, test on its test split (Fashion-MNIST only; one fold).</summary>
    TestSet,
}

/// <summary>
/// The validation scheme. The split depends on <see cref="SplitSeed"/> only, never on the run's seed, so seed effects
/// and fold effects stay separable: every seed of a configuration sees the same folds.
/// </summary>
public sealed record ValidationConfig
{
    public SplitKind Kind { get; init; } = SplitKind.HoldOut;
    /// <summary>Test share of a <see cref="SplitKind.HoldOut"/> split.</summary>
    public double TestFraction { get; init; } = 0.2;
    /// <summary>Folds of <see cref="SplitKind.KFold"/>.</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Repeats of <see cref="SplitKind.KFold"/> (repeated stratified k-fold).</summary>
    public int Repeats { get; init; } = 1;
    /// <summary>Seed of the split (fixed across the runs of a grid).</summary>
    public int SplitSeed { get; init; }
    /// <summary>
    /// Share of the training part held out as a validation set for per-epoch validation and early stopping
    /// (0 = none; then validation columns of the history are NaN).
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>Folds per repeat of this scheme.</summary>
    [JsonIgnore]
    public int FoldCount => Kind == SplitKind.KFold ? Folds : 1;
    /// <summary>Repeats of this scheme.</summary>
    [JsonIgnore]
    public int RepeatCount => Kind == SplitKind.KFold ? Repeats : 1;
}

/// <summary>
/// Everything one standard course run needs: data, model, training (with the fine-tuning options of
/// <see cref="TrainingSetup"/>) and validation scheme, and optional robustness evaluation. Immutable; written with every result and part of the grid's fingerprint.
/// </summary>
public sealed record RunConfig
{
    public DataConfig Data { get; init; } = new();
    /// <summary>The model (an <see cref="MlpConfig"/>, <see cref="CnnConfig"/> or <see cref="BackboneHeadConfig"/>).</summary>
    public ModelConfig Model { get; init; } = new MlpConfig();
    /// <summary>How to train (for a two-stage fine-tune: the first, frozen-backbone stage).</summary>
    public TrainConfig Train { get; init; } = new();
    /// <summary>See <see cref="TrainingSetup.PretrainedBackbone"/> (<see cref="BackboneHeadConfig"/> models only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] // configurations without fine-tuning keep their fingerprint
    public string? PretrainedBackbone { get; init; }
    /// <summary>See <see cref="TrainingSetup.FreezeBackbone"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FreezeBackbone { get; init; }
    /// <summary>See <see cref="TrainingSetup.ThenUnfrozen"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TrainConfig? ThenUnfrozen { get; init; }
    public ValidationConfig Validation { get; init; } = new();
    /// <summary>Evaluate the trained model on perturbed test inputs too (null = skip); see <see cref="Probes.Robustness"/>.</summary>
    public RobustnessConfig? Robustness { get; init; }

    /// <summary>The model and its training as the <see cref="TrainingSetup"/> a run executes (the same code as <see cref="Study"/>'s runs).</summary>
    [JsonIgnore]
    public TrainingSetup Setup => new(Model, Train) { PretrainedBackbone = PretrainedBackbone, FreezeBackbone = FreezeBackbone, ThenUnfrozen = ThenUnfrozen };
}

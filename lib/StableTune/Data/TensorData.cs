using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Data;

/// <summary>
/// A labelled dataset held as tensors: <see cref="Features"/> is float32 <c>[N, ...]</c> (images <c>[N, C, H, W]</c>,
/// tables <c>[N, F]</c>), <see cref="Labels"/> is int64 <c>[N]</c> with values in <c>0..ClassNames.Count-1</c>.
/// The tensors live outside any dispose scope; the dataset owns them and disposes them with itself.
/// </summary>
public sealed class TensorData : IDisposable
{
    /// <summary>Creates a dataset; takes ownership of both tensors (detaches them from any dispose scope).</summary>
    public TensorData(Tensor features, Tensor labels, IReadOnlyList<string> classNames, string source)
    {
        if (features.shape[0] != labels.shape[0])
            throw new ArgumentException($"{source}: {features.shape[0]} feature rows but {labels.shape[0]} labels.");
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"{source}: labels must be int64, got {labels.dtype}.");
        Features = features.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassNames = classNames;
        Source = source;
    }

    /// <summary>Inputs, float32 <c>[N, ...]</c>.</summary>
    public Tensor Features { get; }
    /// <summary>Class indices, int64 <c>[N]</c>.</summary>
    public Tensor Labels { get; }
    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Names of the features of a table (null for images or when unknown).</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }
    /// <summary>Where the data came from (a folder or file path, or a description): used in error messages.</summary>
    public string Source { get; }
    /// <summary>Number of examples.</summary>
    public long Count => Features.shape[0];
    /// <summary>Shape of one example, e.g. <c>[1, 28, 28]</c> or <c>[4]</c>.</summary>
    public long[] ExampleShape => Features.shape[1..];

    /// <summary>The examples at <paramref name="indices"/>, as a new dataset (copies).</summary>
    public TensorData Subset(IReadOnlyList<long> indices, string? source = null)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(indices.ToArray(), dtype: ScalarType.Int64);
        return new TensorData(Features.index_select(0, index), Labels.index_select(0, index), ClassNames, source ?? Source)
        {
            FeatureNames = FeatureNames,
        };
    }

    /// <summary>The training and test parts of a split or fold, as new datasets (copies) named after it.</summary>
    public (TensorData Train, TensorData Test) Split(FoldSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        long outside = split.Train.Concat(split.Test).FirstOrDefault(i => i < 0 || i >= Count, -1);
        if (outside >= 0)
            throw new ArgumentException($"{Source}: the split refers to example {outside}, but the dataset has {Count}; was it made for another dataset?", nameof(split));
        var name = $"{Source} (repeat {split.Repeat}, fold {split.Fold})";
        return (Subset(split.Train, $"{name} train"), Subset(split.Test, $"{name} test"));
    }

    /// <summary>Labels as a managed array (for splitting and stratification).</summary>
    public long[] LabelArray() => Labels.cpu().data<long>().ToArray();

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}

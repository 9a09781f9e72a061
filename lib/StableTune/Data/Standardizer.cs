using static TorchSharp.torch;

namespace StableTune.Data;

/// <summary>
/// Shifts and scales features to zero mean and unit variance with statistics of the training part only, then applies
/// the same statistics to validation and test parts (no information leaks from them). Statistics are per feature for
/// tables <c>[N, F]</c> and per channel for images <c>[N, C, H, W]</c> (reduced over every dimension but 1). A
/// constant feature (zero standard deviation) is only shifted, like scikit-learn's StandardScaler.
/// </summary>
public sealed class Standardizer
{
    Standardizer(double[] mean, double[] std, long[] exampleShape)
    {
        Mean = mean;
        Std = std;
        ExampleShape = exampleShape;
    }

    /// <summary>Mean per feature (or channel).</summary>
    public IReadOnlyList<double> Mean { get; }
    /// <summary>Population standard deviation per feature (or channel); 1 where the data were constant.</summary>
    public IReadOnlyList<double> Std { get; }
    /// <summary>Shape of one example the statistics were fitted on.</summary>
    public IReadOnlyList<long> ExampleShape { get; }

    /// <summary>Fits on <paramref name="train"/>'s features.</summary>
    public static Standardizer Fit(TensorData train) => Fit(train.Features);

    /// <summary>Fits on features <c>[N, F]</c> or <c>[N, C, ...]</c>.</summary>
    public static Standardizer Fit(Tensor features)
    {
        if (features.dim() < 2 || features.shape[0] == 0)
            throw new ArgumentException($"Standardizer.Fit needs features [N, F] or [N, C, H, W] with N > 0; got [{string.Join(", ", features.shape)}].", nameof(features));
        using var scope = NewDisposeScope();
        var x = features.detach().to_type(ScalarType.Float64);
        var dims = Enumerable.Range(0, (int)x.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var mean = x.mean(dims).cpu().data<double>().ToArray();
        var std = x.std(dims, unbiased: false).cpu().data<double>().ToArray();
        for (int i = 0; i < std.Length; i++)
            if (!(std[i] > 1e-12 * Math.Max(1.0, Math.Abs(mean[i])))) std[i] = 1.0; // constant: shift only
        return new Standardizer(mean, std, features.shape[1..]);
    }

    /// <summary>Returns <c>(x - mean) / std</c> with the fitted statistics, in <paramref name="features"/>' dtype and device.</summary>
    public Tensor Transform(Tensor features)
    {
        if (features.dim() < 2 || !features.shape[1..].SequenceEqual(ExampleShape))
            throw new ArgumentException($"The Standardizer was fitted on examples of shape [{string.Join(", ", ExampleShape)}], but got [{string.Join(", ", features.shape.Skip(1))}].", nameof(features));
        var shape = new long[features.dim()];
        Array.Fill(shape, 1L);
        shape[1] = Mean.Count; // broadcast over every dimension but 1
        using var mean = tensor(Mean.ToArray(), dtype: features.dtype, device: features.device).view(shape);
        using var std = tensor(Std.ToArray(), dtype: features.dtype, device: features.device).view(shape);
        return features.sub(mean).div_(std);
    }

    /// <summary>A standardized copy of <paramref name="data"/> (same labels and names).</summary>
    public TensorData Transform(TensorData data)
    {
        using var scope = NewDisposeScope();
        return new TensorData(Transform(data.Features), data.Labels.clone(), data.ClassNames, data.Source) { FeatureNames = data.FeatureNames };
    }
}

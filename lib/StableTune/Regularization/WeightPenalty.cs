using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Regularization;

/// <summary>
/// The L1/L2 penalty of a <see cref="RegularizationConfig"/>, composed into the training objective as
/// <c>loss + L1 * sum|w| + L2 * sum w^2</c> (never a model subclass). By default only weight tensors of rank 2 or
/// more (linear and conv kernels) are penalized: biases and normalization scales/shifts (rank 0-1) are excluded,
/// because shrinking them does not reduce capacity and only hurts the fit.
/// </summary>
public sealed class WeightPenalty
{
    readonly Parameter[] _parameters;
    readonly double _l1;
    readonly double _l2;

    WeightPenalty(Parameter[] parameters, double l1, double l2)
    {
        _parameters = parameters;
        _l1 = l1;
        _l2 = l2;
    }

    /// <summary>The penalty for <paramref name="model"/>, or null when the config has no L1 and no L2.</summary>
    public static WeightPenalty? Create(RegularizationConfig config, nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        if (!(config.L1 >= 0 && double.IsFinite(config.L1))) throw new ArgumentException($"RegularizationConfig.L1 = {config.L1}: must be 0 or a positive number.", nameof(config.L1));
        if (!(config.L2 >= 0 && double.IsFinite(config.L2))) throw new ArgumentException($"RegularizationConfig.L2 = {config.L2}: must be 0 or a positive number.", nameof(config.L2));
        if (config.L1 == 0 && config.L2 == 0) return null;
        return new WeightPenalty(PenalizedParameters(model, config.IncludeBiasAndNorm).ToArray(), config.L1, config.L2);
    }

    /// <summary>True for weight matrices and kernels (rank 2 or more); false for biases and normalization parameters.</summary>
    public static bool IsWeightMatrix(Parameter parameter) => parameter.dim() >= 2;

    /// <summary>The parameters a penalty applies to: all of them, or only weight matrices/kernels (the default).</summary>
    public static IEnumerable<Parameter> PenalizedParameters(nn.Module model, bool includeBiasAndNorm) =>
        model.parameters().Where(p => includeBiasAndNorm || IsWeightMatrix(p));

    /// <summary>Number of parameter tensors penalized.</summary>
    public int TensorCount => _parameters.Length;

    /// <summary>The penalty as a differentiable scalar tensor (created in the caller's dispose scope).</summary>
    public Tensor Compute()
    {
        Tensor? total = null;
        foreach (var p in _parameters)
        {
            // Frozen parameters (requires_grad false) cannot change; penalizing them only adds a constant.
            if (!p.requires_grad) continue;
            if (_l1 > 0) total = Add(total, p.abs().sum().mul(_l1));
            if (_l2 > 0) total = Add(total, p.square().sum().mul(_l2));
        }
        return total ?? zeros(1, device: _parameters.Length > 0 ? _parameters[0].device : CPU).squeeze();
    }

    static Tensor Add(Tensor? total, Tensor term) => total is null ? term : total.add(term);
}

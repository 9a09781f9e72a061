namespace StableTune.Regularization;

/// <summary>Penalties added to the loss. Biases and normalization parameters are excluded unless stated.</summary>
public sealed record RegularizationConfig
{
    /// <summary>Coefficient of the L1 penalty, sum |w|.</summary>
    public double L1 { get; init; }
    /// <summary>Coefficient of the L2 penalty, sum w^2 (added to the loss, unlike decoupled weight decay).</summary>
    public double L2 { get; init; }
    /// <summary>Also penalize biases and normalization parameters.</summary>
    public bool IncludeBiasAndNorm { get; init; }
}

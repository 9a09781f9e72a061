using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Models;

/// <summary>Builds models from their configs.</summary>
public static class ModelBuilder
{
    /// <summary>
    /// Builds the model a config describes, on the CPU, in training mode. A pure function of the config and the global
    /// torch random state: weights are initialised from torch's default generator, so call
    /// <c>torch.manual_seed(seed)</c> right before building to get the same weights again (the trainer's
    /// <c>Fit(ModelConfig, ...)</c> overload does this for you).
    /// </summary>
    /// <exception cref="ArgumentException">A config field is out of range (the message names it).</exception>
    public static nn.Module<Tensor, Tensor> Build(ModelConfig config)
    {
        ModelValidation.Validate(config);
        return config switch
        {
            MlpConfig m => new MlpModel(m),
            CnnConfig c => new CnnModel(c),
            BackboneHeadConfig b => new BackboneHeadModel(b),
            _ => throw new ArgumentException($"No builder for {config.GetType().Name}.", nameof(config)),
        };
    }

    /// <summary>Number of scalar parameters (trainable or not) of a module.</summary>
    public static long ParameterCount(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        long total = 0;
        foreach (var p in module.parameters()) total += p.numel();
        return total;
    }
}

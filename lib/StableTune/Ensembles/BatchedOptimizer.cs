using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>
/// SGD, momentum, Nesterov, Adam and AdamW on member-stacked parameters, with a learning rate and a weight decay per
/// member. These optimizers act elementwise, so on the <c>[K, -1]</c> view of a stacked parameter row k receives exactly
/// the update member k would receive alone (same formulas as TorchSharp's optimizers). Weight decay applies to the
/// parameters marked for it (as <see cref="Optimizers.Create"/> exempts biases and normalization parameters).
/// </summary>
public sealed class BatchedOptimizer : IDisposable
{
    /// <summary>Optimizers that act elementwise and can therefore be batched.</summary>
    public static readonly IReadOnlySet<OptimizerKind> Supported =
        new HashSet<OptimizerKind> { OptimizerKind.SGD, OptimizerKind.Momentum, OptimizerKind.Nesterov, OptimizerKind.Adam, OptimizerKind.AdamW };

    readonly IReadOnlyList<Tensor> _parameters;
    readonly bool[] _decayed;
    readonly OptimizerConfig _config;
    readonly int _members;
    readonly double[] _rates, _decays;
    readonly Tensor _learningRates;   // [K, 1]
    readonly Tensor _weightDecays;    // [K, 1]
    readonly Tensor?[] _first, _second;
    int _step;

    /// <summary>
    /// Creates the optimizer over member-stacked <paramref name="parameters"/> (each with whether weight decay applies
    /// to it). <paramref name="learningRates"/> and <paramref name="weightDecays"/> have one entry per member.
    /// </summary>
    public BatchedOptimizer(IEnumerable<(Tensor Parameter, bool Decayed)> parameters, OptimizerConfig config, IReadOnlyList<double> learningRates, IReadOnlyList<double> weightDecays)
    {
        if (!Supported.Contains(config.Kind))
            throw new NotSupportedException($"Optimizer {config.Kind} cannot be batched; use one of {string.Join(", ", Supported)} or train the members one by one.");
        if (learningRates.Count != weightDecays.Count)
            throw new ArgumentException($"{learningRates.Count} learning rates but {weightDecays.Count} weight decays; give one of each per member.");
        var list = parameters.ToList();
        _parameters = list.Select(p => p.Parameter).ToList();
        _decayed = list.Select(p => p.Decayed).ToArray();
        _config = config;
        _members = learningRates.Count;
        _rates = learningRates.ToArray();
        _decays = weightDecays.ToArray();
        var device = _parameters.Count > 0 ? _parameters[0].device : CPU;
        _learningRates = tensor(_rates.Select(v => (float)v).ToArray(), device: device).view(_members, 1).DetachFromDisposeScope();
        _weightDecays = tensor(_decays.Select(v => (float)v).ToArray(), device: device).view(_members, 1).DetachFromDisposeScope();
        _first = new Tensor?[_parameters.Count];
        _second = new Tensor?[_parameters.Count];
    }

    /// <summary>Sets each member's learning rate (for schedules).</summary>
    public void SetLearningRates(IReadOnlyList<double> learningRates)
    {
        learningRates.ToArray().CopyTo(_rates, 0);
        using var values = tensor(_rates.Select(v => (float)v).ToArray(), device: _learningRates.device).view(_members, 1);
        _learningRates.copy_(values);
    }

    /// <summary>Clears the gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad?.zero_();
    }

    // When every member has the same rate (or decay), scalar arithmetic is used: fewer kernels, and exactly
    // TorchSharp's own formulas.
    bool UniformRate => _rates.All(r => r == _rates[0]);
    bool UniformDecay => _decays.All(d => d == _decays[0]);
    bool AnyDecay => _decays.Any(d => d != 0);

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        _step++;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        bool uniformRate = UniformRate, uniformDecay = UniformDecay, anyDecay = AnyDecay;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null) continue;
            var p = _parameters[i].view(_members, -1);
            var g = grad.view(_members, -1);
            bool decay = anyDecay && _decayed[i];
            if (_config.Kind is OptimizerKind.Adam or OptimizerKind.AdamW) Adam(i, p, g, decay, uniformRate, uniformDecay);
            else Sgd(i, p, g, decay, uniformRate, uniformDecay);
        }
    }

    void Adam(int i, Tensor p, Tensor g, bool decay, bool uniformRate, bool uniformDecay)
    {
        double b1 = _config.Beta1, b2 = _config.Beta2, eps = 1e-8;
        if (decay && _config.Kind == OptimizerKind.AdamW)
        {
            if (uniformRate && uniformDecay) p.mul_(1 - _rates[0] * _decays[0]);
            else p.mul_(1 - _learningRates * _weightDecays);
        }
        else if (decay) g = uniformDecay ? g.add(p, alpha: _decays[0]) : g.add(p * _weightDecays);
        var m = _first[i] ??= zeros_like(p).DetachFromDisposeScope();
        var v = _second[i] ??= zeros_like(p).DetachFromDisposeScope();
        m.mul_(b1).add_(g, alpha: 1 - b1);
        v.mul_(b2).addcmul_(g, g, value: 1 - b2);
        var correction1 = 1 - Math.Pow(b1, _step);
        var correction2 = 1 - Math.Pow(b2, _step);
        var denom = v.sqrt().div_(Math.Sqrt(correction2)).add_(eps);
        if (uniformRate) p.addcdiv_(m, denom, value: -_rates[0] / correction1);
        else p.sub_(denom.reciprocal_().mul_(m).mul_(_learningRates / correction1));
    }

    void Sgd(int i, Tensor p, Tensor g, bool decay, bool uniformRate, bool uniformDecay)
    {
        if (decay) g = uniformDecay ? g.add(p, alpha: _decays[0]) : g.add(p * _weightDecays);
        if (_config.Kind != OptimizerKind.SGD)
        {
            var momentum = _config.Momentum;
            var buffer = _first[i];
            if (buffer is null) buffer = _first[i] = g.clone().DetachFromDisposeScope();
            else buffer.mul_(momentum).add_(g);
            g = _config.Kind == OptimizerKind.Nesterov ? g.add(buffer, alpha: momentum) : buffer;
        }
        if (uniformRate) p.add_(g, alpha: -_rates[0]);
        else p.sub_(g * _learningRates);
    }

    /// <summary>Disposes the optimizer state.</summary>
    public void Dispose()
    {
        _learningRates.Dispose();
        _weightDecays.Dispose();
        foreach (var t in _first.Concat(_second)) t?.Dispose();
    }
}

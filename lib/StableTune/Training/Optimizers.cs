using StableTune.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>Builds the optimizer a <see cref="TrainConfig"/> describes.</summary>
public static class Optimizers
{
    /// <summary>
    /// Creates the optimizer for <paramref name="model"/>. Parameters are split into groups: a
    /// <see cref="BackboneHeadModel"/>'s backbone gets <c>LearningRate x BackboneLearningRateScale</c>; when
    /// <c>WeightDecay</c> is set, biases and normalization parameters (tensors of rank 0 or 1) get no decay unless
    /// <c>Regularization.IncludeBiasAndNorm</c>. Every group's <c>InitialLearningRate</c> is its base rate, which
    /// the schedule multiplies. L-BFGS takes one group (no backbone scale, no decay).
    /// </summary>
    public static optim.Optimizer Create(TrainConfig config, nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        var o = config.Optimizer;
        var lr = config.LearningRate;
        if (o.Kind == OptimizerKind.LBFGS)
            return optim.LBFGS(model.parameters(), lr: lr);

        var groups = Groups(config, model);
        var wd = o.WeightDecay;
        return o.Kind switch
        {
            OptimizerKind.SGD or OptimizerKind.Momentum or OptimizerKind.Nesterov => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, lr: g.Rate, momentum: o.Kind == OptimizerKind.SGD ? 0 : o.Momentum,
                    weight_decay: g.Decay ? wd : 0, nesterov: o.Kind == OptimizerKind.Nesterov)), lr),
            OptimizerKind.Adam => optim.Adam(
                groups.Select(g => new Adam.ParamGroup(g.Parameters, lr: g.Rate, beta1: o.Beta1, beta2: o.Beta2, weight_decay: g.Decay ? wd : 0)), lr),
            OptimizerKind.AdamW => optim.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, lr: g.Rate, beta1: o.Beta1, beta2: o.Beta2, weight_decay: g.Decay ? wd : 0)), lr),
            OptimizerKind.RMSprop => optim.RMSProp(
                groups.Select(g => new RMSProp.ParamGroup(g.Parameters, lr: g.Rate, momentum: o.Momentum, weight_decay: g.Decay ? wd : 0)), lr),
            OptimizerKind.Adagrad => optim.Adagrad(
                groups.Select(g => new Adagrad.ParamGroup(g.Parameters, lr: g.Rate, weight_decay: g.Decay ? wd : 0)), lr),
            _ => throw new ArgumentOutOfRangeException(nameof(config), o.Kind, "Unknown optimizer kind."),
        };
    }

    sealed record Group(List<Parameter> Parameters, double Rate, bool Decay);

    /// <summary>Non-empty groups, the head's (or the whole model's) first, so group 0 carries the headline rate.</summary>
    static List<Group> Groups(TrainConfig config, nn.Module model)
    {
        var splitDecay = config.Optimizer.WeightDecay > 0 && !config.Regularization.IncludeBiasAndNorm;
        var parts = new List<(IEnumerable<Parameter> Parameters, double Rate)>();
        if (model is BackboneHeadModel bh)
        {
            parts.Add((bh.Head.parameters(), config.LearningRate));
            parts.Add((bh.Backbone.parameters(), config.LearningRate * config.Optimizer.BackboneLearningRateScale));
        }
        else parts.Add((model.parameters(), config.LearningRate));

        var groups = new List<Group>();
        foreach (var (parameters, rate) in parts)
        {
            var all = parameters.ToList();
            if (!splitDecay) { groups.Add(new Group(all, rate, true)); continue; }
            var decay = all.Where(Regularization.WeightPenalty.IsWeightMatrix).ToList();
            var noDecay = all.Where(p => !Regularization.WeightPenalty.IsWeightMatrix(p)).ToList();
            if (decay.Count > 0) groups.Add(new Group(decay, rate, true));
            if (noDecay.Count > 0) groups.Add(new Group(noDecay, rate, false));
        }
        return groups;
    }
}

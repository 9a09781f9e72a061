using StableTune.Data;
using StableTune.Regularization;
using StableTune.Stability;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Experiments;

/// <summary>Ready-made <see cref="RunProbe"/>s: extra measurements on each trained model of a <see cref="Study"/>.</summary>
public static class Probes
{
    /// <summary>
    /// <c>sparsity</c>: the share of weight-matrix and kernel entries (biases and norms excluded) whose magnitude is below
    /// <paramref name="threshold"/>; and <c>weight_l1_mean</c>, the mean magnitude. L1 regularization drives the first up.
    /// </summary>
    public static RunProbe WeightSparsity(double threshold = 1e-3) => (model, _, _) =>
    {
        using var scope = NewDisposeScope();
        var weights = cat(WeightPenalty.PenalizedParameters(model, includeBiasAndNorm: false).Select(p => p.detach().flatten().cpu()).ToArray());
        var magnitude = weights.abs();
        return new Dictionary<string, double>
        {
            ["sparsity"] = magnitude.lt(threshold).to(ScalarType.Float64).mean().item<double>(),
            ["weight_l1_mean"] = magnitude.to(ScalarType.Float64).mean().item<double>(),
        };
    };

    /// <summary>
    /// Accuracy and prediction flips under the perturbations of <paramref name="config"/> (Gaussian noise, pixel shifts) of
    /// the evaluation data the probe gets (standardized when the setup standardizes): metrics
    /// <c>&lt;kind&gt;&lt;strength&gt;_accuracy</c> and <c>_flip</c>, as <c>RunConfig.Robustness</c> names them, so
    /// <c>Charts.RobustnessCurves</c> draws them.
    /// </summary>
    public static RunProbe Robustness(RobustnessConfig config) => (model, evaluation, _) =>
        RobustnessMetrics(model.call, evaluation, config, model.parameters().FirstOrDefault()?.device ?? CPU);

    /// <summary>The robustness metrics of <paramref name="logits"/> on <paramref name="data"/> (also behind <c>RunConfig.Robustness</c>).</summary>
    internal static Dictionary<string, double> RobustnessMetrics(Func<Tensor, Tensor> logits, TensorData data, RobustnessConfig config, Device device)
    {
        var metrics = new Dictionary<string, double>();
        foreach (var p in Stability.Robustness.Evaluate(logits, data, config, device))
        {
            metrics[$"{p.Name}_accuracy"] = p.Accuracy;
            metrics[$"{p.Name}_flip"] = p.FlipRate;
        }
        return metrics;
    }

    /// <summary>All of <paramref name="probes"/>' metrics (a later probe's value wins on a name clash).</summary>
    public static RunProbe Combine(params RunProbe[] probes) => (model, evaluation, seed) =>
    {
        var metrics = new Dictionary<string, double>();
        foreach (var probe in probes)
            foreach (var (name, value) in probe(model, evaluation, seed)) metrics[name] = value;
        return metrics;
    };
}

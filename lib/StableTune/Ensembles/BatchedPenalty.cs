using StableTune.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>
/// The L1/L2 penalties of K members on member-stacked parameters: <c>sum_k (L1_k sum|w_k| + L2_k sum w_k²)</c>, the sum of
/// what <see cref="WeightPenalty"/> adds to each member's loss alone.
/// </summary>
internal sealed class BatchedPenalty : IDisposable
{
    readonly IReadOnlyList<Tensor> _parameters;
    readonly Tensor? _l1, _l2; // [K], null when every member's coefficient is 0
    readonly int _members;

    public BatchedPenalty(IReadOnlyList<Tensor> parameters, IReadOnlyList<RegularizationConfig> members)
    {
        _parameters = parameters;
        _members = members.Count;
        var device = parameters.Count > 0 ? parameters[0].device : CPU;
        if (members.Any(m => m.L1 != 0)) _l1 = tensor(members.Select(m => (float)m.L1).ToArray(), device: device).DetachFromDisposeScope();
        if (members.Any(m => m.L2 != 0)) _l2 = tensor(members.Select(m => (float)m.L2).ToArray(), device: device).DetachFromDisposeScope();
    }

    /// <summary>The summed penalty (in the caller's dispose scope), or null when no member has one.</summary>
    public Tensor? Compute()
    {
        Tensor? total = null;
        foreach (var p in _parameters)
        {
            var rows = p.view(_members, -1);
            if (_l1 is not null) total = Add(total, rows.abs().sum(1).mul(_l1).sum());
            if (_l2 is not null) total = Add(total, rows.square().sum(1).mul(_l2).sum());
        }
        return total;
    }

    static Tensor Add(Tensor? total, Tensor term) => total is null ? term : total.add(term);

    public void Dispose()
    {
        _l1?.Dispose();
        _l2?.Dispose();
    }
}

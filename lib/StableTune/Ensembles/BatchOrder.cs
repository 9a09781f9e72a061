using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>
/// The order in which one run visits the training examples: a fresh permutation per epoch from a generator seeded
/// with the run's seed, independent of the global random state (so batched members and single runs agree).
/// </summary>
public sealed class BatchOrder(int seed)
{
    readonly Generator _generator = new((ulong)seed);

    /// <summary>The next epoch's permutation of <c>0..n-1</c> (int64 <c>[n]</c>).</summary>
    public Tensor Next(long n) => randperm(n, generator: _generator);
}

namespace StableTune.Training;

/// <summary>
/// Derives independent random streams from one run seed, so that a single integer drives weight initialisation,
/// dropout, batch order and augmentation, and changing how one stream is used does not shift the others.
/// </summary>
public static class Seeds
{
    /// <summary>Stream of weight initialisation (torch's global generator, before building).</summary>
    public const int Init = 0;
    /// <summary>Stream of dropout (torch's global generator, during the fit).</summary>
    public const int Dropout = 1;
    /// <summary>Stream of batch order and augmentation (the fit's own generator).</summary>
    public const int Data = 2;

    /// <summary>A non-negative 63-bit seed for <paramref name="stream"/> of run seed <paramref name="seed"/> (SplitMix64 finaliser).</summary>
    public static long Derive(int seed, int stream)
    {
        unchecked
        {
            var z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(stream + 1) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (long)(z >> 1);
        }
    }
}

namespace StableTune.Data;

/// <summary>
/// Seeded permutations that depend only on their seed (never on global state): a Fisher-Yates shuffle driven by
/// <see cref="Random"/> with an explicit seed, whose sequence .NET keeps stable across versions for seeded instances.
/// </summary>
public static class SeededShuffle
{
    /// <summary>Shuffles <paramref name="items"/> in place with <paramref name="random"/> (Fisher-Yates).</summary>
    public static void Shuffle<T>(Span<T> items, Random random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of <c>0..n-1</c> determined by <paramref name="seed"/>.</summary>
    public static long[] Permutation(long n, int seed) => Permutation(n, new Random(seed));

    /// <summary>A random permutation of <c>0..n-1</c> drawn from <paramref name="random"/>.</summary>
    public static long[] Permutation(long n, Random random)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The number of items cannot be negative.");
        if (n > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(n), n, "Too many items for one array.");
        var order = new long[n];
        for (long i = 0; i < n; i++) order[i] = i;
        Shuffle(order.AsSpan(), random);
        return order;
    }

    /// <summary>
    /// Combines a base seed with a stream number (an epoch, a repeat) into a new seed, so that neighbouring
    /// (seed, stream) pairs give unrelated sequences (SplitMix64 finalizer).
    /// </summary>
    public static int Derive(int seed, int stream)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7fffffff);
    }
}

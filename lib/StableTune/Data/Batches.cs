namespace StableTune.Data;

/// <summary>
/// Mini-batch index orders. A shuffled order is a pure function of (n, batch size, seed, epoch), so a run can be
/// replayed exactly and two runs with different seeds see different orders.
/// </summary>
public static class Batches
{
    /// <summary>
    /// The example indices of each mini-batch of one epoch: a permutation of <c>0..n-1</c> (from <paramref name="seed"/>
    /// and <paramref name="epoch"/>) cut into batches of <paramref name="batchSize"/>; the last batch is smaller unless
    /// <paramref name="dropLast"/> drops it.
    /// </summary>
    public static IReadOnlyList<long[]> Order(long n, int batchSize, int seed, int epoch, bool dropLast = false)
    {
        CheckBatchSize(batchSize);
        return Cut(SeededShuffle.Permutation(n, SeededShuffle.Derive(seed, epoch)), batchSize, dropLast);
    }

    /// <summary>The batches of <c>0..n-1</c> in order (for evaluation).</summary>
    public static IReadOnlyList<long[]> Sequential(long n, int batchSize)
    {
        CheckBatchSize(batchSize);
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The number of examples cannot be negative.");
        var all = new long[n];
        for (long i = 0; i < n; i++) all[i] = i;
        return Cut(all, batchSize, dropLast: false);
    }

    /// <summary>Number of batches an epoch of <paramref name="n"/> examples has.</summary>
    public static int Count(long n, int batchSize, bool dropLast = false)
    {
        CheckBatchSize(batchSize);
        return (int)(dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    static List<long[]> Cut(long[] order, int batchSize, bool dropLast)
    {
        var batches = new List<long[]>(Count(order.Length, batchSize, dropLast));
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int size = Math.Min(batchSize, order.Length - start);
            if (size < batchSize && dropLast) break;
            batches.Add(order.AsSpan(start, size).ToArray());
        }
        return batches;
    }

    static void CheckBatchSize(int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
    }
}

namespace StableTune.Data;

/// <summary>
/// One train/test partition of a dataset's example indices (both sorted ascending, disjoint).
/// <paramref name="Repeat"/> and <paramref name="Fold"/> are 0 for a hold-out split.
/// </summary>
public sealed record FoldSplit(int Repeat, int Fold, long[] Train, long[] Test);

/// <summary>
/// Hold-out splits and (stratified, repeated) k-fold cross-validation. Every split is a pure function of its
/// arguments: the same seed gives the same folds on every machine and run. Stratified folds keep each class's
/// count within one of its proportional share in every fold; test folds are disjoint and cover every example.
/// </summary>
public static class Folds
{
    /// <summary>
    /// Splits the examples into train and test parts, <paramref name="testFraction"/> of them (rounded) in test.
    /// Stratified (default): each class contributes its proportional share (largest-remainder rounding).
    /// </summary>
    public static FoldSplit HoldOut(long[] labels, double testFraction, int seed, bool stratified = true)
    {
        CheckLabels(labels);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie strictly between 0 and 1 (e.g. 0.2).");
        int n = labels.Length;
        int testCount = Math.Clamp((int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero), 1, n - 1);
        var random = new Random(seed);
        var test = new List<long>(testCount);
        if (!stratified)
        {
            test.AddRange(SeededShuffle.Permutation(n, random).Take(testCount));
        }
        else
        {
            var groups = ByClass(labels, random);
            var quotas = Apportion(groups.Select(g => g.Length).ToArray(), testCount);
            for (int c = 0; c < groups.Length; c++) test.AddRange(groups[c].Take(quotas[c]));
        }
        return Split(0, 0, n, test);
    }

    /// <summary>Plain k-fold cross-validation of <paramref name="n"/> examples (shuffled with <paramref name="seed"/>).</summary>
    public static IReadOnlyList<FoldSplit> KFold(int n, int k, int seed)
    {
        CheckK(n, k);
        var order = SeededShuffle.Permutation(n, seed);
        return Deal(order, n, k, repeat: 0);
    }

    /// <summary>Stratified k-fold cross-validation: every fold keeps the classes' proportions (to within one example).</summary>
    public static IReadOnlyList<FoldSplit> StratifiedKFold(long[] labels, int k, int seed) =>
        RepeatedStratifiedKFold(labels, k, repeats: 1, seed);

    /// <summary>
    /// Stratified k-fold repeated <paramref name="repeats"/> times with different shuffles: <c>k * repeats</c> splits,
    /// ordered by repeat then fold. With one repeat it equals <see cref="StratifiedKFold"/> for the same seed.
    /// </summary>
    public static IReadOnlyList<FoldSplit> RepeatedStratifiedKFold(long[] labels, int k, int repeats, int seed)
    {
        CheckLabels(labels);
        CheckK(labels.Length, k);
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "Use at least one repeat.");
        var random = new Random(seed);
        var splits = new List<FoldSplit>(k * repeats);
        for (int r = 0; r < repeats; r++)
        {
            // Classes one after another, each shuffled; dealing this order round-robin gives every fold
            // floor or ceil of (class count / k) of every class, and fold sizes within one of each other.
            var order = ByClass(labels, random).SelectMany(g => g).ToArray();
            splits.AddRange(Deal(order, labels.Length, k, r));
        }
        return splits;
    }

    static List<FoldSplit> Deal(long[] order, int n, int k, int repeat)
    {
        var tests = Enumerable.Range(0, k).Select(_ => new List<long>(n / k + 1)).ToArray();
        for (int i = 0; i < order.Length; i++) tests[i % k].Add(order[i]);
        return tests.Select((test, fold) => Split(repeat, fold, n, test)).ToList();
    }

    static FoldSplit Split(int repeat, int fold, int n, List<long> test)
    {
        var inTest = new bool[n];
        foreach (var i in test) inTest[i] = true;
        var testSorted = test.ToArray();
        Array.Sort(testSorted);
        var train = new long[n - testSorted.Length];
        int t = 0;
        for (int i = 0; i < n; i++) if (!inTest[i]) train[t++] = i;
        return new FoldSplit(repeat, fold, train, testSorted);
    }

    /// <summary>Indices of each class (classes in ascending label order), each list shuffled.</summary>
    static long[][] ByClass(long[] labels, Random random) =>
        labels.Select((label, index) => (label, index: (long)index))
            .GroupBy(x => x.label)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var members = g.Select(x => x.index).ToArray();
                SeededShuffle.Shuffle(members.AsSpan(), random);
                return members;
            })
            .ToArray();

    /// <summary>Splits <paramref name="total"/> over groups proportionally to their sizes (largest remainder).</summary>
    static int[] Apportion(int[] sizes, int total)
    {
        double n = sizes.Sum();
        var exact = sizes.Select(s => s * total / n).ToArray();
        var quotas = exact.Select(e => (int)Math.Floor(e)).ToArray();
        int left = total - quotas.Sum();
        foreach (var c in Enumerable.Range(0, sizes.Length).OrderByDescending(c => exact[c] - quotas[c]).ThenBy(c => c).Take(left))
            quotas[c]++;
        return quotas;
    }

    static void CheckLabels(long[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length < 2) throw new ArgumentException($"Splitting needs at least 2 examples, got {labels.Length}.", nameof(labels));
        int bad = Array.FindIndex(labels, l => l < 0);
        if (bad >= 0) throw new ArgumentException($"Label at index {bad} is {labels[bad]}; class labels must be 0 or more.", nameof(labels));
    }

    static void CheckK(int n, int k)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "Cross-validation needs at least 2 folds.");
        if (k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"Cannot make {k} folds of only {n} examples; use k <= {n}.");
    }
}

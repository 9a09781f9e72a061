using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>
/// The results of a grid, one <see cref="RunResult"/> per run, in the grid's order (configuration, repeat, fold, seed).
/// Tables (<see cref="ToDataFrame"/>, <see cref="ToCsv"/>, <see cref="Summary"/>) and the stability statistics start here.
/// </summary>
public sealed partial class ResultSet
{
    /// <summary>A result set over runs (in memory); <paramref name="header"/> describes their grid when known.</summary>
    public ResultSet(GridHeader? header, IReadOnlyList<RunResult> runs)
    {
        Header = header;
        Runs = header is null ? runs.ToList() : runs.OrderBy(r => GridOrder(header, r)).ToList();
        var dup = Runs.GroupBy(RunKey.Of).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"Run {dup.Key} is in the results {dup.Count()} times.", nameof(runs));
    }

    /// <summary>The grid these results belong to (null for results built in memory without one).</summary>
    public GridHeader? Header { get; }

    /// <summary>All runs, in the grid's order.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>Configuration names: the grid's order, else the order of first appearance.</summary>
    public IReadOnlyList<string> Configs =>
        Header?.Configs.Select(c => c.Name).Where(n => Runs.Any(r => r.ConfigName == n)).ToList()
        ?? Runs.Select(r => r.ConfigName).Distinct().ToList();

    /// <summary>Runs of the grid not in these results yet (empty without a header).</summary>
    public IReadOnlyList<RunKey> Missing
    {
        get
        {
            if (Header is null) return [];
            var present = Runs.Select(RunKey.Of).ToHashSet();
            return (from c in Header.Configs from r in Enumerable.Range(0, Header.Repeats) from f in Enumerable.Range(0, Header.Folds)
                    from s in Header.Seeds let k = new RunKey(c.Name, s, r, f) where !present.Contains(k) select k).ToList();
        }
    }

    /// <summary>Whether every run of the grid is here.</summary>
    public bool IsComplete => Missing.Count == 0;

    /// <summary>The runs of one configuration.</summary>
    public IReadOnlyList<RunResult> Of(string config)
    {
        var runs = Runs.Where(r => r.ConfigName == config).ToList();
        return runs.Count > 0 ? runs : throw new KeyNotFoundException(
            $"No runs of configuration \"{config}\"; the results have: {string.Join(", ", Configs)}.");
    }

    /// <summary>
    /// The values of <paramref name="metric"/> for the runs of <paramref name="config"/> that trained to the end
    /// (Completed or EarlyStopped); diverged and failed runs are counted by <see cref="DivergenceRate"/> instead.
    /// </summary>
    public double[] Values(string config, string metric) =>
        Of(config).Where(IsUsable).Select(r => MetricOf(r, metric)).ToArray();

    /// <summary>Share of the runs of <paramref name="config"/> that diverged.</summary>
    public double DivergenceRate(string config)
    {
        var runs = Of(config);
        return runs.Count(r => r.Status == RunStatus.Diverged) / (double)runs.Count;
    }

    /// <summary>The runs for which <paramref name="keep"/> holds, with the same header.</summary>
    public ResultSet Where(Func<RunResult, bool> keep) => new(Header, Runs.Where(keep).ToList());

    /// <summary>
    /// These runs followed by <paramref name="other"/>'s, without a grid header: for example a reference configuration
    /// taken from an earlier table next to new variants, instead of training it again.
    /// </summary>
    /// <exception cref="ArgumentException">A run (configuration, seed, repeat, fold) is in both sets.</exception>
    public ResultSet Concat(ResultSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(null, Runs.Concat(other.Runs).ToList());
    }

    /// <summary>Whether a run trained to its end (its metrics describe a trained model).</summary>
    public static bool IsUsable(RunResult run) => run.Status is RunStatus.Completed or RunStatus.EarlyStopped;

    internal static double MetricOf(RunResult run, string metric) =>
        run.Metrics.TryGetValue(metric, out var v) ? v : throw new KeyNotFoundException(
            $"Run {RunKey.Of(run)} has no metric \"{metric}\"; it has: {string.Join(", ", run.Metrics.Keys)}.");

    static (int, int, int, int) GridOrder(GridHeader header, RunResult r)
    {
        var c = IndexOr(header.Configs.Select(x => x.Name), r.ConfigName);
        var s = IndexOr(header.Seeds, r.Seed);
        return (c, r.Repeat, r.Fold, s);
    }

    static int IndexOr<T>(IEnumerable<T> items, T item)
    {
        var i = items.ToList().IndexOf(item);
        return i < 0 ? int.MaxValue : i;
    }
}

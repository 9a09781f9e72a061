namespace StableTune.Experiments;

/// <summary>
/// A results folder: one results file per shard (<c>results.jsonl</c> for an unsharded grid,
/// <c>results.shard-002-of-008.jsonl</c> for shard 2 of 8) and a <c>checkpoints/</c> folder for runs in progress.
/// Loading a folder reads all its results files, so shards that share a folder need no merge step.
/// </summary>
public static class ResultStore
{
    /// <summary>The results file of <paramref name="shard"/> in a results folder.</summary>
    public static string FileName(Shard shard) =>
        shard.Count == 1 ? "results.jsonl" : $"results.shard-{shard.Index:D3}-of-{shard.Count:D3}.jsonl";

    /// <summary>Loads the results of a folder (all its results files) or of one results file.</summary>
    public static ResultSet Load(string path) => Combine(ReadAll([path]));

    /// <summary>
    /// Merges the results files of <paramref name="sources"/> (folders or files, e.g. each shard's output) into a new
    /// <c>results.jsonl</c> in <paramref name="targetDirectory"/>. Refuses files of different grids and runs present twice.
    /// </summary>
    public static ResultSet Merge(string targetDirectory, params string[] sources)
    {
        if (sources.Length == 0) throw new ArgumentException("Give at least one results folder or file to merge.", nameof(sources));
        Directory.CreateDirectory(targetDirectory);
        if (Directory.EnumerateFiles(targetDirectory, "results*.jsonl").FirstOrDefault() is { } existing)
            throw new IOException($"The merge target {targetDirectory} already holds results ({existing}): merge into an empty folder.");
        var set = Combine(ReadAll(sources));
        if (set.Header is null) throw new InvalidDataException($"No results found in {string.Join(", ", sources)}.");
        var target = Path.Combine(targetDirectory, FileName(Shard.Whole));
        var temp = target + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(ResultFile.Line(set.Header));
            foreach (var run in set.Runs) stream.Write(ResultFile.Line(run));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, target); // atomic: the target is either absent or complete
        return set;
    }

    /// <summary>Reads the results files of folders (results*.jsonl) and of files given directly.</summary>
    internal static IReadOnlyList<ResultFileContent> ReadAll(IEnumerable<string> paths)
    {
        var files = new List<ResultFileContent>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "results*.jsonl").Order(StringComparer.Ordinal).Select(ResultFile.Read));
            else if (File.Exists(path))
                files.Add(ResultFile.Read(path));
            else
                throw new FileNotFoundException($"No results folder or file at {path}.", path);
        }
        return files;
    }

    /// <summary>
    /// Joins results files of one grid: a later line for the same run supersedes an earlier one in the same file (a
    /// retried failure); the same run in two files is an error. Runs come back in the grid's order.
    /// </summary>
    internal static ResultSet Combine(IReadOnlyList<ResultFileContent> files)
    {
        var withHeader = files.Where(f => f.Header is not null).ToList();
        if (withHeader.Count == 0) return new ResultSet(null, []);
        var first = withHeader[0];
        foreach (var f in withHeader.Skip(1))
            if (f.Header!.Fingerprint != first.Header!.Fingerprint)
                throw new GridMismatchException($"{f.Path} and {first.Path} belong to different grids " +
                    $"(fingerprints {f.Header.Fingerprint[..12]} and {first.Header.Fingerprint[..12]}): their configurations, " +
                    "seeds, folds or repeats differ. Keep each grid's results in its own folder.");
        var owner = new Dictionary<RunKey, (RunResult Run, string Path)>();
        foreach (var f in withHeader)
        {
            var own = new Dictionary<RunKey, RunResult>();
            foreach (var r in f.Results) own[RunKey.Of(r)] = r;
            foreach (var (key, run) in own)
            {
                if (owner.TryGetValue(key, out var other))
                    throw new InvalidDataException($"Run {key} is in both {other.Path} and {f.Path}: the files overlap " +
                        "(shards of different counts, or a merged file beside its sources). Merge only disjoint shards.");
                owner[key] = (run, f.Path);
            }
        }
        return new ResultSet(first.Header, owner.Values.Select(v => v.Run).ToList());
    }
}

/// <summary>Results of one grid met results of another (a changed grid, or files of different grids merged).</summary>
public sealed class GridMismatchException(string message) : InvalidOperationException(message);

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>Makes one run of a grid. Throwing records the run as <see cref="RunStatus.Failed"/> with the message.</summary>
public delegate RunResult GridRunFunc<TConfig>(RunSpec<TConfig> spec, RunContext context);

/// <summary>
/// Runs a grid with persistence: every finished run is appended to the results file (and fsynced) as soon as it ends,
/// so an interrupted grid (Ctrl+C, kill -9, a crashed cell) run again skips what finished and restarts or resumes
/// (from its checkpoint folder) what was in progress. Nothing is lost or counted twice.
/// </summary>
public static class GridRunner
{
    /// <summary>
    /// Runs the runs of <paramref name="grid"/> in <paramref name="options"/>' shard that the results folder does not
    /// hold yet, and returns everything the folder holds afterwards (all shards that write there).
    /// Cancelled runs are not saved; their checkpoints stay for the next attempt, and the call throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static ResultSet Run<TConfig>(this Grid<TConfig> grid, GridOptions options, GridRunFunc<TConfig> run,
                                         CancellationToken cancellation = default)
    {
        cancellation = HostCancellation.Resolve(cancellation); // a notebook's interrupt stops the grid
        ArgumentNullException.ThrowIfNull(run);
        if (options.MaxParallel < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxParallel, "MaxParallel must be at least 1.");
        var header = grid.Header();
        var runs = grid.Runs().Where(r => options.Shard.Contains(r.Index)).ToList();
        var dir = options.Directory;
        Directory.CreateDirectory(dir);
        var files = CheckFolder(dir, header, options.StartOver);

        var done = ResultStore.Combine(files).Runs
            .Where(r => !(options.RetryFailed && r.Status == RunStatus.Failed))
            .Select(RunKey.Of).ToHashSet();
        foreach (var r in runs.Where(r => done.Contains(r.Key))) DeleteCheckpoint(dir, r.Key); // a kill between save and cleanup
        var pending = runs.Where(r => !done.Contains(r.Key)).ToList();

        var ownPath = Path.Combine(dir, ResultStore.FileName(options.Shard));
        using var appender = ResultAppender.Open(files.FirstOrDefault(f => f.Path == ownPath) ?? ResultFile.Read(ownPath), header);
        var title = options.Title ?? $"{Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/'))}{(options.Shard.Count > 1 ? $" ({options.Shard})" : "")}";
        using (var progress = new GridProgress(title, runs.Count, runs.Count - pending.Count))
        {
            var queue = new ConcurrentQueue<RunSpec<TConfig>>(pending);
            void Worker()
            {
                while (!cancellation.IsCancellationRequested && queue.TryDequeue(out var spec))
                {
                    progress.Started();
                    var result = RunOne(spec, dir, run, cancellation, queue.Select(s => s.Key).ToList());
                    if (result.Status == RunStatus.Cancelled) { progress.Stopped(finished: false); break; }
                    appender.Append(result);
                    DeleteCheckpoint(dir, spec.Key);
                    progress.Stopped(finished: true);
                }
            }
            if (options.MaxParallel == 1) Worker(); // on the calling thread: keeps its torch settings and scoped reporter
            else
            {
                var reporter = ProgressReporter.Current;
                var workers = Enumerable.Range(0, Math.Min(options.MaxParallel, Math.Max(1, pending.Count)))
                    .Select(_ => Task.Factory.StartNew(() => { using (ProgressReporter.Use(reporter)) Worker(); }, TaskCreationOptions.LongRunning))
                    .ToArray();
                Task.WaitAll(workers);
            }
        }
        cancellation.ThrowIfCancellationRequested();
        return ResultStore.Load(dir);
    }

    /// <summary>The folder of the checkpoints of run <paramref name="key"/> while it is in progress.</summary>
    public static string CheckpointDirectory(string resultsDirectory, RunKey key)
    {
        var name = new string(key.ConfigName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '=' ? c : '_').ToArray());
        if (name.Length > 60) name = name[..60];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..8];
        return Path.Combine(resultsDirectory, "checkpoints", $"{name}_s{key.Seed}_r{key.Repeat}_f{key.Fold}_{hash}");
    }

    static RunResult RunOne<TConfig>(RunSpec<TConfig> spec, string dir, GridRunFunc<TConfig> run, CancellationToken cancellation,
                                     IReadOnlyList<RunKey> upcoming)
    {
        var checkpoints = CheckpointDirectory(dir, spec.Key);
        Directory.CreateDirectory(checkpoints);
        var clock = Stopwatch.StartNew();
        RunResult result;
        try
        {
            result = run(spec, new RunContext(checkpoints, cancellation, upcoming));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Failed(spec, RunStatus.Cancelled, "cancelled", clock.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Run {spec.Key} failed; it is saved as Failed (RetryFailed = true runs it again): {e}");
            return Failed(spec, RunStatus.Failed, $"{e.GetType().Name}: {e.Message}", clock.Elapsed.TotalSeconds);
        }
        // The grid is the authority on what was run; the runner's own time is kept when it measured one.
        return result with
        {
            ConfigName = spec.ConfigName, ConfigJson = spec.ConfigJson, Seed = spec.Seed, Repeat = spec.Repeat, Fold = spec.Fold,
            Seconds = result.Seconds > 0 ? result.Seconds : clock.Elapsed.TotalSeconds,
        };
    }

    static RunResult Failed<TConfig>(RunSpec<TConfig> spec, RunStatus status, string message, double seconds) => new()
    {
        ConfigName = spec.ConfigName, ConfigJson = spec.ConfigJson, Seed = spec.Seed, Repeat = spec.Repeat, Fold = spec.Fold,
        Status = status, Message = message, History = [], Metrics = new Dictionary<string, double>(),
        Manifest = FallbackManifest.Now(), Seconds = seconds,
    };

    static void DeleteCheckpoint(string dir, RunKey key)
    {
        var path = CheckpointDirectory(dir, key);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    // Every results file in the folder must belong to this grid, or be set aside when starting over.
    static IReadOnlyList<ResultFileContent> CheckFolder(string dir, GridHeader header, bool startOver)
    {
        var files = ResultStore.ReadAll([dir]);
        var foreign = files.Where(f => f.Header is not null && f.Header.Fingerprint != header.Fingerprint).ToList();
        if (foreign.Count == 0) return files;
        if (!startOver)
            throw new GridMismatchException(
                $"{foreign[0].Path} holds results of a different grid (its configurations, seeds, folds or repeats differ from " +
                "this grid's). Use a new results folder for the changed grid, or set StartOver = true in GridOptions to set the " +
                "old results aside (renamed *.replaced-<time>) and start again.");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        foreach (var f in files.Where(f => File.Exists(f.Path))) File.Move(f.Path, $"{f.Path}.replaced-{stamp}");
        var checkpoints = Path.Combine(dir, "checkpoints");
        if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
        return ResultStore.ReadAll([dir]);
    }
}

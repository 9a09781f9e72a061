using StableTune.Experiments;
using StableTune.GridChild;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

public class GridPersistenceTests
{
    static Grid<FakeConfig> SmallGrid(double mean = 0.8) => new()
    {
        Configs = [new("a", new FakeConfig(mean)), new("b", new FakeConfig(0.7)), new("bad", new FakeConfig(0.5, Diverge: true))],
        Seeds = [1, 2, 3],
        Folds = 2,
    };

    [Fact]
    public void Runs_cover_configs_seeds_and_folds_once_in_a_fixed_order()
    {
        var runs = SmallGrid().Runs();
        Assert.Equal(18, runs.Count);
        Assert.Equal(18, runs.Select(r => r.Key).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 18), runs.Select(r => r.Index));
        Assert.Equal(("a", 1, 0), (runs[0].ConfigName, runs[0].Seed, runs[0].Fold));
        Assert.Equal(("a", 2, 0), (runs[1].ConfigName, runs[1].Seed, runs[1].Fold));
        Assert.Equal(("a", 1, 1), (runs[3].ConfigName, runs[3].Seed, runs[3].Fold));
    }

    [Fact]
    public void Fingerprint_changes_with_configs_seeds_and_folds_only()
    {
        var g = SmallGrid();
        Assert.Equal(g.Header().Fingerprint, SmallGrid().Header().Fingerprint);
        Assert.NotEqual(g.Header().Fingerprint, SmallGrid(0.81).Header().Fingerprint);
        Assert.NotEqual(g.Header().Fingerprint, (g with { Seeds = [1, 2] }).Header().Fingerprint);
        Assert.NotEqual(g.Header().Fingerprint, (g with { Folds = 3 }).Header().Fingerprint);
    }

    [Fact]
    public void Bad_grids_are_rejected_with_the_reason()
    {
        var dupName = new Grid<FakeConfig> { Configs = [new("x", new FakeConfig(1)), new("x", new FakeConfig(2))] };
        Assert.Contains("\"x\"", Assert.Throws<ArgumentException>(() => dupName.Runs()).Message);
        var dupSeed = new Grid<FakeConfig> { Configs = [new("x", new FakeConfig(1))], Seeds = [4, 4] };
        Assert.Contains("Seed 4", Assert.Throws<ArgumentException>(() => dupSeed.Runs()).Message);
    }

    [Fact]
    public void Finished_grid_is_persisted_and_a_rerun_makes_no_run_again()
    {
        using var temp = new TempFolder();
        var log = temp.Sub("attempts.log");
        var runner = new FakeRunner(log);
        var options = new GridOptions { Directory = temp.Sub("r") };
        var first = SmallGrid().Run(options, runner.Run);
        Assert.Equal(18, first.Runs.Count);
        Assert.True(first.IsComplete);
        var again = SmallGrid().Run(options, runner.Run);
        Assert.Equal(18, File.ReadAllLines(log).Length);
        Assert.Equal(first.Runs.Select(r => r.Metrics["accuracy"]), again.Runs.Select(r => r.Metrics["accuracy"]));
        Assert.Equal(first.Runs, ResultStore.Load(options.Directory).Runs, new RunKeyComparer());
    }

    [Fact]
    public void Diverged_runs_are_kept_with_status_and_history()
    {
        using var temp = new TempFolder();
        var results = SmallGrid().Run(new GridOptions { Directory = temp.Path }, new FakeRunner().Run);
        var bad = ResultStore.Load(temp.Path).Of("bad");
        Assert.Equal(6, bad.Count);
        Assert.All(bad, r => Assert.Equal(RunStatus.Diverged, r.Status));
        Assert.All(bad, r => Assert.True(double.IsNaN(r.History[^1].TrainLoss)));
        Assert.All(bad, r => Assert.True(double.IsNaN(r.Metrics["loss"])));
        Assert.Equal(1.0, results.DivergenceRate("bad"));
        Assert.Equal(0.0, results.DivergenceRate("a"));
        Assert.Empty(results.Values("bad", "accuracy"));
    }

    [Fact]
    public void Torn_last_line_is_ignored_and_cut_before_the_next_append()
    {
        using var temp = new TempFolder();
        var options = new GridOptions { Directory = temp.Path };
        SmallGrid().Run(options, new FakeRunner().Run);
        var file = Path.Combine(temp.Path, "results.jsonl");
        var lines = File.ReadAllLines(file);
        // Keep the header and 5 runs, then half of the 6th line, as a process killed mid-write leaves it.
        File.WriteAllText(file, string.Join("\n", lines.Take(6)) + "\n" + lines[6][..(lines[6].Length / 2)]);
        Assert.Equal(5, ResultStore.Load(temp.Path).Runs.Count);
        var log = temp.Sub("attempts.log");
        var results = SmallGrid().Run(options, new FakeRunner(log).Run);
        Assert.Equal(18, results.Runs.Count);
        Assert.Equal(13, File.ReadAllLines(log).Length);
        Assert.Equal(19, File.ReadAllLines(file).Length);
    }

    [Fact]
    public void A_file_torn_inside_its_header_starts_afresh_and_a_corrupt_line_is_named()
    {
        using var temp = new TempFolder();
        var file = Path.Combine(temp.Path, "results.jsonl");
        File.WriteAllText(file, "{\"Format\":\"stabletune-res"); // killed while writing the header
        Assert.Equal(18, SmallGrid().Run(new GridOptions { Directory = temp.Path }, new FakeRunner().Run).Runs.Count);

        var lines = File.ReadAllLines(file);
        lines[3] = lines[3][..20]; // a complete line (ends with a newline) that is not JSON: changed by hand
        File.WriteAllLines(file, lines);
        var e = Assert.Throws<InvalidDataException>(() => ResultStore.Load(temp.Path));
        Assert.Contains($"{file}, line 4", e.Message);
    }

    [Fact]
    public void Changed_grid_is_refused_naming_the_file_unless_starting_over()
    {
        using var temp = new TempFolder();
        var options = new GridOptions { Directory = temp.Path };
        SmallGrid().Run(options, new FakeRunner().Run);
        var e = Assert.Throws<GridMismatchException>(() => SmallGrid(0.9).Run(options, new FakeRunner().Run));
        Assert.Contains(Path.Combine(temp.Path, "results.jsonl"), e.Message);
        Assert.Contains("StartOver", e.Message);

        var fresh = SmallGrid(0.9).Run(options with { StartOver = true }, new FakeRunner().Run);
        Assert.Equal(18, fresh.Runs.Count);
        Assert.All(fresh.Of("a"), r => Assert.Contains("0.9", r.ConfigJson));
        Assert.Single(Directory.GetFiles(temp.Path, "results.jsonl.replaced-*"));
    }

    [Fact]
    public void A_runner_that_throws_is_recorded_as_failed_and_retried_on_request()
    {
        using var temp = new TempFolder();
        var options = new GridOptions { Directory = temp.Path };
        var ok = new FakeRunner();
        RunResult Flaky(RunSpec<FakeConfig> spec, RunContext ctx) =>
            spec.ConfigName == "b" && spec.Seed == 2 ? throw new InvalidOperationException("out of memory") : ok.Run(spec, ctx);
        var results = SmallGrid().Run(options, Flaky);
        var failed = results.Runs.Where(r => r.Status == RunStatus.Failed).ToList();
        Assert.Equal(18, results.Runs.Count);
        Assert.Equal([0, 1], failed.Select(r => r.Fold));
        Assert.All(failed, r => Assert.Equal(("b", 2), (r.ConfigName, r.Seed)));
        Assert.All(failed, r => Assert.Contains("out of memory", r.Message));

        var retried = SmallGrid().Run(options with { RetryFailed = true }, ok.Run);
        Assert.Equal(18, retried.Runs.Count);
        Assert.DoesNotContain(retried.Runs, r => r.Status == RunStatus.Failed);
    }

    [Fact]
    public void Cancelled_run_is_not_saved_and_resumes_from_its_checkpoint()
    {
        using var temp = new TempFolder();
        var options = new GridOptions { Directory = temp.Path };
        var log = temp.Sub("attempts.log");
        var runner = new FakeRunner(log);
        using var cancel = new CancellationTokenSource();
        var grid = SmallGrid() with { Configs = [new("a", new FakeConfig(0.8, Epochs: 4))] };
        var calls = 0;
        RunResult CancelInThird(RunSpec<FakeConfig> spec, RunContext ctx)
        {
            if (++calls == 3) File.WriteAllText(ctx.CheckpointPath, "2"); // as if two epochs were done
            if (calls == 3) cancel.Cancel();
            return runner.Run(spec, ctx);
        }
        Assert.ThrowsAny<OperationCanceledException>(() => grid.Run(options, CancelInThird, cancel.Token));
        Assert.Equal(2, ResultStore.Load(temp.Path).Runs.Count);

        var results = grid.Run(options, runner.Run);
        Assert.Equal(6, results.Runs.Count);
        var third = grid.Runs()[2].Key.ToString();
        Assert.Contains($"{third}|from 2", File.ReadAllLines(log));
    }

    [Fact]
    public void Parallel_grid_runs_every_run_once()
    {
        using var temp = new TempFolder();
        var log = temp.Sub("attempts.log");
        var grid = SmallGrid() with { Configs = [new("a", new FakeConfig(0.8, EpochMilliseconds: 2)), new("b", new FakeConfig(0.7, EpochMilliseconds: 2))] };
        var results = grid.Run(new GridOptions { Directory = temp.Sub("r"), MaxParallel = 3 }, new FakeRunner(log).Run);
        Assert.Equal(12, results.Runs.Count);
        Assert.Equal(12, File.ReadAllLines(log).Distinct().Count());
        Assert.Equal(12, File.ReadAllLines(log).Length);
    }

    sealed class RunKeyComparer : IEqualityComparer<RunResult>
    {
        public bool Equals(RunResult? x, RunResult? y) => RunKey.Of(x!) == RunKey.Of(y!) && x!.Metrics["accuracy"] == y!.Metrics["accuracy"];
        public int GetHashCode(RunResult obj) => RunKey.Of(obj).GetHashCode();
    }
}

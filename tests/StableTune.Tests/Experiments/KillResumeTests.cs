using System.Diagnostics;
using StableTune.Experiments;
using StableTune.GridChild;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

/// <summary>A real process runs a grid and is killed with SIGKILL mid-grid; running again completes it exactly once.</summary>
public class KillResumeTests
{
    static Process StartChild(string dir, int epochMs, params string[] extra)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "StableTune.GridChild.dll");
        Assert.True(File.Exists(child), $"{child} was not built next to the tests");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { child, dir, epochMs.ToString() }.Concat(extra)) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    static int ResultLines(string file) => File.Exists(file) ? File.ReadAllText(file).Count(c => c == '\n') - 1 : 0;

    static void KillAfter(string dir, int results)
    {
        var file = Path.Combine(dir, "results.jsonl");
        using var child = StartChild(dir, 15);
        var clock = Stopwatch.StartNew();
        while (ResultLines(file) < results && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(5);
        Assert.False(child.HasExited, $"the child ended before it could be killed: {child.StandardError.ReadToEnd()}");
        child.Kill(); // SIGKILL on Unix: no cleanup runs
        child.WaitForExit();
    }

    [Fact]
    public void Grid_killed_twice_then_rerun_has_exactly_one_row_per_run()
    {
        using var temp = new TempFolder();
        var dir = temp.Sub("grid");
        KillAfter(dir, 8);
        KillAfter(dir, 20);
        using (var child = StartChild(dir, 15))
        {
            Assert.True(child.WaitForExit(60_000), "the final run did not finish");
            Assert.True(child.ExitCode == 0, child.StandardError.ReadToEnd());
        }

        var grid = FakeRunner.KillTestGrid(15);
        var results = ResultStore.Load(dir);
        Assert.True(results.IsComplete);
        Assert.Equal(grid.Count, results.Runs.Count);
        Assert.Equal(grid.Runs().Select(r => r.Key).ToHashSet(), results.Runs.Select(RunKey.Of).ToHashSet());
        Assert.Equal(grid.Count, ResultLines(Path.Combine(dir, "results.jsonl"))); // no line twice, none torn
        Assert.Equal(12, results.Runs.Count(r => r.Status == RunStatus.Diverged));
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoints")) && Directory.EnumerateDirectories(Path.Combine(dir, "checkpoints")).Any());

        // Each run started once, except runs interrupted by a kill, which started again (at most twice in all).
        var attempts = File.ReadAllLines(Path.Combine(dir, "attempts.log")).Select(l => l.Split('|')[0]).GroupBy(k => k).ToList();
        Assert.Equal(grid.Count, attempts.Count);
        Assert.InRange(attempts.Count(g => g.Count() > 1), 0, 2 * 1); // one interrupted run per kill (sequential grid)
        Assert.All(attempts, g => Assert.InRange(g.Count(), 1, 2));
    }
}

using StableTune.Experiments;
using StableTune.GridChild;

namespace StableTune.Tests.Experiments;

public class ShardMergeTests
{
    static Grid<FakeConfig> Grid(double mean = 0.8) => new()
    {
        Configs = [new("a", new FakeConfig(mean)), new("b", new FakeConfig(0.7)), new("c", new FakeConfig(0.6, Diverge: true))],
        Seeds = [0, 1, 2, 3, 4],
        Folds = 3,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Shards_are_disjoint_and_together_the_whole_grid(int count)
    {
        var runs = Grid().Runs();
        var parts = Enumerable.Range(0, count).Select(i => runs.Where(r => new Shard(i, count).Contains(r.Index)).Select(r => r.Key).ToList()).ToList();
        Assert.Equal(runs.Count, parts.Sum(p => p.Count));
        Assert.Equal(runs.Select(r => r.Key).ToHashSet(), parts.SelectMany(p => p).ToHashSet());
        Assert.All(parts, p => Assert.InRange(p.Count, runs.Count / count, runs.Count / count + 1));
    }

    [Fact]
    public void Shards_in_separate_folders_merge_into_the_whole_grid()
    {
        using var temp = new TempFolder();
        var log = temp.Sub("attempts.log");
        var runner = new FakeRunner(log);
        var folders = Enumerable.Range(0, 3).Select(i =>
        {
            var dir = temp.Sub($"shard{i}");
            var part = Grid().Run(new GridOptions { Directory = dir, Shard = new Shard(i, 3) }, runner.Run);
            Assert.False(part.IsComplete);
            Assert.True(File.Exists(Path.Combine(dir, $"results.shard-00{i}-of-003.jsonl")));
            return dir;
        }).ToArray();
        Assert.Equal(45, File.ReadAllLines(log).Length); // no run twice

        var merged = ResultStore.Merge(temp.Sub("merged"), folders);
        Assert.True(merged.IsComplete);
        Assert.Equal(45, merged.Runs.Count);
        var loaded = ResultStore.Load(temp.Sub("merged"));
        Assert.Equal(Grid().Runs().Select(r => r.Key), loaded.Runs.Select(RunKey.Of)); // in the grid's order
        Assert.Throws<IOException>(() => ResultStore.Merge(temp.Sub("merged"), folders));
    }

    [Fact]
    public void Shards_sharing_a_folder_load_as_one_grid_and_an_unsharded_rerun_adds_nothing()
    {
        using var temp = new TempFolder();
        var log = temp.Sub("attempts.log");
        var dir = temp.Sub("shared");
        for (var i = 0; i < 2; i++) Grid().Run(new GridOptions { Directory = dir, Shard = new Shard(i, 2) }, new FakeRunner(log).Run);
        var all = Grid().Run(new GridOptions { Directory = dir }, new FakeRunner(log).Run);
        Assert.True(all.IsComplete);
        Assert.Equal(45, all.Runs.Count);
        Assert.Equal(45, File.ReadAllLines(log).Length);
    }

    [Fact]
    public void Merge_refuses_different_grids_and_overlapping_shards()
    {
        using var temp = new TempFolder();
        Grid().Run(new GridOptions { Directory = temp.Sub("s0"), Shard = new Shard(0, 2) }, new FakeRunner().Run);
        Grid(0.9).Run(new GridOptions { Directory = temp.Sub("s1"), Shard = new Shard(1, 2) }, new FakeRunner().Run);
        var e = Assert.Throws<GridMismatchException>(() => ResultStore.Merge(temp.Sub("m1"), temp.Sub("s0"), temp.Sub("s1")));
        Assert.Contains("s0", e.Message);
        Assert.Contains("s1", e.Message);

        Grid().Run(new GridOptions { Directory = temp.Sub("t0"), Shard = new Shard(0, 3) }, new FakeRunner().Run);
        var overlap = Assert.Throws<InvalidDataException>(() => ResultStore.Merge(temp.Sub("m2"), temp.Sub("s0"), temp.Sub("t0")));
        Assert.Contains("seed=0", overlap.Message);
    }

    [Fact]
    public void Shard_is_read_from_slurm_and_kubernetes_variables()
    {
        Shard From(params (string, string)[] vars) => Shard.FromVariables(n => vars.FirstOrDefault(v => v.Item1 == n).Item2);
        Assert.Equal(Shard.Whole, From());
        Assert.Equal((2, 5), Pair(From(("STABLETUNE_SHARD_INDEX", "2"), ("STABLETUNE_SHARD_COUNT", "5"))));
        Assert.Equal((3, 8), Pair(From(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "8"))));
        Assert.Equal((6, 10), Pair(From(("JOB_COMPLETION_INDEX", "6"), ("STABLETUNE_SHARD_COUNT", "10"))));
        Assert.Contains("STABLETUNE_SHARD_COUNT", Assert.Throws<InvalidOperationException>(() => From(("JOB_COMPLETION_INDEX", "1"))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => From(("STABLETUNE_SHARD_INDEX", "5"), ("STABLETUNE_SHARD_COUNT", "5")));
        static (int, int) Pair(Shard s) => (s.Index, s.Count);
    }
}

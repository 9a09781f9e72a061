using StableTune.Experiments;
using StableTune.GridChild;

// Usage: StableTune.GridChild <results-dir> <epoch-ms> [<shard-index> <shard-count>]
// Runs FakeRunner.KillTestGrid into the folder; the tests kill it with SIGKILL and run it again.
if (args.Length is not (2 or 4))
{
    Console.Error.WriteLine("usage: StableTune.GridChild <results-dir> <epoch-ms> [<shard-index> <shard-count>]");
    return 2;
}
var dir = args[0];
var shard = args.Length == 4 ? new Shard(int.Parse(args[2]), int.Parse(args[3])) : Shard.Whole;
var runner = new FakeRunner(Path.Combine(dir, "attempts.log"));
var results = FakeRunner.KillTestGrid(int.Parse(args[1])).Run(new GridOptions { Directory = dir, Shard = shard }, runner.Run);
Console.WriteLine($"runs in folder: {results.Runs.Count}");
return 0;

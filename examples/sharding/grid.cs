#:project ../../lib/StableTune/StableTune.csproj
#:property PublishAot=false
// A learning-rate x seed grid on Fashion-MNIST that runs whole, or as one shard of a Slurm job array or a Kubernetes
// Indexed Job, and a merge step for the shards' results. A .NET 10 file-based program:
//
//   dotnet run --file examples/sharding/grid.cs -- run runs/lr-sweep               # whole grid, resumable
//   STABLETUNE_SHARD_INDEX=3 STABLETUNE_SHARD_COUNT=8 dotnet run --file examples/sharding/grid.cs -- run runs/lr-sweep
//   dotnet run --file examples/sharding/grid.cs -- merge runs/lr-sweep-merged runs/lr-sweep
//   dotnet run --file examples/sharding/grid.cs -- run runs/smoke --epochs 1 --per-class 20   # a quick check
//
// Inside a Slurm array task or an Indexed Job pod, Shard.FromEnvironment() reads the task's index by itself
// (SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX, with STABLETUNE_SHARD_COUNT or SLURM_ARRAY_TASK_COUNT).
using StableTune.Experiments;
using StableTune.Models;
using StableTune.Stability;
using StableTune.Training;

if (args.Length < 2 || args[0] is not ("run" or "merge"))
{
    Console.Error.WriteLine("usage: grid.cs run <results-dir> [--epochs N] [--per-class N] | grid.cs merge <target-dir> <source-dir-or-file>...");
    return 2;
}

if (args[0] == "merge")
{
    var merged = ResultStore.Merge(args[1], args[2..]);
    Console.WriteLine($"merged {merged.Runs.Count} runs into {args[1]}; missing runs: {merged.Missing.Count}");
    merged.ToCsv(Path.Combine(args[1], "results.csv"));
    ResultSet.WriteCsv(merged.Summary(), Path.Combine(args[1], "summary.csv"));
    return merged.IsComplete ? 0 : 1;
}

int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
var baseline = new RunConfig
{
    Data = new DataConfig { Dataset = DatasetName.FashionMnist, MaxPerClass = Option("--per-class", 0) is > 0 and var n ? n : null },
    Model = new MlpConfig { Inputs = 784, Classes = 10, Depth = 2, Width = 128 },
    Train = new TrainConfig { Epochs = Option("--epochs", 10), BatchSize = 64, Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD } },
    Validation = new ValidationConfig { Kind = SplitKind.HoldOut, TestFraction = 0.2, SplitSeed = 0 },
};
var shard = Shard.FromEnvironment();
Console.WriteLine($"running {shard} of the grid into {args[1]}");
var results = Experiment.Run(new ExperimentSpec
{
    Directory = args[1],
    Configs = Experiment.Vary(baseline, "lr", [0.001, 0.01, 0.1, 1.0, 10.0], (c, lr) => c with { Train = c.Train with { LearningRate = lr } }),
    Seeds = [0, 1, 2, 3, 4],
    Shard = shard,
});
Console.WriteLine($"{results.Runs.Count} of {results.Header!.RunCount} runs are in {args[1]}");
return 0;

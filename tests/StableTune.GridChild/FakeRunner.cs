using StableTune.Experiments;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.GridChild;

/// <summary>A configuration of the fake runner: a metric around <see cref="Mean"/>, optionally diverging.</summary>
public sealed record FakeConfig(double Mean, double Spread = 0.02, bool Diverge = false, int Epochs = 3, int EpochMilliseconds = 0);

/// <summary>
/// A fast, deterministic stand-in for training: "epochs" that sleep, a checkpoint file holding the next epoch (so an
/// interrupted run resumes where it stopped), and one line per attempt in <paramref name="attemptLog"/>.
/// </summary>
public sealed class FakeRunner(string? attemptLog = null)
{
    readonly Lock _gate = new();

    /// <summary>Makes one run.</summary>
    public RunResult Run(RunSpec<FakeConfig> spec, RunContext context)
    {
        var config = spec.Config;
        var start = context.HasCheckpoint && File.Exists(context.CheckpointPath) ? int.Parse(File.ReadAllText(context.CheckpointPath)) : 0;
        if (attemptLog is not null)
            lock (_gate) File.AppendAllText(attemptLog, $"{spec.Key}|from {start}\n");
        var history = new List<EpochRecord>();
        for (var epoch = 0; epoch < config.Epochs; epoch++)
        {
            var loss = config.Diverge && epoch >= 1 ? double.NaN : 1.0 / (epoch + 1);
            history.Add(new EpochRecord(epoch, loss, 0.5, loss, 0.5, 0.01, 0));
            if (epoch < start) continue;
            context.Cancellation.ThrowIfCancellationRequested();
            if (config.EpochMilliseconds > 0) Thread.Sleep(config.EpochMilliseconds);
            var temp = context.CheckpointPath + ".tmp";
            File.WriteAllText(temp, (epoch + 1).ToString());
            File.Move(temp, context.CheckpointPath, overwrite: true);
            if (config.Diverge && epoch >= 1) break;
        }
        var noise = Noise(spec.Seed, spec.Fold);
        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = config.Diverge ? 0.1 : config.Mean + config.Spread * noise,
            ["loss"] = history[^1].TrainLoss,
        };
        return new RunResult
        {
            ConfigName = spec.ConfigName, ConfigJson = spec.ConfigJson, Seed = spec.Seed, Fold = spec.Fold, Repeat = spec.Repeat,
            Status = config.Diverge ? RunStatus.Diverged : RunStatus.Completed,
            Message = config.Diverge ? "training loss is NaN" : null,
            History = history, Metrics = metrics,
            Predictions = Enumerable.Range(0, 20).Select(i => (i * 7 + spec.Seed * (i % 3)) % 4).ToList(),
            Manifest = new Manifest("test", "test", "test", "cpu", "linux", ".NET", 1, "none", DateTimeOffset.UnixEpoch),
        };
    }

    /// <summary>A fixed value in [-1, 1] per seed and fold.</summary>
    public static double Noise(int seed, int fold) => Math.Sin(seed * 12.9898 + fold * 78.233) % 1.0;

    /// <summary>The grid the child program runs: 3 configurations (one diverging) x 4 seeds x 3 folds = 36 runs.</summary>
    public static Grid<FakeConfig> KillTestGrid(int epochMilliseconds) => new()
    {
        Configs =
        [
            new("small", new FakeConfig(0.80, EpochMilliseconds: epochMilliseconds)),
            new("large", new FakeConfig(0.85, EpochMilliseconds: epochMilliseconds)),
            new("unstable", new FakeConfig(0.50, Diverge: true, EpochMilliseconds: epochMilliseconds)),
        ],
        Seeds = [0, 1, 2, 3],
        Folds = 3,
    };
}

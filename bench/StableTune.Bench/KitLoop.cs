using System.Diagnostics;
using StableTune.Data;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>
/// Runs the kit's training loop (<see cref="Trainer"/> with its built-in callbacks: schedule, divergence guard,
/// metrics, history, progress) on a given model with the bare loop's settings (Adam 1e-3, cross-entropy, the batch
/// size), timing each epoch from a callback and calling <paramref name="afterEpoch"/> between epochs (to interleave
/// the bare loop's epochs, so load from other processes hits both alike).
/// </summary>
static class KitLoop
{
    public static TrainConfig Config(int batch, int epochs) => new()
    {
        Epochs = epochs, BatchSize = batch, LearningRate = 1e-3, Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam },
    };

    /// <summary>Trains <paramref name="epochs"/> epochs in one fit; returns each epoch's seconds.</summary>
    public static IReadOnlyList<double> Run(nn.Module<Tensor, Tensor> model, TensorData data, int batch, int epochs, Action<int>? afterEpoch = null)
    {
        var timer = new EpochTimer(afterEpoch);
        using var silent = Runtime.ProgressReporter.Use(new SilentProgress());
        new Trainer(Config(batch, epochs)).Fit(model, data, validation: null, seed: 0, [timer]);
        return timer.Seconds;
    }

    sealed class EpochTimer(Action<int>? afterEpoch) : ICallback
    {
        readonly Stopwatch _clock = new();
        public List<double> Seconds { get; } = [];
        public void BeforeEpoch(TrainContext context) => _clock.Restart();
        public void AfterEpoch(TrainContext context)
        {
            Seconds.Add(_clock.Elapsed.TotalSeconds);
            afterEpoch?.Invoke(context.Epoch);
        }
    }
}

/// <summary>A progress reporter that shows nothing (the benchmark prints its own figures).</summary>
sealed class SilentProgress : Runtime.IProgressReporter
{
    public Runtime.IProgressTask Start(string title, int total) => new Task();

    sealed class Task : Runtime.IProgressTask
    {
        public void Update(int done, string status) { }
        public void Dispose() { }
    }
}

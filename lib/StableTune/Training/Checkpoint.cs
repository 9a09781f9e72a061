using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// Saves the run after every <paramref name="everyEpochs"/>-th completed epoch to <paramref name="directory"/>: model
/// weights (with batch-norm statistics), optimizer state, the epoch, the fit's dropout and augmentation generators and the
/// history (batch order needs no state: it is a function of seed and epoch). With <paramref name="resume"/>, a fit whose
/// directory holds a checkpoint continues from it: the final weights equal those of an uninterrupted run with the same
/// seed and config. torch's global generator is neither saved nor restored (fits may run in parallel), so modules of
/// your own that draw from it are not covered. Not available with L-BFGS (TorchSharp does not expose its state).
/// </summary>
public sealed class Checkpoint(string directory, bool resume = false, int everyEpochs = 1) : ICallback
{
    const string StateFile = "state.json";
    const string ModelFile = "model.bin";
    const string OptimizerFile = "optimizer.bin";
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // history holds NaN without validation
        Converters = { new JsonStringEnumConverter() },
        // Explicit: .NET 10 file-based apps (and trimmed apps) turn the implicit reflection resolver off.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Where the checkpoint lives.</summary>
    public string Directory { get; } = string.IsNullOrWhiteSpace(directory)
        ? throw new ArgumentException("A checkpoint needs a directory.", nameof(directory)) : Path.GetFullPath(directory);

    /// <summary>Save after every this many completed epochs (the last epoch is always saved).</summary>
    public int EveryEpochs { get; } = everyEpochs >= 1 ? everyEpochs
        : throw new ArgumentException($"everyEpochs = {everyEpochs}: must be at least 1.", nameof(everyEpochs));

    /// <summary>True when <see cref="Directory"/> holds a complete checkpoint.</summary>
    public bool Exists => File.Exists(Path.Combine(Directory, StateFile));

    /// <inheritdoc />
    public void BeforeFit(TrainContext context)
    {
        if (context.Optimizer is not OptimizerHelper)
            throw new NotSupportedException($"Checkpoints save the optimizer state, which TorchSharp's {context.Optimizer.GetType().Name} does not expose; run {context.Config.Optimizer.Kind} without a checkpoint.");
        if (resume && Exists) Load(context);
    }

    /// <inheritdoc />
    public void AfterEpoch(TrainContext context)
    {
        // A stop in mid-epoch leaves a partial epoch that a resumed run could not reproduce: keep the previous checkpoint.
        if (!context.EpochComplete) return;
        var epoch = context.Epoch;
        if ((epoch + 1) % EveryEpochs == 0 || epoch == context.Config.Epochs - 1 || context.StopReason is not null) Save(context);
    }

    void Save(TrainContext context)
    {
        var temp = Directory + $".tmp-{Environment.ProcessId}";
        if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
        System.IO.Directory.CreateDirectory(temp);
        context.Model.save(Path.Combine(temp, ModelFile));
        ((OptimizerHelper)context.Optimizer).save_state_dict(Path.Combine(temp, OptimizerFile));
        var state = new State(context.Seed, context.Epoch, context.BestEpoch, ConfigJson(context.Config),
            Bytes(context.DropoutGenerator.get_state()), Bytes(context.AugmentGenerator.get_state()), context.History.ToArray());
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));
        // Replace the previous checkpoint only once the new one is complete.
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        System.IO.Directory.Move(temp, Directory);
    }

    void Load(TrainContext context)
    {
        var statePath = Path.Combine(Directory, StateFile);
        var state = JsonSerializer.Deserialize<State>(File.ReadAllText(statePath), Json)
            ?? throw new InvalidDataException($"{statePath}: empty checkpoint state.");
        if (state.Seed != context.Seed)
            throw new ArgumentException($"{statePath} was written by a fit with seed {state.Seed}, but this fit has seed {context.Seed}: resume with the same seed or use another directory.");
        if (state.Config != ConfigJson(context.Config))
            throw new ArgumentException($"{statePath} was written with a different TrainConfig: resume with the same config or use another directory.");

        context.Model.load(Path.Combine(Directory, ModelFile));
        ((OptimizerHelper)context.Optimizer).load_state_dict(Path.Combine(Directory, OptimizerFile));
        using (var dropout = tensor(Convert.FromBase64String(state.DropoutRandom), dtype: ScalarType.Byte)) context.DropoutGenerator.set_state(dropout);
        using (var augment = tensor(Convert.FromBase64String(state.AugmentRandom), dtype: ScalarType.Byte)) context.AugmentGenerator.set_state(augment);
        context.History.Clear();
        context.History.AddRange(state.History);
        context.BestEpoch = state.BestEpoch;
        context.StartEpoch = state.Epoch + 1;
    }

    static string ConfigJson(TrainConfig config) => JsonSerializer.Serialize(config, Json);

    static string Bytes(Tensor state)
    {
        using (state) return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    sealed record State(int Seed, int Epoch, int BestEpoch, string Config, string DropoutRandom, string AugmentRandom, EpochRecord[] History);
}

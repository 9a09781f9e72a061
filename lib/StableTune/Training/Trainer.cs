using System.Diagnostics;
using System.Runtime.InteropServices;
using StableTune.Data;
using StableTune.Metrics;
using StableTune.Models;
using StableTune.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// The training loop. One <see cref="TrainConfig"/> (validated on construction) drives optimizer, loss, schedule,
/// regularization, augmentation, standardization, clipping, early stopping and the divergence guard; callbacks
/// observe and steer it.
/// <para>
/// Seeds: the <c>seed</c> argument drives everything random, each from its own derived stream (<see cref="Seeds"/>):
/// weight initialisation (the <see cref="ModelConfig"/> overload seeds torch's global generator right before building),
/// batch order (<see cref="Batches.Order"/>, a pure function of seed and epoch), augmentation and dropout (two
/// generators owned by the fit; the models' <see cref="SeededDropout"/> layers draw from the latter). On the CPU the same
/// seed gives bit-identical weights and metrics. A fit never touches torch's global generator, so fits of already-built
/// models can run on several threads at once; only building draws from the global generator (build under a lock when
/// building in parallel). Modules of your own that draw from the global generator (e.g. <c>nn.Dropout</c>) continue
/// from its current state: seed it yourself.
/// </para>
/// <para>Memory: every batch runs in its own dispose scope; callers never manage tensors of the loop.</para>
/// </summary>
public sealed class Trainer
{
    /// <summary>Creates a trainer. Throws <see cref="ArgumentException"/> naming the first invalid config field.</summary>
    public Trainer(TrainConfig config)
    {
        TrainConfigValidation.Validate(config);
        Config = config;
    }

    /// <summary>The configuration every fit of this trainer uses.</summary>
    public TrainConfig Config { get; }

    /// <summary>
    /// Seeds torch from <paramref name="seed"/> (init stream), builds the model <paramref name="model"/> describes on
    /// <paramref name="device"/> (default: <see cref="Runtime.Devices.Select"/>) and fits it. The returned
    /// <see cref="FittedModel"/> owns the model; dispose it when done.
    /// </summary>
    public FittedModel Fit(ModelConfig model, TensorData train, TensorData? validation, int seed,
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancel = default, Device? device = null)
    {
        manual_seed(Seeds.Derive(seed, Seeds.Init));
        var built = ModelBuilder.Build(model);
        try
        {
            built.to(device ?? Runtime.Devices.Select());
            return new FittedModel(built, Fit(built, train, validation, seed, callbacks, cancel));
        }
        catch
        {
            built.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/> for <c>Config.Epochs</c> epochs, validating on
    /// <paramref name="validation"/> after each. Never throws for a diverging run: it returns
    /// <see cref="RunStatus.Diverged"/> with the history so far. Cancellation stops after the current batch
    /// (<see cref="RunStatus.Cancelled"/>). The model stays on its device; batches are moved to it. With
    /// <c>Config.Standardize</c>, statistics are fitted on <paramref name="train"/> and applied to both parts; they are
    /// returned as <see cref="FitResult.Standardizer"/> for the test data.
    /// </summary>
    public FitResult Fit(nn.Module<Tensor, Tensor> model, TensorData train, TensorData? validation, int seed,
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancel = default)
    {
        cancel = Runtime.HostCancellation.Resolve(cancel); // a notebook's interrupt stops the fit after the current batch
        ArgumentNullException.ThrowIfNull(model);
        CheckData(train, nameof(train));
        if (validation is not null) CheckData(validation, nameof(validation));

        CheckModelFitsData(model, train);
        var standardizer = Config.Standardize ? Standardizer.Fit(train) : null;
        using var standardTrain = standardizer?.Transform(train);
        using var standardValidation = validation is null ? null : standardizer?.Transform(validation);
        var trainPart = standardTrain ?? train;
        var validationPart = standardValidation ?? validation;

        using var augmentGenerator = new Generator((ulong)Seeds.Derive(seed, Seeds.Augment), CPU);
        using var dropoutGenerator = new Generator((ulong)Seeds.Derive(seed, Seeds.Dropout), CPU);
        using var optimizer = Optimizers.Create(Config, model);
        var context = new TrainContext
        {
            Model = model, Optimizer = optimizer, Config = Config, Device = DeviceOf(model), Seed = seed,
            AugmentGenerator = augmentGenerator, DropoutGenerator = dropoutGenerator, HasValidation = validation is not null,
            BatchesPerEpoch = Batches.Count(train.Count, Config.BatchSize),
            LearningRate = Config.LearningRate,
        };
        var all = BuiltInCallbacks().Concat(callbacks ?? []).Append(new ProgressCallback()).ToArray();
        var step = new BatchStep(context, Losses.Create(Config), WeightPenalty.Create(Config.Regularization, model), all);

        var dropouts = model.modules().OfType<SeededDropout>().ToArray();
        foreach (var d in dropouts) d.Generator = dropoutGenerator;
        try
        {
            foreach (var c in all) c.BeforeFit(context);
            for (var epoch = context.StartEpoch; epoch < Config.Epochs && context.StopReason is null; epoch++)
            {
                context.Epoch = epoch;
                context.EpochComplete = false;
                var clock = Stopwatch.StartNew();
                foreach (var c in all) c.BeforeEpoch(context);
                var (trainLoss, trainAccuracy) = RunEpoch(context, step, trainPart, Seeds.Derive(seed, Seeds.Order), cancel);
                var val = validationPart is null ? null : EvaluateCore(model, validationPart, null, withPredictions: false).Metrics;
                context.History.Add(new EpochRecord(epoch, trainLoss, trainAccuracy, val?.Loss ?? double.NaN,
                    val?.Accuracy ?? double.NaN, context.LearningRate, clock.Elapsed.TotalSeconds));
                foreach (var c in all) c.AfterEpoch(context);
            }
            foreach (var c in all) c.AfterFit(context);
        }
        finally
        {
            foreach (var d in dropouts) d.Generator = null; // the fit's generator is disposed with the fit
        }

        var best = Config.EarlyStopping is null || context.BestEpoch < 0 ? context.History.Count - 1 : context.BestEpoch;
        return new FitResult(context.StopReason ?? RunStatus.Completed, context.History.ToArray(), best, context.StopMessage)
        {
            Standardizer = standardizer,
        };
    }

    /// <summary>One pass over the training data in the seeded order; returns the epoch's mean data loss and accuracy.</summary>
    static (double Loss, double Accuracy) RunEpoch(TrainContext context, BatchStep step, TensorData train, int orderSeed, CancellationToken cancel)
    {
        context.Model.train();
        var augment = context.Config.Augment is { CropPadding: > 0 } or { HorizontalFlip: true };
        // Running sums stay on the device: one read per epoch, not per batch.
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: context.Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: context.Device);
        var batches = Batches.Order(train.Count, context.Config.BatchSize, orderSeed, context.Epoch);
        long seen = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            context.Batch = b;
            using var scope = NewDisposeScope();
            var index = tensor(batches[b]);
            var x = train.Features.index_select(0, index).to(context.Device);
            var y = train.Labels.index_select(0, index).to(context.Device);
            if (augment) x = Augment.Apply(x, context.Config.Augment, context.AugmentGenerator);
            step.Run(x, y, lossSum, correct);
            seen += batches[b].Length;
            if (cancel.IsCancellationRequested) context.Stop(RunStatus.Cancelled, $"Cancelled in epoch {context.Epoch} after {b + 1} batches.");
            if (context.StopReason is not null) break;
        }
        context.EpochComplete = seen == train.Count;
        return (lossSum.item<double>() / seen, (double)correct.item<long>() / seen);
    }

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="data"/> in eval mode without gradients: all classification
    /// metrics (with the mean loss of this trainer's loss function, no penalty) and the predicted class of every
    /// example, in order. Pass the fit's <see cref="FitResult.Standardizer"/> when it trained on standardized data.
    /// </summary>
    public EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, TensorData data, Standardizer? standardizer = null) =>
        EvaluateCore(model, data, standardizer, withPredictions: true);

    EvaluationResult EvaluateCore(nn.Module<Tensor, Tensor> model, TensorData data, Standardizer? standardizer, bool withPredictions)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckData(data, nameof(data));
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var device = DeviceOf(model);
            var loss = Losses.Create(Config);
            var predictions = withPredictions ? new int[data.Count] : [];
            MetricAccumulator? metrics = null;
            // No gradients: larger batches are cheaper and give the same numbers.
            foreach (var batch in Batches.Sequential(data.Count, Math.Max(Config.BatchSize, 256)))
            {
                using var scope = NewDisposeScope();
                var start = batch[0];
                var x = data.Features.narrow(0, start, batch.Length).to(device);
                if (standardizer is not null) x = standardizer.Transform(x);
                var y = data.Labels.narrow(0, start, batch.Length).to(device);
                var logits = model.call(x);
                metrics ??= new MetricAccumulator((int)logits.shape[1], classNames: data.ClassNames.Count == logits.shape[1] ? data.ClassNames : null);
                metrics.Update(logits, y, loss(logits, y).item<float>());
                if (withPredictions) logits.argmax(1).to(ScalarType.Int32).cpu().data<int>().CopyTo(predictions, (int)start);
            }
            return new EvaluationResult(metrics!.Compute(), predictions);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    IEnumerable<ICallback> BuiltInCallbacks()
    {
        yield return new LearningRateScheduler();
        if (Config.ClipGradNorm is { } clip) yield return new GradientClipping(clip);
        yield return new DivergenceGuard();
        if (Config.EarlyStopping is { } early) yield return new EarlyStopping(early);
    }

    /// <summary>
    /// One forward pass of the first example in eval mode (no randomness, no batch-norm update) turns shape and class
    /// mismatches into a clear message before any training happens.
    /// </summary>
    static void CheckModelFitsData(nn.Module<Tensor, Tensor> model, TensorData data)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor logits;
            try { logits = model.call(data.Features.narrow(0, 0, 1).to(DeviceOf(model))); }
            catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
            {
                throw new ArgumentException($"{data.Source}: the model cannot take examples of shape [{string.Join(", ", data.ExampleShape)}] " +
                    $"(check the model config's Inputs, InChannels or ImageSize): {e.Message}", nameof(data), e);
            }
            if (logits.dim() != 2 || logits.shape[1] < data.ClassNames.Count)
                throw new ArgumentException($"{data.Source}: the data has {data.ClassNames.Count} classes but the model outputs " +
                    $"[{string.Join(", ", logits.shape)}] per batch: set the model config's Classes to {data.ClassNames.Count}.", nameof(data));
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    static Device DeviceOf(nn.Module model) => model.parameters().FirstOrDefault()?.device ?? CPU;

    static void CheckData(TensorData data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.Count == 0) throw new ArgumentException($"{data.Source}: the {name} data has no examples.", name);
    }
}

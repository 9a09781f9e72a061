using System.Diagnostics;
using StableTune.Data;
using StableTune.Models;
using StableTune.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// The training loop. One <see cref="TrainConfig"/> (validated on construction) drives optimizer, loss, schedule,
/// regularization, clipping, early stopping and the divergence guard; callbacks observe and steer it.
/// <para>
/// Seeds: the <c>seed</c> argument drives everything random - weight initialisation (the <see cref="ModelConfig"/>
/// overload seeds torch before building), dropout (torch's global generator, seeded at the start of the fit) and
/// batch order and augmentation (the fit's own <see cref="Generator"/>), each from its own derived stream
/// (<see cref="Seeds"/>). On the CPU the same seed gives bit-identical weights and metrics. Because dropout uses
/// torch's global generator, run fits that use dropout one at a time per process.
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
    /// Seeds torch with <paramref name="seed"/> (init stream), builds the model of <paramref name="model"/> and fits it.
    /// The returned <see cref="FittedModel"/> owns the model; dispose it when done.
    /// </summary>
    public FittedModel Fit(ModelConfig model, TensorData train, TensorData? validation, int seed,
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancel = default)
    {
        manual_seed(Seeds.Derive(seed, Seeds.Init));
        var built = ModelBuilder.Build(model);
        try
        {
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
    /// (<see cref="RunStatus.Cancelled"/>). The model stays on its device; batches are moved to it.
    /// </summary>
    public FitResult Fit(nn.Module<Tensor, Tensor> model, TensorData train, TensorData? validation, int seed,
        IEnumerable<ICallback>? callbacks = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckData(train, nameof(train));
        if (validation is not null) CheckData(validation, nameof(validation));

        manual_seed(Seeds.Derive(seed, Seeds.Dropout));
        using var generator = new Generator((ulong)Seeds.Derive(seed, Seeds.Data), CPU);
        using var optimizer = Optimizers.Create(Config, model);
        var context = new TrainContext
        {
            Model = model, Optimizer = optimizer, Config = Config, Device = DeviceOf(model), Seed = seed,
            Generator = generator, HasValidation = validation is not null,
            BatchesPerEpoch = (int)((train.Count + Config.BatchSize - 1) / Config.BatchSize),
            LearningRate = Config.LearningRate,
        };
        var all = BuiltInCallbacks().Concat(callbacks ?? []).Append(new ProgressCallback()).ToArray();
        var step = new BatchStep(context, Losses.Create(Config), WeightPenalty.Create(Config.Regularization, model), all);

        foreach (var c in all) c.BeforeFit(context);
        for (var epoch = context.StartEpoch; epoch < Config.Epochs && context.StopReason is null; epoch++)
        {
            context.Epoch = epoch;
            context.EpochComplete = false;
            var clock = Stopwatch.StartNew();
            foreach (var c in all) c.BeforeEpoch(context);
            var (trainLoss, trainAccuracy) = RunEpoch(context, step, train, cancel);
            var val = validation is null ? null : Evaluate(model, validation, withPredictions: false);
            context.History.Add(new EpochRecord(epoch, trainLoss, trainAccuracy, val?.Loss ?? double.NaN,
                val?.Accuracy ?? double.NaN, context.LearningRate, clock.Elapsed.TotalSeconds));
            foreach (var c in all) c.AfterEpoch(context);
        }
        foreach (var c in all) c.AfterFit(context);

        var best = Config.EarlyStopping is null || context.BestEpoch < 0 ? context.History.Count - 1 : context.BestEpoch;
        return new FitResult(context.StopReason ?? RunStatus.Completed, context.History.ToArray(), best, context.StopMessage);
    }

    /// <summary>One pass over the training data in the generator's order; returns the epoch's mean data loss and accuracy.</summary>
    static (double Loss, double Accuracy) RunEpoch(TrainContext context, BatchStep step, TensorData train, CancellationToken cancel)
    {
        context.Model.train();
        var n = train.Count;
        var batchSize = context.Config.BatchSize;
        // Running sums stay on the device: one read per epoch, not per batch.
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: context.Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: context.Device);
        using var order = randperm(n, generator: context.Generator);
        long seen = 0;
        for (var b = 0; b < context.BatchesPerEpoch; b++)
        {
            context.Batch = b;
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - seen);
            var index = order.narrow(0, seen, count);
            var x = train.Features.index_select(0, index).to(context.Device);
            var y = train.Labels.index_select(0, index).to(context.Device);
            step.Run(x, y, lossSum, correct);
            seen += count;
            if (cancel.IsCancellationRequested) context.Stop(RunStatus.Cancelled, $"Cancelled in epoch {context.Epoch} after {b + 1} batches.");
            if (context.StopReason is not null) break;
        }
        context.EpochComplete = seen == n;
        return (lossSum.item<double>() / seen, (double)correct.item<long>() / seen);
    }

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="data"/> in eval mode without gradients: mean loss (this
    /// trainer's loss function, no penalty), accuracy and the predicted class of every example in order.
    /// </summary>
    public EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, TensorData data) => Evaluate(model, data, withPredictions: true);

    EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, TensorData data, bool withPredictions)
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
            var n = data.Count;
            var batchSize = Math.Max(Config.BatchSize, 256); // no gradients: larger batches are cheaper and give the same numbers
            using var lossSum = zeros(1, dtype: ScalarType.Float64, device: device);
            using var correct = zeros(1, dtype: ScalarType.Int64, device: device);
            var predictions = withPredictions ? new int[n] : [];
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, n - start);
                var x = data.Features.narrow(0, start, count).to(device);
                var y = data.Labels.narrow(0, start, count).to(device);
                var logits = model.call(x);
                lossSum.add_(loss(logits, y).to(ScalarType.Float64).mul(count));
                var predicted = logits.argmax(1);
                correct.add_(predicted.eq(y).sum());
                if (withPredictions)
                {
                    var values = predicted.to(ScalarType.Int32).cpu().data<int>();
                    values.CopyTo(predictions, (int)start);
                }
            }
            return new EvaluationResult(lossSum.item<double>() / n, (double)correct.item<long>() / n, predictions);
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

    static Device DeviceOf(nn.Module model) => model.parameters().FirstOrDefault()?.device ?? CPU;

    static void CheckData(TensorData data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.Count == 0) throw new ArgumentException($"{data.Source}: the {name} data has no examples.", name);
    }
}

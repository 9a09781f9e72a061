using System.Diagnostics;
using StableTune.Data;
using StableTune.Models;
using StableTune.Runtime;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>A trained batched ensemble: the model (member k in slot k) and each member's fit result.</summary>
public sealed record BatchedFit(BatchedModel Model, IReadOnlyList<FitResult> Results) : IDisposable
{
    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// Trains K members of one architecture at once as a <see cref="BatchedModel"/>, each exactly as
/// <c>new Trainer(member.Train).Fit(model, train, validation, member.Seed)</c> would train it alone (within float
/// rounding; tested): the same initial weights (<see cref="Seeds.Init"/> stream, <see cref="ModelBuilder"/>), the same
/// batch order (<see cref="Seeds.Order"/> stream), the same standardization, its own learning rate, schedule, penalty and
/// weight decay, the same divergence rule and the same history. K small models then fill the cores with a few large kernels instead of many
/// small ones. A diverged member stops being recorded (its weights keep changing and are meaningless).
/// </summary>
public static class BatchedTrainer
{
    /// <summary>Examples per forward pass when evaluating.</summary>
    const int EvaluationChunk = 1000;

    /// <summary>Trains the members; see the class summary. Throws when <see cref="BatchedSupport.WhyNot(ModelConfig, IReadOnlyList{BatchedMember})"/> gives a reason.</summary>
    /// <param name="model">The architecture of every member (MLP or CNN).</param>
    /// <param name="members">Seeds and training configurations (differing only in learning rate, L1/L2, weight decay).</param>
    /// <param name="train">Training data.</param>
    /// <param name="validation">Validation data evaluated after each epoch, or null.</param>
    /// <param name="cancel">Stops after the current batch; every member still running is then marked cancelled.</param>
    /// <param name="device">Where to train (the data is copied there once); null = where the training data is.</param>
    public static BatchedFit Fit(ModelConfig model, IReadOnlyList<BatchedMember> members, TensorData train, TensorData? validation,
        CancellationToken cancel = default, Device? device = null)
    {
        if (BatchedSupport.WhyNot(model, members) is { } reason)
            throw new ArgumentException($"These members cannot be trained as one batched model: {reason}", nameof(members));
        return Fit(Create(model, members.Select(m => m.Seed).ToList()), members, train, validation, cancel, device);
    }

    /// <summary>
    /// Trains <paramref name="batched"/>, made by <see cref="Create"/> with the members' seeds (for callers that must
    /// serialize weight initialisation, which reads torch's global generator); see the other overload.
    /// </summary>
    public static BatchedFit Fit(BatchedModel batched, IReadOnlyList<BatchedMember> members, TensorData train, TensorData? validation,
        CancellationToken cancel = default, Device? device = null)
    {
        cancel = HostCancellation.Resolve(cancel); // a notebook's interrupt stops every member after the current batch
        if (BatchedSupport.WhyNot(batched.Config, members) is { } reason)
            throw new ArgumentException($"These members cannot be trained as one batched model: {reason}", nameof(members));
        if (batched.Members != members.Count)
            throw new ArgumentException($"The batched model has {batched.Members} members but {members.Count} were given.", nameof(members));
        foreach (var m in members) TrainConfigValidation.Validate(m.Train);
        int k = members.Count;
        var config = members[0].Train;
        device ??= train.Features.device;
        batched.to(device);
        using var onDevice = Same(train.Features.device, device) ? null : Moved(train, device);
        using var validationOnDevice = validation is null || Same(validation.Features.device, device) ? null : Moved(validation, device);
        train = onDevice ?? train;
        validation = validationOnDevice ?? validation;
        var parameters = batched.TrainableParameters().ToList();
        bool includeAll = config.Regularization.IncludeBiasAndNorm;
        var baseRates = members.Select(m => m.Train.LearningRate).ToArray();
        using var optimizer = new BatchedOptimizer(parameters.Select(p => (p.Parameter, p.IsWeightMatrix || includeAll)), config.Optimizer,
            baseRates, members.Select(m => m.Train.Optimizer.WeightDecay).ToList());
        var penalty = new BatchedPenalty(parameters.Where(p => p.IsWeightMatrix || includeAll).Select(p => p.Parameter).ToList(),
            members.Select(m => m.Train.Regularization).ToList());
        var standardizer = config.Standardize ? Standardizer.Fit(train) : null; // one set of statistics: the same data for all
        using var standardTrain = standardizer?.Transform(train);
        using var standardValidation = validation is null ? null : standardizer?.Transform(validation);
        train = standardTrain ?? train;
        validation = standardValidation ?? validation;
        var runs = members.Select(_ => new MemberRun()).ToArray();
        long n = train.Count, batchSize = config.BatchSize;
        int batchesPerEpoch = (int)((n + batchSize - 1) / batchSize);
        long totalSteps = (long)config.Epochs * batchesPerEpoch;
        bool constantRate = config.Schedule.Kind == ScheduleKind.Constant && config.Schedule.WarmupEpochs == 0;
        long[] exampleShape = train.ExampleShape;
        using var progress = ProgressReporter.Current.Start($"batched training of {k} members", config.Epochs);
        try
        {
            for (int epoch = 0; epoch < config.Epochs && runs.Any(r => r.Running) && !cancel.IsCancellationRequested; epoch++)
            {
                var clock = Stopwatch.StartNew();
                batched.train();
                foreach (var r in runs) r.StartEpoch();
                double factor = 1;
                using (var epochScope = NewDisposeScope())
                {
                    var permutations = EpochOrders(members, n, (int)batchSize, epoch).to(device); // [K, N]
                    for (int b = 0; b < batchesPerEpoch && runs.Any(r => r.Running); b++)
                    {
                        using var scope = NewDisposeScope();
                        if (!constantRate)
                        {
                            factor = LearningRateSchedule.Factor(config.Schedule, (long)epoch * batchesPerEpoch + b, batchesPerEpoch, totalSteps);
                            optimizer.SetLearningRates(baseRates.Select(r => r * factor).ToList());
                        }
                        long start = (long)b * batchSize, size = Math.Min(batchSize, n - start);
                        var index = permutations.narrow(1, start, size).reshape(-1);                    // [K·B]
                        var x = train.Features.index_select(0, index).view([k, size, .. exampleShape]); // [K, B, ...]
                        var y = train.Labels.index_select(0, index).view(k, size);                      // [K, B]
                        var logits = batched.call(x);                                                  // [K, B, C]
                        var memberLoss = MemberLoss(logits, y, config);                                // [K]
                        var objective = memberLoss.sum();
                        if (penalty.Compute() is { } p) objective = objective + p;
                        optimizer.ZeroGrad();
                        objective.backward();
                        optimizer.Step();
                        // One device-to-host read per batch, as in the single loop: each member's loss and correct count.
                        using var noGrad = no_grad();
                        var stats = stack([memberLoss.detach().to(ScalarType.Float64), logits.argmax(-1).eq(y).sum(1).to(ScalarType.Float64)]).cpu();
                        var values = stats.data<double>().ToArray();
                        for (int m = 0; m < k; m++)
                            runs[m].AfterBatch(values[m], (long)values[k + m], size, config.DivergenceFactor, epoch, b, baseRates[m] * factor);
                        if (cancel.IsCancellationRequested) break;
                    }
                }
                var (valLoss, valAccuracy) = validation is null
                    ? (Enumerable.Repeat(double.NaN, k).ToArray(), Enumerable.Repeat(double.NaN, k).ToArray())
                    : Evaluate(batched, validation, config);
                var seconds = clock.Elapsed.TotalSeconds / k; // the batched epoch's time, shared equally
                for (int m = 0; m < k; m++)
                    runs[m].EndEpoch(epoch, valLoss[m], valAccuracy[m], baseRates[m] * factor, seconds);
                progress.Update(epoch + 1, $"{runs.Count(r => r.Running)} of {k} members running");
            }
        }
        finally
        {
            penalty.Dispose();
        }
        if (cancel.IsCancellationRequested)
            foreach (var r in runs.Where(r => r.Running)) r.Stop(RunStatus.Cancelled, "Cancelled.");
        return new BatchedFit(batched, runs.Select(r => r.Result() with { Standardizer = standardizer }).ToList());
    }

    /// <summary>Each member's example order of one epoch, exactly the single trainer's (<see cref="Batches.Order"/>): <c>[K, N]</c>.</summary>
    static Tensor EpochOrders(IReadOnlyList<BatchedMember> members, long n, int batchSize, int epoch)
    {
        var all = new long[members.Count * n];
        for (int m = 0; m < members.Count; m++)
        {
            long offset = m * n;
            foreach (var batch in Batches.Order(n, batchSize, Seeds.Derive(members[m].Seed, Seeds.Order), epoch))
            {
                batch.CopyTo(all, offset);
                offset += batch.Length;
            }
        }
        return tensor(all).view(members.Count, n);
    }

    /// <summary>
    /// A batched model whose member k holds the weights <see cref="ModelBuilder.Build"/> gives for seed k in
    /// <see cref="Trainer.Fit(ModelConfig, TensorData, TensorData?, int, IEnumerable{ICallback}?, CancellationToken, Device?)"/>.
    /// </summary>
    public static BatchedModel Create(ModelConfig model, IReadOnlyList<int> seeds)
    {
        BatchedModel batched = model switch
        {
            MlpConfig mlp => new BatchedMlp(mlp, seeds.Count),
            CnnConfig cnn => new BatchedCnn(cnn, seeds.Count),
            _ => throw new ArgumentException($"{model.GetType().Name} models are not batched (only MLP and CNN).", nameof(model)),
        };
        for (int m = 0; m < seeds.Count; m++)
        {
            manual_seed(Seeds.Derive(seeds[m], Seeds.Init));
            using var single = ModelBuilder.Build(model);
            batched.LoadMember(m, single);
        }
        return batched;
    }

    /// <summary>
    /// Each member's predicted class for every example of <paramref name="data"/>: <c>[K][N]</c>. Pass the fit's
    /// <see cref="FitResult.Standardizer"/> when it trained on standardized data.
    /// </summary>
    public static int[][] Predict(BatchedModel model, TensorData data, Standardizer? standardizer = null)
    {
        using var standard = standardizer?.Transform(data);
        data = standard ?? data;
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < data.Count; start += EvaluationChunk)
        {
            long size = Math.Min(EvaluationChunk, data.Count - start);
            parts.Add(model.call(Broadcast(data.Features.narrow(0, start, size), model.Members)).argmax(-1));
        }
        var all = cat(parts, 1).to(ScalarType.Int32).cpu(); // [K, N]
        return Enumerable.Range(0, model.Members).Select(m => all[m].data<int>().ToArray()).ToArray();
    }

    /// <summary>Per-member mean loss of one batch: logits <c>[K, B, C]</c>, labels <c>[K, B]</c> → <c>[K]</c>.</summary>
    static Tensor MemberLoss(Tensor logits, Tensor labels, TrainConfig config)
    {
        long k = logits.shape[0], b = logits.shape[1], c = logits.shape[2];
        double smoothing = config.Loss == LossKind.LabelSmoothing ? config.LabelSmoothing : 0.0;
        return nn.functional.cross_entropy(logits.reshape(k * b, c), labels.reshape(k * b), reduction: nn.Reduction.None, label_smoothing: smoothing)
            .view(k, b).mean([1]);
    }

    /// <summary>Per-member mean loss and accuracy on <paramref name="data"/>.</summary>
    public static (double[] Loss, double[] Accuracy) Evaluate(BatchedModel model, TensorData data, TrainConfig config)
    {
        var wasTraining = model.training;
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int k = model.Members;
        var lossSum = zeros(k, dtype: ScalarType.Float64, device: data.Features.device);
        var correct = zeros(k, dtype: ScalarType.Int64, device: data.Features.device);
        for (long start = 0; start < data.Count; start += EvaluationChunk)
        {
            long size = Math.Min(EvaluationChunk, data.Count - start);
            var logits = model.call(Broadcast(data.Features.narrow(0, start, size), k));
            var labels = data.Labels.narrow(0, start, size).unsqueeze(0).expand(k, size);
            lossSum.add_(MemberLoss(logits, labels, config).to(ScalarType.Float64) * size);
            correct.add_(logits.argmax(-1).eq(labels).sum(1));
        }
        model.train(wasTraining);
        var loss = lossSum.cpu().data<double>().Select(v => v / data.Count).ToArray();
        var accuracy = correct.cpu().data<long>().Select(v => (double)v / data.Count).ToArray();
        return (loss, accuracy);
    }

    static bool Same(Device a, Device b) => a.type == b.type && a.index == b.index;

    static TensorData Moved(TensorData data, Device device) =>
        new(data.Features.to(device), data.Labels.to(device), data.ClassNames, data.Source);

    /// <summary>The same examples for every member: <c>[B, ...]</c> → <c>[K, B, ...]</c> (a view).</summary>
    static Tensor Broadcast(Tensor x, int members) => x.unsqueeze(0).expand([members, .. x.shape]);
}

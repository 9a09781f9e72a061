using System.Diagnostics;
using StableTune.Data;
using StableTune.Models;
using StableTune.Runtime;
using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>A trained batched ensemble: the model (member k in slot k) and each member's fit result.</summary>
public sealed record BatchedFit(BatchedModel Model, IReadOnlyList<FitResult> Results);

/// <summary>
/// Trains K members of one architecture at once as a <see cref="BatchedModel"/>. Member k is initialized as
/// <c>torch.manual_seed(seed_k)</c> then <c>build(model)</c> would initialize it, sees its own shuffle of the data
/// (see <see cref="BatchOrder"/>), and is updated with its own learning rate, penalty and weight decay, so it ends
/// where training it alone would (within float rounding; tested). K small models then fill the cores with a few
/// large kernels instead of many small ones.
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
    /// <param name="build">The single-model builder whose initialization members reproduce (the kit's model builder).</param>
    /// <param name="cancel">Stops after the current batch; every member is then marked cancelled.</param>
    public static BatchedFit Fit(ModelConfig model, IReadOnlyList<BatchedMember> members, TensorData train, TensorData? validation,
        Func<ModelConfig, nn.Module<Tensor, Tensor>> build, CancellationToken cancel = default)
    {
        if (BatchedSupport.WhyNot(model, members) is { } reason)
            throw new ArgumentException($"These members cannot be trained as one batched model: {reason}", nameof(members));
        int k = members.Count;
        var config = members[0].Train;
        var batched = Create(model, members.Select(m => m.Seed).ToList(), build);
        using var optimizer = new BatchedOptimizer(batched.parameters(), config.Optimizer,
            members.Select(m => m.Train.LearningRate).ToList(), members.Select(m => m.Train.Optimizer.WeightDecay).ToList());
        using var l1 = tensor(members.Select(m => (float)m.Train.Regularization.L1).ToArray());
        using var l2 = tensor(members.Select(m => (float)m.Train.Regularization.L2).ToArray());
        bool anyL1 = members.Any(m => m.Train.Regularization.L1 != 0), anyL2 = members.Any(m => m.Train.Regularization.L2 != 0);
        var penalized = batched.PenalizedParameters(config.Regularization.IncludeBiasAndNorm).ToList();
        var orders = members.Select(m => new BatchOrder(m.Seed)).ToList();

        var histories = Enumerable.Range(0, k).Select(_ => new List<EpochRecord>()).ToArray();
        var status = new RunStatus?[k];
        var messages = new string?[k];
        long n = train.Count, batchSize = config.BatchSize;
        long[] exampleShape = train.ExampleShape;
        using var progress = ProgressReporter.Current.Start($"batched training of {k} members", config.Epochs);
        for (int epoch = 0; epoch < config.Epochs && status.Any(s => s is null); epoch++)
        {
            var clock = Stopwatch.StartNew();
            batched.train();
            using var lossSum = zeros(k, dtype: ScalarType.Float64);
            using var correct = zeros(k, dtype: ScalarType.Int64);
            using (var epochScope = NewDisposeScope())
            {
                var permutations = stack(orders.Select(o => o.Next(n)).ToArray()); // [K, N]
                for (long start = 0; start < n; start += batchSize)
                {
                    if (cancel.IsCancellationRequested) break;
                    using var scope = NewDisposeScope();
                    long size = Math.Min(batchSize, n - start);
                    var index = permutations.narrow(1, start, size).reshape(-1);                  // [K·B]
                    var x = train.Features.index_select(0, index).view([k, size, .. exampleShape]); // [K, B, ...]
                    var y = train.Labels.index_select(0, index).view(k, size);                      // [K, B]
                    var logits = batched.call(x);                                                  // [K, B, C]
                    var memberLoss = MemberLoss(logits, y, config);                                // [K]
                    var loss = memberLoss.sum();
                    if (anyL2) foreach (var p in penalized) loss = loss + (p.view(k, -1).square().sum(1) * l2).sum();
                    if (anyL1) foreach (var p in penalized) loss = loss + (p.view(k, -1).abs().sum(1) * l1).sum();
                    optimizer.ZeroGrad();
                    loss.backward();
                    optimizer.Step();
                    using var noGrad = no_grad();
                    lossSum.add_(memberLoss.to(ScalarType.Float64) * size);
                    correct.add_(logits.argmax(-1).eq(y).sum(1));
                }
            }
            if (cancel.IsCancellationRequested)
            {
                for (int m = 0; m < k; m++) status[m] ??= RunStatus.Cancelled;
                break;
            }
            var trainLoss = lossSum.data<double>().ToArray();
            var trainCorrect = correct.data<long>().ToArray();
            var (valLoss, valAccuracy) = validation is null
                ? (Enumerable.Repeat(double.NaN, k).ToArray(), Enumerable.Repeat(double.NaN, k).ToArray())
                : Evaluate(batched, validation, config);
            var seconds = clock.Elapsed.TotalSeconds / k; // the batched epoch's time, shared equally
            for (int m = 0; m < k; m++)
            {
                if (status[m] is not null) continue;
                double loss = trainLoss[m] / n;
                histories[m].Add(new EpochRecord(epoch, loss, (double)trainCorrect[m] / n, valLoss[m], valAccuracy[m], members[m].Train.LearningRate, seconds));
                if (double.IsNaN(loss) || double.IsInfinity(loss) || loss > config.DivergenceFactor * histories[m][0].TrainLoss)
                {
                    status[m] = RunStatus.Diverged;
                    messages[m] = $"training loss {loss:G4} at epoch {epoch} (first epoch {histories[m][0].TrainLoss:G4}).";
                }
            }
            progress.Update(epoch + 1, $"mean train loss {trainLoss.Average() / n:F4}");
        }
        var results = Enumerable.Range(0, k)
            .Select(m => new FitResult(status[m] ?? RunStatus.Completed, histories[m], histories[m].Count - 1, messages[m]))
            .ToList();
        return new BatchedFit(batched, results);
    }

    /// <summary>
    /// A batched model whose member k holds the weights <paramref name="build"/> gives right after
    /// <c>torch.manual_seed(seeds[k])</c>.
    /// </summary>
    public static BatchedModel Create(ModelConfig model, IReadOnlyList<int> seeds, Func<ModelConfig, nn.Module<Tensor, Tensor>> build)
    {
        BatchedModel batched = model switch
        {
            MlpConfig mlp => new BatchedMlp(mlp, seeds.Count),
            CnnConfig cnn => new BatchedCnn(cnn, seeds.Count),
            _ => throw new ArgumentException($"{model.GetType().Name} models are not batched (only MLP and CNN).", nameof(model)),
        };
        for (int m = 0; m < seeds.Count; m++)
        {
            torch.manual_seed(seeds[m]);
            using var single = build(model);
            batched.LoadMember(m, single);
        }
        return batched;
    }

    /// <summary>Each member's predicted class for every example of <paramref name="data"/>: <c>[K][N]</c>.</summary>
    public static long[][] Predict(BatchedModel model, TensorData data)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < data.Count; start += EvaluationChunk)
        {
            long size = Math.Min(EvaluationChunk, data.Count - start);
            parts.Add(model.call(Broadcast(data.Features.narrow(0, start, size), model.Members)).argmax(-1));
        }
        var all = cat(parts, 1); // [K, N]
        return Enumerable.Range(0, model.Members).Select(m => all[m].data<long>().ToArray()).ToArray();
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
    static (double[] Loss, double[] Accuracy) Evaluate(BatchedModel model, TensorData data, TrainConfig config)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int k = model.Members;
        var lossSum = zeros(k, dtype: ScalarType.Float64);
        var correct = zeros(k, dtype: ScalarType.Int64);
        for (long start = 0; start < data.Count; start += EvaluationChunk)
        {
            long size = Math.Min(EvaluationChunk, data.Count - start);
            var logits = model.call(Broadcast(data.Features.narrow(0, start, size), k));
            var labels = data.Labels.narrow(0, start, size).unsqueeze(0).expand(k, size);
            lossSum.add_(MemberLoss(logits, labels, config).to(ScalarType.Float64) * size);
            correct.add_(logits.argmax(-1).eq(labels).sum(1));
        }
        var loss = lossSum.data<double>().Select(v => v / data.Count).ToArray();
        var accuracy = correct.data<long>().Select(v => (double)v / data.Count).ToArray();
        return (loss, accuracy);
    }

    /// <summary>The same examples for every member: <c>[B, ...]</c> → <c>[K, B, ...]</c> (a view).</summary>
    static Tensor Broadcast(Tensor x, int members) => x.unsqueeze(0).expand([members, .. x.shape]);
}

using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Metrics;

/// <summary>
/// Accumulates classification results batch by batch: confusion-matrix counts, top-k hits and the loss summed with
/// each batch's size as its weight, so that <see cref="Compute"/> after any batching equals the whole-data result.
/// </summary>
public sealed class MetricAccumulator
{
    readonly long[] _confusion;     // [classes * classes], row = true class, column = predicted class
    long _topKHits;
    bool _topKComplete = true;      // false once a batch came without scores (top-k then undefined)
    double _lossSum;
    long _lossCount;

    /// <summary>Creates an empty accumulator for <paramref name="classes"/> classes.</summary>
    /// <param name="classes">Number of classes (at least 2).</param>
    /// <param name="topK">k of the top-k accuracy; default 5 when there are more than 5 classes, else none.</param>
    /// <param name="classNames">Optional class names carried into the results and report.</param>
    public MetricAccumulator(int classes, int? topK = null, IReadOnlyList<string>? classNames = null)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Classification needs at least 2 classes.");
        topK ??= classes > 5 ? 5 : null;
        if (topK is < 1 || topK > classes)
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"k must lie in 1..{classes} (the number of classes).");
        if (classNames is not null && classNames.Count != classes)
            throw new ArgumentException($"{classNames.Count} class names given for {classes} classes.", nameof(classNames));
        Classes = classes;
        TopK = topK;
        ClassNames = classNames;
        _confusion = new long[classes * classes];
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }
    /// <summary>k of the top-k accuracy (null = not computed).</summary>
    public int? TopK { get; }
    /// <summary>Class names, when given.</summary>
    public IReadOnlyList<string>? ClassNames { get; }
    /// <summary>Examples seen so far.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Adds a batch. <paramref name="outputs"/> are class scores/logits <c>[B, classes]</c> (prediction = arg max) or
    /// predicted classes <c>[B]</c> (integers; top-k is then undefined); <paramref name="targets"/> are classes <c>[B]</c>.
    /// <paramref name="meanLoss"/> is the batch's mean loss, weighted by B in the accumulated mean.
    /// </summary>
    public void Update(Tensor outputs, Tensor targets, double? meanLoss = null)
    {
        using var scope = NewDisposeScope();
        long batch = targets.shape.Length == 1 ? targets.shape[0]
            : throw new ArgumentException($"Targets must have shape [B]; got [{string.Join(", ", targets.shape)}].", nameof(targets));
        var target = targets.to_type(ScalarType.Int64).cpu();
        Tensor predicted;
        if (outputs.shape.Length == 2 && outputs.shape[1] == Classes && outputs.is_floating_point())
        {
            var scores = outputs.detach().cpu();
            predicted = scores.argmax(1);
            if (TopK is int k)
            {
                var (_, top) = scores.topk(k, dim: 1);
                _topKHits += top.eq(target.unsqueeze(1)).any(1).sum().item<long>();
            }
        }
        else if (outputs.shape.Length == 1 && !outputs.is_floating_point())
        {
            predicted = outputs.to_type(ScalarType.Int64).cpu();
            _topKComplete = false;
        }
        else
        {
            throw new ArgumentException($"Outputs must be scores [B, {Classes}] (float) or predicted classes [B] (integers); got {outputs.dtype} [{string.Join(", ", outputs.shape)}].", nameof(outputs));
        }
        if (predicted.shape[0] != batch)
            throw new ArgumentException($"{predicted.shape[0]} outputs but {batch} targets.", nameof(targets));
        Add(predicted.data<long>().ToArray(), target.data<long>().ToArray(), meanLoss);
    }

    /// <summary>Adds a batch of predicted classes and true classes given as arrays (top-k is then undefined).</summary>
    public void Update(ReadOnlySpan<long> predictions, ReadOnlySpan<long> targets, double? meanLoss = null)
    {
        if (predictions.Length != targets.Length)
            throw new ArgumentException($"{predictions.Length} predictions but {targets.Length} targets.", nameof(targets));
        _topKComplete = false;
        Add(predictions.ToArray(), targets.ToArray(), meanLoss);
    }

    void Add(long[] predicted, long[] target, double? meanLoss)
    {
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] < 0 || target[i] >= Classes)
                throw new ArgumentException($"Target {target[i]} at batch position {i} is outside 0..{Classes - 1}.", nameof(target));
            if (predicted[i] < 0 || predicted[i] >= Classes)
                throw new ArgumentException($"Prediction {predicted[i]} at batch position {i} is outside 0..{Classes - 1}.", nameof(predicted));
        }
        for (int i = 0; i < target.Length; i++) _confusion[target[i] * Classes + predicted[i]]++;
        Count += target.Length;
        if (meanLoss is double loss)
        {
            _lossSum += loss * target.Length;
            _lossCount += target.Length;
        }
    }

    /// <summary>Forgets everything accumulated (e.g. at the start of an epoch).</summary>
    public void Reset()
    {
        Array.Clear(_confusion);
        _topKHits = 0;
        _topKComplete = true;
        _lossSum = 0;
        _lossCount = 0;
        Count = 0;
    }

    /// <summary>The metrics of everything accumulated so far.</summary>
    public ClassificationMetrics Compute()
    {
        if (Count == 0) throw new InvalidOperationException("No examples were accumulated; call Update with at least one batch first.");
        var confusion = new long[Classes, Classes];
        for (int t = 0; t < Classes; t++)
            for (int p = 0; p < Classes; p++) confusion[t, p] = _confusion[t * Classes + p];
        double? topK = TopK is not null && _topKComplete ? (double)_topKHits / Count : null;
        double loss = _lossCount > 0 ? _lossSum / _lossCount : double.NaN;
        return ClassificationMetrics.FromConfusion(confusion, loss, TopK, topK, ClassNames);
    }
}

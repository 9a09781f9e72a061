using Microsoft.Data.Analysis;

namespace StableTune.Metrics;

/// <summary>
/// Classification results, with scikit-learn's definitions and its default zero-division convention (a ratio with
/// a zero denominator is 0, e.g. the precision of a class that is never predicted). Per-class arrays cover all
/// classes; macro averages, like scikit-learn's with <c>labels=None</c>, are over the classes that occur in the
/// targets or the predictions; weighted averages weigh classes by support.
/// </summary>
public sealed record ClassificationMetrics
{
    /// <summary>Number of examples.</summary>
    public required long Count { get; init; }
    /// <summary>Fraction of examples whose predicted class is the true class.</summary>
    public required double Accuracy { get; init; }
    /// <summary>Mean recall over the classes present in the targets (scikit-learn's balanced accuracy).</summary>
    public required double BalancedAccuracy { get; init; }
    /// <summary>k of <see cref="TopKAccuracy"/> (null when not computed).</summary>
    public int? TopK { get; init; }
    /// <summary>Fraction of examples whose true class is among the k highest scores (null without scores or k).</summary>
    public double? TopKAccuracy { get; init; }
    /// <summary>Mean loss weighted by batch size (NaN when no losses were given).</summary>
    public double Loss { get; init; } = double.NaN;
    /// <summary>Per class: TP / (TP + FP), 0 when the class is never predicted.</summary>
    public required double[] Precision { get; init; }
    /// <summary>Per class: TP / (TP + FN), 0 when the class has no examples.</summary>
    public required double[] Recall { get; init; }
    /// <summary>Per class: 2 TP / (2 TP + FP + FN), 0 when that is 0/0.</summary>
    public required double[] F1 { get; init; }
    /// <summary>Per class: number of examples of the class.</summary>
    public required long[] Support { get; init; }
    /// <summary>Unweighted mean precision over the present classes.</summary>
    public required double MacroPrecision { get; init; }
    /// <summary>Unweighted mean recall over the present classes.</summary>
    public required double MacroRecall { get; init; }
    /// <summary>Unweighted mean F1 over the present classes (the usual "macro F1").</summary>
    public required double MacroF1 { get; init; }
    /// <summary>Precision of all decisions pooled (equals accuracy for single-label data).</summary>
    public required double MicroPrecision { get; init; }
    /// <summary>Recall of all decisions pooled (equals accuracy for single-label data).</summary>
    public required double MicroRecall { get; init; }
    /// <summary>F1 of all decisions pooled (equals accuracy for single-label data).</summary>
    public required double MicroF1 { get; init; }
    /// <summary>Mean precision weighted by class support.</summary>
    public required double WeightedPrecision { get; init; }
    /// <summary>Mean recall weighted by class support (equals accuracy).</summary>
    public required double WeightedRecall { get; init; }
    /// <summary>Mean F1 weighted by class support.</summary>
    public required double WeightedF1 { get; init; }
    /// <summary>Counts <c>[true class, predicted class]</c>.</summary>
    public required long[,] ConfusionMatrix { get; init; }
    /// <summary>Class names (null when not known).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Number of classes.</summary>
    public int Classes => Support.Length;

    /// <summary>Computes all metrics from a confusion matrix <c>[true, predicted]</c>.</summary>
    public static ClassificationMetrics FromConfusion(long[,] confusion, double loss = double.NaN, int? topK = null,
        double? topKAccuracy = null, IReadOnlyList<string>? classNames = null)
    {
        int k = confusion.GetLength(0);
        if (confusion.GetLength(1) != k) throw new ArgumentException("The confusion matrix must be square.", nameof(confusion));
        var tp = new long[k];
        var support = new long[k];
        var predicted = new long[k];
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                support[t] += confusion[t, p];
                predicted[p] += confusion[t, p];
                if (t == p) tp[t] = confusion[t, p];
            }
        long count = support.Sum();
        if (count == 0) throw new ArgumentException("The confusion matrix is empty.", nameof(confusion));
        var precision = Enumerable.Range(0, k).Select(c => Ratio(tp[c], predicted[c])).ToArray();
        var recall = Enumerable.Range(0, k).Select(c => Ratio(tp[c], support[c])).ToArray();
        var f1 = Enumerable.Range(0, k).Select(c => Ratio(2 * tp[c], 2 * tp[c] + (predicted[c] - tp[c]) + (support[c] - tp[c]))).ToArray();
        var present = Enumerable.Range(0, k).Where(c => support[c] > 0 || predicted[c] > 0).ToArray();
        double Macro(double[] values) => present.Average(c => values[c]);
        double Weighted(double[] values) => Enumerable.Range(0, k).Sum(c => values[c] * support[c]) / count;
        double micro = Ratio(tp.Sum(), count);
        return new ClassificationMetrics
        {
            Count = count,
            Accuracy = micro,
            BalancedAccuracy = Enumerable.Range(0, k).Where(c => support[c] > 0).Average(c => recall[c]),
            TopK = topK,
            TopKAccuracy = topKAccuracy,
            Loss = loss,
            Precision = precision,
            Recall = recall,
            F1 = f1,
            Support = support,
            MacroPrecision = Macro(precision),
            MacroRecall = Macro(recall),
            MacroF1 = Macro(f1),
            // Single-label multi-class: every error is one FP and one FN, so all three micro averages equal accuracy.
            MicroPrecision = micro,
            MicroRecall = micro,
            MicroF1 = micro,
            WeightedPrecision = Weighted(precision),
            WeightedRecall = Weighted(recall),
            WeightedF1 = Weighted(f1),
            ConfusionMatrix = (long[,])confusion.Clone(),
            ClassNames = classNames,
        };
    }

    static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    /// <summary>
    /// The headline numbers by name, as stored in run results: accuracy, balanced_accuracy, macro_/weighted_ precision,
    /// recall and f1, top_k_accuracy (when computed) and loss (when given).
    /// </summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var values = new Dictionary<string, double>
        {
            ["accuracy"] = Accuracy,
            ["balanced_accuracy"] = BalancedAccuracy,
            ["macro_precision"] = MacroPrecision,
            ["macro_recall"] = MacroRecall,
            ["macro_f1"] = MacroF1,
            ["weighted_precision"] = WeightedPrecision,
            ["weighted_recall"] = WeightedRecall,
            ["weighted_f1"] = WeightedF1,
        };
        if (TopKAccuracy is double topK) values[$"top{TopK}_accuracy"] = topK;
        if (!double.IsNaN(Loss)) values["loss"] = Loss;
        return values;
    }

    /// <summary>
    /// A per-class report like scikit-learn's <c>classification_report</c>: one row per class (precision, recall,
    /// f1-score, support), then "accuracy", "macro avg" and "weighted avg".
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var names = Enumerable.Range(0, Classes).Select(c => ClassNames?[c] ?? c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var label = new StringDataFrameColumn("class", names.Concat(["accuracy", "macro avg", "weighted avg"]));
        var precision = new DoubleDataFrameColumn("precision", Precision.Select(v => (double?)v).Concat([null, MacroPrecision, WeightedPrecision]));
        var recall = new DoubleDataFrameColumn("recall", Recall.Select(v => (double?)v).Concat([null, MacroRecall, WeightedRecall]));
        var f1 = new DoubleDataFrameColumn("f1-score", F1.Select(v => (double?)v).Concat([Accuracy, MacroF1, WeightedF1]));
        var support = new Int64DataFrameColumn("support", Support.Select(v => (long?)v).Concat([Count, Count, Count]));
        return new DataFrame(label, precision, recall, f1, support);
    }
}

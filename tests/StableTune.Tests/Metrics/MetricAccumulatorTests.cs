using StableTune.Metrics;
using static TorchSharp.torch;

namespace StableTune.Tests.Metrics;

public class MetricAccumulatorTests
{
    [Fact]
    public void Accumulating_over_uneven_batches_equals_computing_on_the_whole_data()
    {
        using var generator = new Generator(17);
        using var logits = randn([203, 7], generator: generator);
        using var targets = randint(0, 7, [203], generator: generator);
        var whole = new MetricAccumulator(7);
        whole.Update(logits, targets, meanLoss: 1.5);
        var batched = new MetricAccumulator(7);
        double lossSum = 0;
        foreach (var (start, size) in new[] { (0, 64), (64, 64), (128, 64), (192, 11) })
        {
            double batchLoss = 1.0 + start / 100.0; // different per batch: the mean must weigh by batch size
            lossSum += batchLoss * size;
            batched.Update(logits.narrow(0, start, size), targets.narrow(0, start, size), batchLoss);
        }
        var a = whole.Compute();
        var b = batched.Compute();
        Assert.Equal(203, b.Count);
        Assert.Equal(a.Accuracy, b.Accuracy);
        Assert.Equal(5, b.TopK);
        Assert.Equal(a.TopKAccuracy, b.TopKAccuracy);
        Assert.Equal(a.F1, b.F1);
        Assert.Equal(a.MacroF1, b.MacroF1);
        Assert.Equal(a.WeightedPrecision, b.WeightedPrecision);
        Assert.Equal(a.ConfusionMatrix, b.ConfusionMatrix);
        Assert.Equal(lossSum / 203, b.Loss, 12);
        Assert.Equal(1.5, a.Loss);
        // Accuracy computed directly from the tensors.
        double direct = logits.argmax(1).eq(targets).to_type(ScalarType.Float64).mean().item<double>();
        Assert.Equal(direct, b.Accuracy, 12);
    }

    [Fact]
    public void Predicted_classes_and_arrays_give_the_same_counts_without_top_k()
    {
        long[] predictions = [0, 1, 1, 2, 2, 2];
        long[] targets = [0, 1, 2, 2, 2, 0];
        var fromTensors = new MetricAccumulator(3, topK: 2);
        using (var p = tensor(predictions))
        using (var t = tensor(targets))
            fromTensors.Update(p, t);
        var fromArrays = new MetricAccumulator(3);
        fromArrays.Update(predictions, targets);
        var m = fromTensors.Compute();
        Assert.Null(m.TopKAccuracy);
        Assert.Equal(fromArrays.Compute().ConfusionMatrix, m.ConfusionMatrix);
        Assert.Equal(4.0 / 6, m.Accuracy, 12);
        Assert.Equal(2.0 / 3, m.Precision[2], 12); // predicted 2 three times, right twice
        Assert.Equal(0.5, m.Recall[0], 12);        // class 0 twice, found once
        Assert.True(double.IsNaN(m.Loss));
        Assert.DoesNotContain("loss", m.ToDictionary().Keys);
    }

    [Fact]
    public void Reset_forgets_and_bad_input_is_named()
    {
        var accumulator = new MetricAccumulator(3);
        accumulator.Update([0L, 1], [0L, 1]);
        accumulator.Reset();
        Assert.Equal(0, accumulator.Count);
        Assert.Throws<InvalidOperationException>(() => accumulator.Compute());
        Assert.Contains("Target 3", Assert.Throws<ArgumentException>(() => accumulator.Update([0L], [3L])).Message);
        using var wrongWidth = zeros(2, 4);
        using var targets = tensor(new long[] { 0, 1 });
        Assert.Contains("[B, 3]", Assert.Throws<ArgumentException>(() => accumulator.Update(wrongWidth, targets)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricAccumulator(3, topK: 4));
    }

    [Fact]
    public void The_report_table_has_a_row_per_class_and_the_averages()
    {
        var accumulator = new MetricAccumulator(3, classNames: ["cat", "dog", "owl"]);
        accumulator.Update([0L, 1, 1, 2, 2, 2], [0L, 1, 2, 2, 2, 0], meanLoss: 0.7);
        var m = accumulator.Compute();
        var frame = m.ToDataFrame();
        Assert.Equal(6, frame.Rows.Count);
        Assert.Equal(["class", "precision", "recall", "f1-score", "support"], frame.Columns.Select(c => c.Name));
        Assert.Equal("owl", frame["class"][2]);
        Assert.Equal(m.F1[2], frame["f1-score"][2]);
        Assert.Equal("accuracy", frame["class"][3]);
        Assert.Null(frame["precision"][3]);
        Assert.Equal(m.Accuracy, frame["f1-score"][3]);
        Assert.Equal(m.MacroRecall, frame["recall"][4]);
        Assert.Equal(m.WeightedF1, frame["f1-score"][5]);
        Assert.Equal(6L, frame["support"][5]);
        var values = m.ToDictionary();
        Assert.Equal(m.MacroF1, values["macro_f1"]);
        Assert.Equal(0.7, values["loss"], 12);
    }
}

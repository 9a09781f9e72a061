using System.Text.Json;
using StableTune.Metrics;
using static TorchSharp.torch;

namespace StableTune.Tests.Metrics;

/// <summary>
/// Compares <see cref="MetricAccumulator"/> with scikit-learn on the fixed predictions in
/// <c>reference/sklearn_reference.json</c> (written by <c>reference/make_reference.py</c>; no Python needed here).
/// </summary>
public class SklearnReferenceTests
{
    const double Tolerance = 1e-6;

    public static TheoryData<string> Cases() => new(Load().Select(c => c.GetProperty("name").GetString()!));

    static List<JsonElement> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Metrics", "reference", "sklearn_reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }

    static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected}, got {actual}");

    static void Near(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Near(expected[i], actual[i], $"{what}[{i}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(string name)
    {
        var c = Load().Single(x => x.GetProperty("name").GetString() == name);
        int classes = c.GetProperty("classes").GetInt32();
        var yTrue = Longs(c.GetProperty("y_true"));
        var scores = c.GetProperty("scores");
        bool hasScores = scores.ValueKind == JsonValueKind.Array;
        var accumulator = new MetricAccumulator(classes, hasScores ? c.GetProperty("k").GetInt32() : null);
        using (var targets = tensor(yTrue))
        {
            if (hasScores)
            {
                var rows = scores.EnumerateArray().Select(Doubles).ToArray();
                using var logits = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, classes]);
                accumulator.Update(logits, targets);
            }
            else
            {
                using var predictions = tensor(Longs(c.GetProperty("y_pred")));
                accumulator.Update(predictions, targets);
            }
        }
        var m = accumulator.Compute();

        Near(c.GetProperty("accuracy").GetDouble(), m.Accuracy, "accuracy");
        Near(c.GetProperty("balanced_accuracy").GetDouble(), m.BalancedAccuracy, "balanced accuracy");
        Near(Doubles(c.GetProperty("precision")), m.Precision, "precision");
        Near(Doubles(c.GetProperty("recall")), m.Recall, "recall");
        Near(Doubles(c.GetProperty("f1")), m.F1, "f1");
        Assert.Equal(Longs(c.GetProperty("support")), m.Support);
        var confusion = c.GetProperty("confusion").EnumerateArray().Select(Longs).ToArray();
        for (int t = 0; t < classes; t++)
            for (int p = 0; p < classes; p++) Assert.Equal(confusion[t][p], m.ConfusionMatrix[t, p]);
        foreach (var (average, values) in new[] { ("macro", (m.MacroPrecision, m.MacroRecall, m.MacroF1)), ("micro", (m.MicroPrecision, m.MicroRecall, m.MicroF1)), ("weighted", (m.WeightedPrecision, m.WeightedRecall, m.WeightedF1)) })
        {
            var expected = c.GetProperty(average);
            Near(expected.GetProperty("precision").GetDouble(), values.Item1, $"{average} precision");
            Near(expected.GetProperty("recall").GetDouble(), values.Item2, $"{average} recall");
            Near(expected.GetProperty("f1").GetDouble(), values.Item3, $"{average} f1");
        }
        if (hasScores) Near(c.GetProperty("top_k_accuracy").GetDouble(), m.TopKAccuracy!.Value, "top-k accuracy");
        else Assert.Null(m.TopKAccuracy);
    }

    [Fact]
    public void The_reference_includes_a_class_that_is_never_predicted()
    {
        var c = Load().Single(x => x.GetProperty("name").GetString() == "never_predicted_class");
        var predicted = Longs(c.GetProperty("y_pred")).ToHashSet();
        Assert.Contains(3L, Longs(c.GetProperty("y_true")));
        Assert.DoesNotContain(3L, predicted);
        Assert.Equal(0.0, Doubles(c.GetProperty("precision"))[3]);
    }
}

using Microsoft.Data.Analysis;
using StableTune.Training;

namespace StableTune.Experiments;

/// <summary>Training histories as tables: one row per epoch.</summary>
public static class HistoryTables
{
    /// <summary>One fit's history: epoch, train/validation loss and accuracy, learning rate, seconds.</summary>
    public static DataFrame ToDataFrame(this IReadOnlyList<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new DataFrame(Columns(history));
    }

    /// <summary>
    /// Every run's history in long format: config, seed, repeat, fold, then one row per epoch as in
    /// <see cref="ToDataFrame(IReadOnlyList{EpochRecord})"/>. Runs that failed before their first epoch have no rows.
    /// </summary>
    public static DataFrame HistoryFrame(this ResultSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Runs.SelectMany(r => r.History.Select(h => (Run: r, Epoch: h))).ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("config", rows.Select(x => x.Run.ConfigName)),
            new Int32DataFrameColumn("seed", rows.Select(x => x.Run.Seed)),
            new Int32DataFrameColumn("repeat", rows.Select(x => x.Run.Repeat)),
            new Int32DataFrameColumn("fold", rows.Select(x => x.Run.Fold)),
        };
        columns.AddRange(Columns(rows.Select(x => x.Epoch).ToList()));
        return new DataFrame(columns);
    }

    static IEnumerable<DataFrameColumn> Columns(IReadOnlyList<EpochRecord> h) =>
    [
        new Int32DataFrameColumn("epoch", h.Select(r => r.Epoch)),
        new DoubleDataFrameColumn("train_loss", h.Select(r => r.TrainLoss)),
        new DoubleDataFrameColumn("train_accuracy", h.Select(r => r.TrainAccuracy)),
        new DoubleDataFrameColumn("val_loss", h.Select(r => r.ValidationLoss)),
        new DoubleDataFrameColumn("val_accuracy", h.Select(r => r.ValidationAccuracy)),
        new DoubleDataFrameColumn("learning_rate", h.Select(r => r.LearningRate)),
        new DoubleDataFrameColumn("seconds", h.Select(r => r.Seconds)),
    ];
}

using System.Collections.Concurrent;
using StableTune.Data;

namespace StableTune.Experiments;

/// <summary>One run's data: the training part, an optional validation part carved from it, and the test part.</summary>
internal sealed record RunData(TensorData Train, TensorData? Validation, TensorData Test) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
        Test.Dispose();
    }
}

/// <summary>
/// Loads each dataset once per experiment and cuts it into a run's parts by the validation scheme. The splits depend
/// only on the scheme (its split seed), never on the run's seed. Thread-safe; owns the loaded datasets.
/// </summary>
internal sealed class ExperimentData : IDisposable
{
    readonly ConcurrentDictionary<(DataConfig, string), Lazy<TensorData>> _loaded = new();

    /// <summary>The parts of (<paramref name="repeat"/>, <paramref name="fold"/>) of <paramref name="config"/>'s data (copies; dispose them).</summary>
    public RunData Parts(RunConfig config, int repeat, int fold)
    {
        var v = config.Validation;
        TensorData train, test;
        if (v.Kind == SplitKind.TestSet)
        {
            if (config.Data.Dataset != DatasetName.FashionMnist)
                throw new ArgumentException($"SplitKind.TestSet needs a dataset with its own test split (FashionMnist); {config.Data.Dataset} has none: use HoldOut or KFold.");
            var all = Load(config.Data, "train");
            train = all.Subset(Enumerable.Range(0, (int)all.Count).Select(i => (long)i).ToArray());
            var testAll = Load(config.Data, "test");
            test = testAll.Subset(Enumerable.Range(0, (int)testAll.Count).Select(i => (long)i).ToArray());
        }
        else
        {
            var data = Load(config.Data, "train");
            var split = Split(data, v, repeat, fold);
            train = data.Subset(split.Train, $"{data.Source} (train part of repeat {repeat}, fold {fold})");
            test = data.Subset(split.Test, $"{data.Source} (test part of repeat {repeat}, fold {fold})");
        }
        if (v.ValidationFraction <= 0) return new RunData(train, null, test);
        using (train)
        {
            var inner = Folds.HoldOut(train.LabelArray(), v.ValidationFraction, v.SplitSeed);
            return new RunData(train.Subset(inner.Train), train.Subset(inner.Test, $"{train.Source} (validation)"), test);
        }
    }

    static FoldSplit Split(TensorData data, ValidationConfig v, int repeat, int fold)
    {
        var labels = data.LabelArray();
        return v.Kind switch
        {
            SplitKind.HoldOut => Folds.HoldOut(labels, v.TestFraction, v.SplitSeed),
            SplitKind.KFold => Folds.RepeatedStratifiedKFold(labels, v.Folds, v.Repeats, v.SplitSeed)[repeat * v.Folds + fold],
            _ => throw new ArgumentOutOfRangeException(nameof(v), v.Kind, "Unknown split kind."),
        };
    }

    TensorData Load(DataConfig config, string split) =>
        _loaded.GetOrAdd((config, split), key => new Lazy<TensorData>(() => LoadNow(key.Item1, key.Item2))).Value;

    static TensorData LoadNow(DataConfig config, string split)
    {
        var images = new ImageFolderOptions { MaxPerClass = config.MaxPerClass, Classes = config.Classes };
        if (config.Dataset is not (DatasetName.FashionMnist or DatasetName.Digits) && (config.MaxPerClass is not null || config.Classes is not null))
            throw new ArgumentException($"DataConfig.MaxPerClass and Classes apply to image datasets; {config.Dataset} is a table.");
        return config.Dataset switch
        {
            DatasetName.FashionMnist => Datasets.FashionMnist(split, images),
            DatasetName.Digits => Datasets.Digits(images),
            DatasetName.Iris => Datasets.Iris(),
            DatasetName.Wine => Datasets.Wine(),
            DatasetName.BreastCancer => Datasets.BreastCancer(),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Dataset, "Unknown dataset."),
        };
    }

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values) if (lazy.IsValueCreated) lazy.Value.Dispose();
    }
}

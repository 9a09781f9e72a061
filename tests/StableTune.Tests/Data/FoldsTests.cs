using StableTune.Data;

namespace StableTune.Tests.Data;

public class FoldsTests
{
    // 3 classes of unequal size: 23, 11, 7 examples, interleaved.
    static readonly long[] Labels = Enumerable.Range(0, 41).Select(i => (long)(i < 23 ? 0 : i < 34 ? 1 : 2)).OrderBy(l => (l * 7919) % 13).ToArray();

    static void AssertPartition(IReadOnlyList<FoldSplit> splits, int n)
    {
        var allTest = splits.SelectMany(s => s.Test).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), allTest); // disjoint and covering
        foreach (var s in splits)
        {
            Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), s.Train.Concat(s.Test).Order());
            Assert.Equal(s.Test.Order(), s.Test);
            Assert.Equal(s.Train.Order(), s.Train);
        }
        var sizes = splits.Select(s => s.Test.Length).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"fold sizes {string.Join(",", sizes)}");
    }

    [Fact]
    public void KFold_partitions_deterministically_and_seed_matters()
    {
        var a = Folds.KFold(41, 5, seed: 3);
        AssertPartition(a, 41);
        Assert.Equal(Enumerable.Range(0, 5), a.Select(s => s.Fold));
        var b = Folds.KFold(41, 5, seed: 3);
        Assert.Equal(a.Select(s => s.Test), b.Select(s => s.Test));
        var c = Folds.KFold(41, 5, seed: 4);
        Assert.NotEqual(a.Select(s => string.Join(",", s.Test)), c.Select(s => string.Join(",", s.Test)));
    }

    [Fact]
    public void StratifiedKFold_keeps_class_counts_within_one_of_their_share()
    {
        var splits = Folds.StratifiedKFold(Labels, 4, seed: 11);
        AssertPartition(splits, Labels.Length);
        foreach (var cls in Labels.Distinct())
        {
            int total = Labels.Count(l => l == cls);
            foreach (var s in splits)
            {
                int inFold = s.Test.Count(i => Labels[i] == cls);
                Assert.InRange(inFold, total / 4, (total + 3) / 4);
            }
        }
    }

    [Fact]
    public void Repeated_stratified_kfold_repeats_differ_and_one_repeat_equals_stratified()
    {
        var repeated = Folds.RepeatedStratifiedKFold(Labels, 3, repeats: 4, seed: 5);
        Assert.Equal(12, repeated.Count);
        for (int r = 0; r < 4; r++)
        {
            var ofRepeat = repeated.Where(s => s.Repeat == r).ToList();
            Assert.Equal([0, 1, 2], ofRepeat.Select(s => s.Fold));
            AssertPartition(ofRepeat, Labels.Length);
        }
        Assert.NotEqual(repeated[0].Test, repeated[3].Test);
        var single = Folds.StratifiedKFold(Labels, 3, seed: 5);
        Assert.Equal(single.Select(s => s.Test), repeated.Take(3).Select(s => s.Test));
    }

    [Fact]
    public void HoldOut_stratified_takes_each_class_share()
    {
        var split = Folds.HoldOut(Labels, 0.25, seed: 1);
        Assert.Equal(10, split.Test.Length); // round(41 * 0.25)
        Assert.Equal(41, split.Train.Concat(split.Test).Distinct().Count());
        foreach (var cls in Labels.Distinct())
        {
            double share = Labels.Count(l => l == cls) * 0.25;
            Assert.InRange(split.Test.Count(i => Labels[i] == cls), Math.Floor(share), Math.Ceiling(share));
        }
        Assert.Equal(split.Test, Folds.HoldOut(Labels, 0.25, seed: 1).Test);
        Assert.NotEqual(split.Test, Folds.HoldOut(Labels, 0.25, seed: 2).Test);
    }

    [Fact]
    public void HoldOut_unstratified_has_the_requested_size()
    {
        var split = Folds.HoldOut(Labels, 0.5, seed: 9, stratified: false);
        Assert.Equal(21, split.Test.Length);
        Assert.Equal(20, split.Train.Length);
        Assert.Empty(split.Train.Intersect(split.Test));
    }

    [Fact]
    public void A_dataset_splits_into_the_folds_examples()
    {
        using var data = new TensorData(TorchSharp.torch.arange(41, dtype: TorchSharp.torch.ScalarType.Float32).view(41, 1),
            TorchSharp.torch.tensor(Labels), ["a", "b", "c"], "toy");
        var fold = Folds.StratifiedKFold(Labels, 4, seed: 2)[3];
        var (train, test) = data.Split(fold);
        using (train)
        using (test)
        {
            Assert.Equal(fold.Test.Select(i => (float)i), test.Features.data<float>().ToArray());
            Assert.Equal(fold.Train.Select(i => Labels[i]), train.LabelArray());
            Assert.Equal("toy (repeat 0, fold 3) test", test.Source);
        }
        var foreign = new FoldSplit(0, 0, [0, 1], [41]);
        Assert.Contains("example 41", Assert.Throws<ArgumentException>(() => data.Split(foreign)).Message);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Folds.HoldOut(Labels, 1.0, 0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Folds.KFold(3, 4, 0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Folds.StratifiedKFold(Labels, 1, 0)).ParamName);
        Assert.Contains("index 1", Assert.Throws<ArgumentException>(() => Folds.StratifiedKFold([0, -1, 1], 2, 0)).Message);
    }
}

using StableTune.Data;

namespace StableTune.Tests.Data;

public class BatchesTests
{
    [Fact]
    public void An_epoch_visits_every_example_once_in_batches_of_the_given_size()
    {
        var batches = Batches.Order(103, 10, seed: 7, epoch: 0);
        Assert.Equal(11, batches.Count);
        Assert.All(batches.Take(10), b => Assert.Equal(10, b.Length));
        Assert.Equal(3, batches[^1].Length);
        Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), batches.SelectMany(b => b).Order());
        Assert.NotEqual(Enumerable.Range(0, 103).Select(i => (long)i), batches.SelectMany(b => b)); // shuffled
    }

    [Fact]
    public void The_order_depends_only_on_seed_and_epoch()
    {
        string Flat(IReadOnlyList<long[]> b) => string.Join(",", b.SelectMany(x => x));
        Assert.Equal(Flat(Batches.Order(50, 8, 1, 2)), Flat(Batches.Order(50, 8, 1, 2)));
        Assert.NotEqual(Flat(Batches.Order(50, 8, 1, 2)), Flat(Batches.Order(50, 8, 1, 3)));
        Assert.NotEqual(Flat(Batches.Order(50, 8, 1, 2)), Flat(Batches.Order(50, 8, 2, 2)));
    }

    [Fact]
    public void DropLast_and_sequential_batches()
    {
        Assert.Equal(10, Batches.Order(103, 10, 0, 0, dropLast: true).Count);
        Assert.Equal(10, Batches.Count(103, 10, dropLast: true));
        Assert.Equal(11, Batches.Count(103, 10));
        var sequential = Batches.Sequential(5, 2);
        Assert.Equal([[0L, 1], [2L, 3], [4L]], sequential);
        Assert.Throws<ArgumentOutOfRangeException>(() => Batches.Order(5, 0, 0, 0));
    }
}

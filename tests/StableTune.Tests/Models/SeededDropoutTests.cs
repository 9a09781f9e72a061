using StableTune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Models;

public class SeededDropoutTests
{
    [Fact]
    public void MasksDependOnlyOnTheGeneratorAndKeepTheExpectation()
    {
        using var scope = NewDisposeScope();
        using var dropout = new SeededDropout(0.25);
        var x = ones(200, 100);
        Tensor Draw(ulong seed)
        {
            using var generator = new Generator(seed);
            dropout.Generator = generator;
            var y = dropout.call(x);
            dropout.Generator = null;
            return y;
        }
        var a = Draw(7);
        var b = Draw(7);
        var c = Draw(8);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
        // kept elements are scaled by 1 / (1 - p); about 75% are kept
        var kept = a.ne(0);
        Assert.True(a.masked_select(kept).eq(1 / 0.75f).all().item<bool>());
        Assert.Equal(0.75, kept.to(ScalarType.Float32).mean().item<float>(), 1);
    }

    [Fact]
    public void IsTheIdentityInEvalMode()
    {
        using var scope = NewDisposeScope();
        using var dropout = new SeededDropout(0.5);
        dropout.eval();
        var x = rand(4, 5);
        Assert.True(dropout.call(x).eq(x).all().item<bool>());
    }
}

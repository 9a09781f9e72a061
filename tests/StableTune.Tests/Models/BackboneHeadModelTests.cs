using StableTune.Models;
using StableTune.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Models;

[Collection(TorchRandomCollection.Name)]
public class BackboneHeadModelTests
{
    static BackboneHeadModel Build(int classes, int seed)
    {
        manual_seed(seed);
        return (BackboneHeadModel)ModelBuilder.Build(new BackboneHeadConfig { Channels = [4, 8], HeadWidth = 8, Classes = classes });
    }

    [Fact]
    public void SavedBackboneLoadsUnderANewHead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stabletune-backbone-{Guid.NewGuid():N}.bin");
        try
        {
            using var pretrained = Build(classes: 5, seed: 1);
            pretrained.SaveBackbone(path);
            using var fresh = Build(classes: 3, seed: 2);
            var headBefore = Synthetic.Weights(fresh.Head);
            Assert.NotEqual(Synthetic.Weights(pretrained.Backbone), Synthetic.Weights(fresh.Backbone));

            fresh.LoadBackbone(path);

            Assert.Equal(Synthetic.Weights(pretrained.Backbone), Synthetic.Weights(fresh.Backbone));
            Assert.Equal(headBefore, Synthetic.Weights(fresh.Head));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CopyBackboneRejectsADifferentStructure()
    {
        using var a = Build(classes: 5, seed: 1);
        manual_seed(1);
        using var other = (BackboneHeadModel)ModelBuilder.Build(new BackboneHeadConfig { Channels = [4, 16] });
        Assert.Throws<ArgumentException>(() => other.CopyBackboneFrom(a));
    }

    [Fact]
    public void FrozenBackboneGetsNoGradientAndStaysInEvalMode()
    {
        using var model = Build(classes: 3, seed: 1);
        model.FreezeBackbone();
        model.train();
        Assert.False(model.Backbone.training);
        Assert.True(model.Head.training);
        using (var scope = NewDisposeScope())
            model.call(rand(4, 1, 8, 8)).sum().backward();
        Assert.All(model.Backbone.parameters(), p => Assert.Null(p.grad));
        Assert.All(model.Head.parameters(), p => Assert.NotNull(p.grad));

        model.UnfreezeBackbone();
        Assert.True(model.Backbone.training);
        Assert.All(model.Backbone.parameters(), p => Assert.True(p.requires_grad));
    }
}

using StableTune.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Tests.Training;

public class GradientClippingTests
{
    [Fact]
    public void ScalesAllGradientsSoTheGlobalNormIsTheLimit()
    {
        using var model = nn.Linear(2, 1);
        using (no_grad())
        {
            model.weight!.grad = tensor(new float[] { 3, 0 }, 1, 2);
            model.bias!.grad = tensor(new float[] { 4 });
        }
        // global norm 5 -> clipped to 1: every gradient scaled by 1/5
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        var context = new TrainContext
        {
            Model = model, Optimizer = optimizer, Config = new TrainConfig(), Device = CPU, Seed = 0,
            AugmentGenerator = new Generator(0), DropoutGenerator = new Generator(1),
        };
        new GradientClipping(1.0).AfterBackward(context);
        Assert.Equal([0.6f, 0f], model.weight!.grad!.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(0.8f, model.bias!.grad!.item<float>(), 5);

        // under the limit: untouched
        new GradientClipping(10.0).AfterBackward(context);
        Assert.Equal(0.8f, model.bias!.grad!.item<float>(), 5);
    }
}

using StableTune.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>Single models of the kit's configs (the layers ModelBuilder.Build makes; replaced by it once it is on main).</summary>
static class SingleModels
{
    public static nn.Module<Tensor, Tensor> Build(ModelConfig config)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        switch (config)
        {
            case MlpConfig m:
                layers.Add(nn.Flatten());
                long inputs = m.Inputs;
                for (int i = 0; i < m.Depth; i++) { layers.Add(nn.Linear(inputs, m.Width)); layers.Add(nn.ReLU()); inputs = m.Width; }
                layers.Add(nn.Linear(inputs, m.Classes));
                break;
            case CnnConfig c:
                long channels = c.InChannels;
                foreach (var ch in c.Channels)
                {
                    layers.Add(nn.Conv2d(channels, ch, 3, padding: 1, bias: !c.BatchNorm));
                    if (c.BatchNorm) layers.Add(nn.BatchNorm2d(ch));
                    layers.AddRange([nn.ReLU(), nn.MaxPool2d(2)]);
                    channels = ch;
                }
                long side = c.ImageSize >> c.Channels.Count;
                layers.AddRange([nn.Flatten(), nn.Linear(channels * side * side, c.Dense), nn.ReLU(), nn.Linear(c.Dense, c.Classes)]);
                break;
        }
        return nn.Sequential(layers.ToArray());
    }
}

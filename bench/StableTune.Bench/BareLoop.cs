using System.Diagnostics;
using StableTune.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Bench;

/// <summary>
/// The reference training loop: plain TorchSharp, nothing but the steps (shuffle, gather, forward, cross-entropy,
/// backward, Adam step) - the same steps as <c>peer_pytorch.py</c>.
/// </summary>
sealed class BareLoop : IDisposable
{
    readonly nn.Module<Tensor, Tensor> _model;
    readonly optim.Optimizer _optimizer;
    readonly TensorData _data;
    readonly int _batch;

    public BareLoop(nn.Module<Tensor, Tensor> model, TensorData data, int batch)
    {
        _model = model;
        _data = data;
        _batch = batch;
        _optimizer = optim.Adam(model.parameters(), 1e-3);
        model.train();
    }

    /// <summary>Trains one epoch; returns its seconds.</summary>
    public double Epoch()
    {
        var clock = Stopwatch.StartNew();
        using var order = randperm(_data.Count, device: _data.Features.device);
        for (long start = 0; start < _data.Count; start += _batch)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(_batch, _data.Count - start));
            var loss = nn.functional.cross_entropy(_model.call(_data.Features.index_select(0, index)), _data.Labels.index_select(0, index));
            _optimizer.zero_grad();
            loss.backward();
            _optimizer.step();
        }
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }
}

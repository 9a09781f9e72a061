using StableTune.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// One optimizer step on one batch: forward, data loss (+ penalty), backward, callbacks, step. Written for the hot path:
/// one read of the loss per batch, running sums stay on the device, no managed allocations per batch (the objective
/// delegate L-BFGS needs is created once).
/// </summary>
internal sealed class BatchStep
{
    readonly TrainContext _context;
    readonly Func<Tensor, Tensor, Tensor> _loss;
    readonly WeightPenalty? _penalty;
    readonly ICallback[] _callbacks;
    readonly Func<Tensor>? _closure;
    Tensor? _x, _y, _lastLoss, _lastCorrect;

    public BatchStep(TrainContext context, Func<Tensor, Tensor, Tensor> loss, WeightPenalty? penalty, ICallback[] callbacks)
    {
        _context = context;
        _loss = loss;
        _penalty = penalty;
        _callbacks = callbacks;
        if (context.Config.Optimizer.Kind == OptimizerKind.LBFGS) _closure = Objective;
    }

    /// <summary>
    /// Trains on <paramref name="x"/> <c>[B, ...]</c> / <paramref name="y"/> <c>[B]</c>, adding the batch's summed data
    /// loss to <paramref name="lossSum"/> and its correct predictions to <paramref name="correct"/> (both on the device).
    /// Runs inside the caller's per-batch dispose scope.
    /// </summary>
    public void Run(Tensor x, Tensor y, Tensor lossSum, Tensor correct)
    {
        foreach (var c in _callbacks) c.BeforeBatch(_context);
        (_x, _y) = (x, y);
        try
        {
            // L-BFGS re-evaluates the objective several times per step; the other optimizers evaluate once, then step.
            if (_closure is not null) _context.Optimizer.step(_closure);
            else
            {
                Objective();
                _context.Optimizer.step();
            }
            lossSum.add_(_lastLoss!.mul(y.shape[0]));
            correct.add_(_lastCorrect!);
            _context.BatchLoss = _lastLoss!.item<double>(); // the one device-to-host read of the batch
        }
        finally
        {
            _lastLoss?.Dispose();
            _lastCorrect?.Dispose();
            (_x, _y, _lastLoss, _lastCorrect) = (null, null, null, null);
        }
        foreach (var c in _callbacks) c.AfterBatch(_context);
    }

    /// <summary>
    /// Zeroes the gradients, evaluates <c>loss + penalty</c> and back-propagates it. The last evaluation's data loss and
    /// correct count are kept outside any dispose scope (L-BFGS evaluates inside scopes of its own).
    /// </summary>
    Tensor Objective()
    {
        _context.Optimizer.zero_grad();
        var logits = _context.Model.call(_x!);
        var dataLoss = _loss(logits, _y!);
        var objective = _penalty is null ? dataLoss : dataLoss.add(_penalty.Compute());
        objective.backward();
        foreach (var c in _callbacks) c.AfterBackward(_context);
        using (no_grad())
        {
            _lastLoss?.Dispose();
            _lastCorrect?.Dispose();
            _lastLoss = dataLoss.detach().to(ScalarType.Float64).DetachFromDisposeScope();
            _lastCorrect = logits.argmax(1).eq(_y!).sum().DetachFromDisposeScope();
        }
        return objective;
    }
}

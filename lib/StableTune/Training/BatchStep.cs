using StableTune.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace StableTune.Training;

/// <summary>
/// One optimizer step on one batch: forward, data loss (+ penalty), backward, callbacks, step. Written for the hot path:
/// one read of the loss per batch, everything else stays on the device, no allocations beyond the batch's tensors.
/// </summary>
internal sealed class BatchStep
{
    readonly TrainContext _context;
    readonly Func<Tensor, Tensor, Tensor> _loss;
    readonly WeightPenalty? _penalty;
    readonly ICallback[] _callbacks;
    readonly bool _closureOptimizer;

    public BatchStep(TrainContext context, Func<Tensor, Tensor, Tensor> loss, WeightPenalty? penalty, ICallback[] callbacks)
    {
        _context = context;
        _loss = loss;
        _penalty = penalty;
        _callbacks = callbacks;
        _closureOptimizer = context.Config.Optimizer.Kind == OptimizerKind.LBFGS;
    }

    /// <summary>
    /// Trains on <paramref name="x"/> <c>[B, ...]</c> / <paramref name="y"/> <c>[B]</c>, adding the batch's summed data
    /// loss to <paramref name="lossSum"/> and its correct predictions to <paramref name="correct"/> (both on the device).
    /// Runs inside the caller's per-batch dispose scope.
    /// </summary>
    public void Run(Tensor x, Tensor y, Tensor lossSum, Tensor correct)
    {
        foreach (var c in _callbacks) c.BeforeBatch(_context);
        var optimizer = _context.Optimizer;
        Tensor? lastLoss = null, lastCorrect = null;

        // L-BFGS re-evaluates the objective several times per step, inside scopes of its own, so the whole evaluation is
        // a closure and the last evaluation's loss and correct count are kept out of those scopes; the other optimizers
        // call it once and then step.
        Tensor Objective()
        {
            optimizer.zero_grad();
            var logits = _context.Model.call(x);
            var dataLoss = _loss(logits, y);
            var objective = _penalty is null ? dataLoss : dataLoss.add(_penalty.Compute());
            objective.backward();
            foreach (var c in _callbacks) c.AfterBackward(_context);
            using (no_grad())
            {
                lastLoss?.Dispose();
                lastCorrect?.Dispose();
                lastLoss = dataLoss.detach().to(ScalarType.Float64).DetachFromDisposeScope();
                lastCorrect = logits.argmax(1).eq(y).sum().DetachFromDisposeScope();
            }
            return objective;
        }

        try
        {
            if (_closureOptimizer) optimizer.step(Objective);
            else
            {
                Objective();
                optimizer.step();
            }
            lossSum.add_(lastLoss!.mul(y.shape[0]));
            correct.add_(lastCorrect!);
            _context.BatchLoss = lastLoss!.item<double>(); // the one device-to-host read of the batch
        }
        finally
        {
            lastLoss?.Dispose();
            lastCorrect?.Dispose();
        }
        foreach (var c in _callbacks) c.AfterBatch(_context);
    }
}

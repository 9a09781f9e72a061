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
        Tensor? logits = null, dataLoss = null;

        // L-BFGS re-evaluates the objective several times per step, so the whole evaluation is a closure; the other
        // optimizers call it once and then step. Either way the last evaluation's logits and loss are reported.
        Tensor Objective()
        {
            optimizer.zero_grad();
            logits = _context.Model.call(x);
            dataLoss = _loss(logits, y);
            var objective = _penalty is null ? dataLoss : dataLoss.add(_penalty.Compute());
            objective.backward();
            foreach (var c in _callbacks) c.AfterBackward(_context);
            return objective;
        }

        if (_closureOptimizer) optimizer.step(Objective);
        else
        {
            Objective();
            optimizer.step();
        }

        using (no_grad())
        {
            var detached = dataLoss!.detach();
            lossSum.add_(detached.to(ScalarType.Float64).mul(y.shape[0]));
            correct.add_(logits!.argmax(1).eq(y).sum());
            _context.BatchLoss = detached.item<float>(); // the one device-to-host read of the batch
        }
        foreach (var c in _callbacks) c.AfterBatch(_context);
    }
}

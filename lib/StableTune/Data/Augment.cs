using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Data;

/// <summary>
/// Random image augmentations for training batches <c>[B, C, H, W]</c>, drawn per example from an explicit generator:
/// the same generator state gives the same augmentation on every run. Random numbers are drawn on the CPU, so a CPU
/// generator serves batches on any device.
/// </summary>
public static class Augment
{
    /// <summary>Applies the augmentations <paramref name="config"/> turns on: random crop, then horizontal flip.</summary>
    public static Tensor Apply(Tensor batch, AugmentConfig config, Generator generator)
    {
        var result = config.CropPadding > 0 ? RandomCrop(batch, config.CropPadding, generator) : batch;
        return config.HorizontalFlip ? HorizontalFlip(result, generator) : result;
    }

    /// <summary>
    /// Pads every image with <paramref name="padding"/> zero pixels on each side and crops it back to its size at a
    /// random offset (each example its own offset): shifts of up to <paramref name="padding"/> pixels in each direction.
    /// Padding 0 returns <paramref name="batch"/> itself.
    /// </summary>
    public static Tensor RandomCrop(Tensor batch, int padding, Generator generator)
    {
        CheckBatch(batch);
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Crop padding must be 0 (off) or positive.");
        if (padding == 0) return batch;
        long b = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(batch, [padding, padding, padding, padding]); // [B, C, H+2p, W+2p]
        var top = randint(0, 2 * padding + 1, [b, 1], generator: generator).to(batch.device);
        var left = randint(0, 2 * padding + 1, [b, 1], generator: generator).to(batch.device);
        // Row r of example i comes from padded row top[i] + r; column likewise: two gathers, no per-example loop.
        var rows = (top + arange(h, device: batch.device)).view(b, 1, h, 1).expand(b, c, h, w + 2 * padding);
        var cols = (left + arange(w, device: batch.device)).view(b, 1, 1, w).expand(b, c, h, w);
        return padded.gather(2, rows).gather(3, cols).MoveToOuterDisposeScope();
    }

    /// <summary>Mirrors each image left-right with probability <paramref name="probability"/> (independently per example).</summary>
    public static Tensor HorizontalFlip(Tensor batch, Generator generator, double probability = 0.5)
    {
        CheckBatch(batch);
        if (probability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(probability), probability, "The flip probability must lie in [0, 1].");
        using var scope = NewDisposeScope();
        var flip = rand([batch.shape[0]], generator: generator).lt(probability).to(batch.device).view(-1, 1, 1, 1);
        return where(flip, batch.flip(3), batch).MoveToOuterDisposeScope();
    }

    static void CheckBatch(Tensor batch)
    {
        if (batch.dim() != 4)
            throw new ArgumentException($"Image augmentation needs a batch [B, C, H, W]; got [{string.Join(", ", batch.shape)}]. Turn augmentation off for tabular data.", nameof(batch));
    }
}

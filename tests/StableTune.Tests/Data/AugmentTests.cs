using StableTune.Data;
using StableTune.Training;
using static TorchSharp.torch;

namespace StableTune.Tests.Data;

public class AugmentTests
{
    /// <summary>A batch of distinct, all-positive images, so that every crop offset gives a different result.</summary>
    static Tensor Batch(long b = 32) => arange(1, b * 2 * 6 * 5 + 1, dtype: ScalarType.Float32).view(b, 2, 6, 5);

    static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>The (dy, dx) shift with which <paramref name="cropped"/> is a window of the zero-padded original.</summary>
    static (int Dy, int Dx) FindOffset(Tensor original, Tensor cropped, int padding)
    {
        using var padded = nn.functional.pad(original, [padding, padding, padding, padding]);
        for (int dy = 0; dy <= 2 * padding; dy++)
            for (int dx = 0; dx <= 2 * padding; dx++)
            {
                using var window = padded.narrow(1, dy, original.shape[1]).narrow(2, dx, original.shape[2]);
                if (Identical(window, cropped)) return (dy, dx);
            }
        throw new Xunit.Sdk.XunitException("The crop is no window of the padded image.");
    }

    [Fact]
    public void RandomCrop_shifts_each_example_by_its_own_offset_deterministically()
    {
        using var batch = Batch();
        using var g1 = new Generator(42);
        using var cropped = Augment.RandomCrop(batch, 2, g1);
        Assert.Equal(batch.shape, cropped.shape);
        var offsets = Enumerable.Range(0, 32).Select(i => FindOffset(batch[i], cropped[i], 2)).ToList();
        Assert.True(offsets.Distinct().Count() > 5, "offsets should vary between examples");
        Assert.Contains(offsets, o => o != (2, 2)); // (2, 2) is the unshifted image
        using var g2 = new Generator(42);
        using var again = Augment.RandomCrop(batch, 2, g2);
        Assert.True(Identical(again, cropped));
        using var g3 = new Generator(43);
        using var other = Augment.RandomCrop(batch, 2, g3);
        Assert.False(Identical(other, cropped));
        Assert.Same(batch, Augment.RandomCrop(batch, 0, g3));
    }

    [Fact]
    public void HorizontalFlip_mirrors_about_half_the_examples_deterministically()
    {
        using var batch = Batch(64);
        using var g1 = new Generator(7);
        using var flipped = Augment.HorizontalFlip(batch, g1);
        int mirrored = 0;
        for (int i = 0; i < 64; i++)
        {
            using var mirror = batch[i].flip(2);
            bool same = Identical(flipped[i], batch[i]), isMirror = Identical(flipped[i], mirror);
            Assert.True(same ^ isMirror, $"example {i} is neither unchanged nor mirrored");
            if (isMirror) mirrored++;
        }
        Assert.InRange(mirrored, 16, 48);
        using var g2 = new Generator(7);
        using var again = Augment.HorizontalFlip(batch, g2);
        Assert.True(Identical(again, flipped));
        using var all = Augment.HorizontalFlip(batch, g2, probability: 1);
        using var allMirrored = batch.flip(3);
        Assert.True(Identical(all, allMirrored));
    }

    [Fact]
    public void Apply_follows_the_config_and_rejects_non_image_batches()
    {
        using var batch = Batch(8);
        using var g = new Generator(1);
        Assert.Same(batch, Augment.Apply(batch, new AugmentConfig(), g));
        using var both = Augment.Apply(batch, new AugmentConfig { CropPadding = 1, HorizontalFlip = true }, g);
        Assert.Equal(batch.shape, both.shape);
        Assert.False(Identical(both, batch));
        using var table = zeros(4, 3);
        Assert.Contains("[B, C, H, W]", Assert.Throws<ArgumentException>(() => Augment.HorizontalFlip(table, g)).Message);
    }
}

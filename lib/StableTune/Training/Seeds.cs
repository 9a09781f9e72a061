using StableTune.Data;

namespace StableTune.Training;

/// <summary>
/// The random streams a run seed drives. Each stream gets its own derived seed
/// (<see cref="SeededShuffle.Derive"/>), so one integer controls everything and changing how one stream is used does
/// not shift the others.
/// </summary>
public static class Seeds
{
    /// <summary>Weight initialisation (torch's global generator, right before building).</summary>
    public const int Init = 1001;
    /// <summary>Dropout (the fit's own CPU generator, which the models' <see cref="Models.SeededDropout"/> layers draw from).</summary>
    public const int Dropout = 1002;
    /// <summary>Batch order (<see cref="Batches.Order"/>, with the epoch as its stream).</summary>
    public const int Order = 1003;
    /// <summary>Augmentation (the fit's own CPU generator).</summary>
    public const int Augment = 1004;

    /// <summary>The seed of <paramref name="stream"/> for run seed <paramref name="seed"/> (non-negative).</summary>
    public static int Derive(int seed, int stream) => SeededShuffle.Derive(seed, stream);
}

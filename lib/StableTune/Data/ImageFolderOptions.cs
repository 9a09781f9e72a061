namespace StableTune.Data;

/// <summary>How <see cref="ImageFolder.Load"/> reads an image folder. Immutable; the defaults read every image as grey.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>Read images as one grey channel (true, default) or as three RGB channels (false).</summary>
    public bool Grayscale { get; init; } = true;

    /// <summary>Take only the first n files of each class (in file-name order), e.g. for a data-budget experiment. Null = all.</summary>
    public int? MaxPerClass { get; init; }

    /// <summary>
    /// Load only these class folders, relabelled 0..k-1 in the order given (e.g. classes 5-9 for a fine-tuning
    /// lesson). Each entry is a folder name ("5_sandal"), its display name ("sandal") or its number ("5").
    /// Null = all folders.
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Class names without the leading "&lt;number&gt;_" of the folder names ("t-shirt_top" instead of "0_t-shirt_top").</summary>
    public bool DisplayNames { get; init; }

    /// <summary>Keep decoded images in the kit's cache so the next load skips decoding (default true).</summary>
    public bool Cache { get; init; } = true;

    /// <summary>Folder of the decoded-image cache; null = <c>images/</c> under <see cref="Runtime.KitPaths.CacheRoot"/>.</summary>
    public string? CacheDirectory { get; init; }
}

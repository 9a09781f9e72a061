using System.Text.RegularExpressions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace StableTune.Data;

/// <summary>
/// Loads a folder of PNG images laid out one subfolder per class (<c>root/&lt;class&gt;/*.png</c>, classes sorted by
/// folder name) into a <see cref="TensorData"/>: features float32 <c>[N, C, H, W]</c> scaled to [0, 1], labels int64.
/// Decoded pixels are cached on disk, keyed by the files' names, sizes and modification times and the options, so a
/// second load of the same folder skips decoding; any change to the files invalidates the cache.
/// </summary>
public static partial class ImageFolder
{
    /// <summary>Reads the images under <paramref name="root"/>. Throws with the offending path and a fix on bad input.</summary>
    public static TensorData Load(string root, ImageFolderOptions? options = null)
    {
        options ??= new ImageFolderOptions();
        var listing = List(root, options);
        int channels = options.Grayscale ? 1 : 3;
        var cacheFile = options.Cache ? ImageCache.PathFor(listing, channels, options.CacheDirectory) : null;
        var pixels = cacheFile is null ? null : ImageCache.TryRead(cacheFile, listing.Files.Count, channels);
        if (pixels is null)
        {
            pixels = Decode(listing, channels);
            if (cacheFile is not null) ImageCache.TryWrite(cacheFile, pixels);
        }
        using var scope = NewDisposeScope();
        var shape = new long[] { listing.Files.Count, channels, pixels.Height, pixels.Width };
        var features = tensor(pixels.Bytes, shape, ScalarType.Byte).to_type(ScalarType.Float32).div_(255f);
        var labels = tensor(listing.Files.Select(f => (long)f.Label).ToArray(), ScalarType.Int64);
        var source = listing.Root + (options.Classes is null ? "" : $" [classes {string.Join(", ", listing.ClassNames)}]")
            + (options.MaxPerClass is int max ? $" [first {max} per class]" : "");
        return new TensorData(features, labels, listing.ClassNames, source);
    }

    /// <summary>The folder name without a leading "&lt;number&gt;_" ("0_t-shirt_top" gives "t-shirt_top").</summary>
    public static string DisplayName(string folderName) => NumberPrefix().Replace(folderName, "");

    [GeneratedRegex(@"^\d+_")]
    private static partial Regex NumberPrefix();

    /// <summary>One image file and its class.</summary>
    internal sealed record ImageFile(string Path, string RelativePath, int Label, long Length, long ModifiedTicks);

    /// <summary>The files to load, in output order, and the class names.</summary>
    internal sealed record Listing(string Root, IReadOnlyList<string> ClassNames, IReadOnlyList<ImageFile> Files);

    /// <summary>Decoded pixels of all images, <c>[N, C, H, W]</c> bytes.</summary>
    internal sealed record Pixels(byte[] Bytes, int Count, int Channels, int Height, int Width);

    internal static Listing List(string root, ImageFolderOptions options)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Image folder '{root}' does not exist. Check the path (it must contain one subfolder per class).");
        if (options.MaxPerClass is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPerClass, "ImageFolderOptions.MaxPerClass must be at least 1 (or null for all images).");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
            throw new InvalidDataException($"Image folder '{root}' has no class folders. Put each class's images in its own subfolder, e.g. '{Path.Combine(root, "cat", "0001.png")}'.");
        var chosen = options.Classes is null ? folders : Choose(root, folders, options.Classes);
        var files = new List<ImageFile>();
        for (int label = 0; label < chosen.Count; label++)
        {
            var dir = Path.Combine(root, chosen[label]);
            var paths = Directory.GetFiles(dir).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
            var notPng = paths.FirstOrDefault(p => !p.EndsWith(".png", StringComparison.OrdinalIgnoreCase));
            if (notPng is not null)
                throw new InvalidDataException($"'{notPng}' is not a .png file; only PNG images are supported. Convert it to PNG or move it out of '{dir}'.");
            if (paths.Count == 0)
                throw new InvalidDataException($"Class folder '{dir}' contains no PNG images. Add images or remove the folder.");
            foreach (var path in paths.Take(options.MaxPerClass ?? int.MaxValue))
            {
                var info = new FileInfo(path);
                files.Add(new ImageFile(path, Path.GetRelativePath(root, path), label, info.Length, info.LastWriteTimeUtc.Ticks));
            }
        }
        var names = chosen.Select(c => options.DisplayNames ? DisplayName(c) : c).ToList();
        return new Listing(root, names, files);
    }

    static List<string> Choose(string root, List<string> folders, IReadOnlyList<string> wanted)
    {
        var chosen = new List<string>();
        foreach (var name in wanted)
        {
            var match = folders.FirstOrDefault(f => f == name) ?? folders.SingleOrDefault(f => DisplayName(f) == name)
                ?? folders.SingleOrDefault(f => f.StartsWith(name + "_", StringComparison.Ordinal) && NumberPrefix().IsMatch(name + "_"))
                ?? throw new ArgumentException($"Class '{name}' is not a folder of '{root}'. Available: {string.Join(", ", folders)}.", nameof(wanted));
            if (chosen.Contains(match))
                throw new ArgumentException($"Class '{name}' is listed twice in ImageFolderOptions.Classes.", nameof(wanted));
            chosen.Add(match);
        }
        if (chosen.Count == 0) throw new ArgumentException("ImageFolderOptions.Classes is empty; list at least one class folder or use null for all.", nameof(wanted));
        return chosen;
    }

    static Pixels Decode(Listing listing, int channels)
    {
        var decoded = new byte[listing.Files.Count][];
        var sizes = new (int H, int W)[listing.Files.Count];
        var errors = new Exception?[listing.Files.Count];
        Parallel.For(0, listing.Files.Count, i =>
        {
            try { (decoded[i], sizes[i]) = DecodeOne(listing.Files[i].Path, channels); }
            catch (Exception e) { errors[i] = e; }
        });
        int failed = Array.FindIndex(errors, e => e is not null);
        if (failed >= 0)
            throw new InvalidDataException($"'{listing.Files[failed].Path}' is not a readable PNG image (corrupt or another format): {errors[failed]!.Message} Re-export it as PNG or delete it.", errors[failed]);
        var (h, w) = sizes[0];
        int odd = Array.FindIndex(sizes, s => s != (h, w));
        if (odd >= 0)
            throw new InvalidDataException($"'{listing.Files[odd].Path}' is {sizes[odd].W}x{sizes[odd].H} pixels but '{listing.Files[0].Path}' is {w}x{h}. All images must have the same size; resize them first.");
        var bytes = new byte[(long)listing.Files.Count * channels * h * w];
        for (int i = 0; i < decoded.Length; i++) decoded[i].CopyTo(bytes, (long)i * decoded[i].Length);
        return new Pixels(bytes, listing.Files.Count, channels, h, w);
    }

    /// <summary>Decodes one PNG into channel-major bytes <c>[C, H, W]</c>.</summary>
    static (byte[] Bytes, (int H, int W) Size) DecodeOne(string path, int channels)
    {
        using var stream = File.OpenRead(path);
        if (channels == 1)
        {
            using var grey = Image.Load<L8>(stream, new PngDecoder());
            var plane = new byte[grey.Width * grey.Height];
            grey.CopyPixelDataTo(plane);
            return (plane, (grey.Height, grey.Width));
        }
        using var rgb = Image.Load<Rgb24>(stream, new PngDecoder());
        int n = rgb.Width * rgb.Height;
        var interleaved = new byte[3 * n];
        rgb.CopyPixelDataTo(interleaved);
        var planes = new byte[3 * n]; // HWC -> CHW
        for (int p = 0; p < n; p++)
            for (int c = 0; c < 3; c++) planes[c * n + p] = interleaved[3 * p + c];
        return (planes, (rgb.Height, rgb.Width));
    }
}

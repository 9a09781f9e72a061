using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace StableTune.Tests.Data;

/// <summary>A fresh temporary folder for one test, deleted afterwards, with helpers to write fixture files.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "stabletune-tests", Guid.NewGuid().ToString("N"));

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Writes a grey PNG whose pixel (x, y) is <c>value + x + y * width</c> (mod 256).</summary>
    public string Grey(string relative, int width, int height, byte value)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<L8>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) image[x, y] = new L8((byte)(value + x + y * width));
        image.SaveAsPng(path);
        return path;
    }

    /// <summary>Writes an RGB PNG filled with one colour.</summary>
    public string Rgb(string relative, int width, int height, Rgb24 colour)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(width, height, colour);
        image.SaveAsPng(path);
        return path;
    }

    public string Text(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

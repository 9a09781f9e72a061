using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using StableTune.Runtime;

namespace StableTune.Data;

/// <summary>
/// The on-disk cache of decoded image folders: one file per (file list, sizes, modification times, channel count),
/// holding a small header and the <c>[N, C, H, W]</c> pixel bytes. A damaged or mismatched file is ignored and rewritten.
/// </summary>
internal static class ImageCache
{
    static readonly byte[] Magic = "STIMGv1\n"u8.ToArray();
    const int HeaderLength = 8 + 4 * 4;

    /// <summary>The cache file for a listing: its name is a hash of everything the decoded pixels depend on.</summary>
    public static string PathFor(ImageFolder.Listing listing, int channels, string? directory)
    {
        var key = new StringBuilder($"channels={channels}\n");
        foreach (var f in listing.Files)
            key.Append(f.Label).Append('\t').Append(f.RelativePath).Append('\t').Append(f.Length).Append('\t').Append(f.ModifiedTicks).Append('\n');
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..32].ToLowerInvariant();
        return Path.Combine(directory ?? Path.Combine(KitPaths.CacheRoot, "images"), hash + ".bin");
    }

    /// <summary>The cached pixels, or null when the file is missing or does not match the expected shape.</summary>
    public static ImageFolder.Pixels? TryRead(string file, int count, int channels)
    {
        try
        {
            if (!File.Exists(file)) return null;
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic)) return null;
            int n = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
            int c = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
            int h = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
            int w = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
            if (n != count || c != channels || h < 1 || w < 1 || bytes.Length - HeaderLength != (long)n * c * h * w) return null;
            return new ImageFolder.Pixels(bytes[HeaderLength..], n, c, h, w);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Writes the cache file atomically; a cache that cannot be written (read-only disk) is skipped.</summary>
    public static void TryWrite(string file, ImageFolder.Pixels pixels)
    {
        var temp = $"{file}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var stream = File.Create(temp))
            {
                Span<byte> header = stackalloc byte[HeaderLength];
                Magic.CopyTo(header);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], pixels.Count);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], pixels.Channels);
                BinaryPrimitives.WriteInt32LittleEndian(header[16..], pixels.Height);
                BinaryPrimitives.WriteInt32LittleEndian(header[20..], pixels.Width);
                stream.Write(header);
                stream.Write(pixels.Bytes);
            }
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

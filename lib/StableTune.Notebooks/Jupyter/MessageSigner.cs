using System.Security.Cryptography;
using System.Text;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// Signs and checks Jupyter messages: the signature is the lowercase hex HMAC of the header, parent header, metadata
/// and content frames, in that order. An empty key disables signing (the signature frame is then empty).
/// </summary>
public sealed class MessageSigner
{
    readonly byte[] _key;

    MessageSigner(byte[] key) => _key = key;

    /// <summary>Whether messages are signed (the key is not empty).</summary>
    public bool Enabled => _key.Length > 0;

    /// <summary>A signer for <paramref name="scheme"/> (only <c>hmac-sha256</c>, the scheme every Jupyter client uses).</summary>
    /// <exception cref="NotSupportedException">Another scheme was requested.</exception>
    public static MessageSigner Create(string scheme, string key)
    {
        if (scheme != "hmac-sha256")
            throw new NotSupportedException($"Jupyter signature scheme '{scheme}' is not supported; use hmac-sha256 in the connection file.");
        return new MessageSigner(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The signature of the four JSON frames (header, parent header, metadata, content).</summary>
    public string Sign(IReadOnlyList<byte[]> jsonFrames)
    {
        if (!Enabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var frame in jsonFrames) hmac.AppendData(frame);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Whether <paramref name="signature"/> matches the frames (constant-time comparison). Always true when signing is off.</summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> jsonFrames)
    {
        if (!Enabled) return true;
        var expected = Encoding.ASCII.GetBytes(Sign(jsonFrames));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// Converts between messages and ZeroMQ multipart frames:
/// <c>[identities…] &lt;IDS|MSG&gt; signature header parent_header metadata content [buffers…]</c>.
/// </summary>
public sealed class WireCodec(MessageSigner signer)
{
    /// <summary>The frame that separates routing identities from the message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    static readonly string[] FrameNames = ["header", "parent_header", "metadata", "content"];

    /// <summary>The frames of <paramref name="message"/>, signed.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        var json = new[]
        {
            Serialize(message.Header.ToJson()),
            Serialize(message.ParentHeader?.ToJson() ?? new JsonObject()),
            Serialize(message.Metadata),
            Serialize(message.Content),
        };
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(json)));
        frames.AddRange(json);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Parses and verifies received frames.</summary>
    /// <exception cref="InvalidMessageException">The frames are not a well-formed, correctly signed message; the text says why.</exception>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0) throw new InvalidMessageException($"no <IDS|MSG> delimiter among {frames.Count} frame(s)");
        if (frames.Count - delimiter < 6)
            throw new InvalidMessageException($"only {frames.Count - delimiter - 1} frame(s) after <IDS|MSG>; expected signature, header, parent_header, metadata, content");

        var json = frames.Skip(delimiter + 2).Take(4).ToArray();
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        if (!signer.Verify(signature, json)) throw new InvalidMessageException("invalid HMAC signature");

        var objects = new JsonObject[4];
        for (int i = 0; i < 4; i++) objects[i] = ParseObject(json[i], FrameNames[i]);
        var header = MessageHeader.FromJson(objects[0], "header") ?? throw new InvalidMessageException("the header is empty");
        var parent = MessageHeader.FromJson(objects[1], "parent_header");
        return new JupyterMessage(frames.Take(delimiter).ToArray(), header, parent, objects[2], objects[3], frames.Skip(delimiter + 6).ToArray());
    }

    static byte[] Serialize(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    static JsonObject ParseObject(byte[] frame, string name)
    {
        try
        {
            return JsonNode.Parse(frame) as JsonObject ?? throw new InvalidMessageException($"the {name} frame is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidMessageException($"the {name} frame is not valid JSON ({e.Message})");
        }
    }
}

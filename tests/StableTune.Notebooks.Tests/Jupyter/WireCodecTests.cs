using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StableTune.Notebooks.Jupyter;

namespace StableTune.Notebooks.Tests.Jupyter;

public sealed class WireCodecTests
{
    const string Key = "6bd1f1d2-4c2e-4a4b-9c1f-5b6d7c8e9f00";
    readonly WireCodec _codec = new(MessageSigner.Create("hmac-sha256", Key));

    static JupyterMessage Request(string type, JsonObject content) =>
        new([Encoding.UTF8.GetBytes("client-1")], MessageHeader.Create(type, "client-session"), null, new JsonObject(), content, []);

    [Fact]
    public void Encode_SignsTheFourJsonFramesWithHmacSha256()
    {
        var frames = _codec.Encode(Request("execute_request", new JsonObject { ["code"] = "1 + 1" }));

        Assert.Equal("client-1", Encoding.UTF8.GetString(frames[0]));
        Assert.Equal("<IDS|MSG>", Encoding.UTF8.GetString(frames[1]));
        // The HMAC computed independently, in one shot over header + parent + metadata + content.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), frames.Skip(3).Take(4).SelectMany(f => f).ToArray()));
        Assert.Equal(expected, Encoding.ASCII.GetString(frames[2]));
        Assert.Equal(7, frames.Count);
    }

    [Fact]
    public void Decode_RoundTripsIdentitiesHeaderParentContentAndBuffers()
    {
        var request = Request("execute_request", new JsonObject { ["code"] = "Console.WriteLine(\"é ✓\");", ["silent"] = false });
        var reply = JupyterMessage.Reply(request, "execute_reply", "kernel-session", new JsonObject { ["status"] = "ok" })
            with { Buffers = [[1, 2, 3]] };

        var decoded = _codec.Decode(_codec.Encode(reply));

        Assert.Equal("client-1", Encoding.UTF8.GetString(Assert.Single(decoded.Identities)));
        Assert.Equal(reply.Header, decoded.Header);
        Assert.Equal(request.Header, decoded.ParentHeader);
        Assert.Equal("ok", (string?)decoded.Content["status"]);
        Assert.Equal([1, 2, 3], Assert.Single(decoded.Buffers));
        var roundTrip = _codec.Decode(_codec.Encode(request));
        Assert.Equal("Console.WriteLine(\"é ✓\");", (string?)roundTrip.Content["code"]);
        Assert.Null(roundTrip.ParentHeader);
    }

    [Fact]
    public void Decode_RejectsATamperedContentFrame()
    {
        var frames = _codec.Encode(Request("execute_request", new JsonObject { ["code"] = "1" }));
        frames[^1] = Encoding.UTF8.GetBytes("{\"code\":\"File.Delete(\\\"x\\\")\"}");

        var error = Assert.Throws<InvalidMessageException>(() => _codec.Decode(frames));
        Assert.Contains("signature", error.Message);
    }

    [Fact]
    public void Decode_RejectsAMessageSignedWithAnotherKey()
    {
        var other = new WireCodec(MessageSigner.Create("hmac-sha256", "another key"));
        var frames = other.Encode(Request("kernel_info_request", new JsonObject()));

        Assert.Contains("signature", Assert.Throws<InvalidMessageException>(() => _codec.Decode(frames)).Message);
    }

    [Theory]
    [InlineData("{not json", "content frame is not valid JSON")]
    [InlineData("[1, 2]", "content frame is not a JSON object")]
    public void Decode_RejectsContentThatIsNotAJsonObject(string content, string reason)
    {
        var json = new List<byte[]> { Encoding.UTF8.GetBytes(MessageHeader.Create("execute_request", "s").ToJson().ToJsonString()), "{}"u8.ToArray(), "{}"u8.ToArray(), Encoding.UTF8.GetBytes(content) };
        var frames = new List<byte[]> { WireCodec.Delimiter, Encoding.ASCII.GetBytes(MessageSigner.Create("hmac-sha256", Key).Sign(json)) };
        frames.AddRange(json);

        Assert.Contains(reason, Assert.Throws<InvalidMessageException>(() => _codec.Decode(frames)).Message);
    }

    [Fact]
    public void Decode_RejectsAHeaderWithoutMessageType()
    {
        var json = new List<byte[]> { "{\"msg_id\":\"1\"}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray() };
        var frames = new List<byte[]> { WireCodec.Delimiter, Encoding.ASCII.GetBytes(MessageSigner.Create("hmac-sha256", Key).Sign(json)) };
        frames.AddRange(json);

        Assert.Contains("msg_type", Assert.Throws<InvalidMessageException>(() => _codec.Decode(frames)).Message);
    }

    [Fact]
    public void Decode_RejectsMissingDelimiterAndMissingFrames()
    {
        Assert.Contains("no <IDS|MSG> delimiter", Assert.Throws<InvalidMessageException>(() => _codec.Decode([[1], [2]])).Message);
        Assert.Contains("after <IDS|MSG>", Assert.Throws<InvalidMessageException>(() => _codec.Decode([WireCodec.Delimiter, "sig"u8.ToArray(), "{}"u8.ToArray()])).Message);
    }

    [Fact]
    public void EmptyKey_DisablesSigning()
    {
        var unsigned = new WireCodec(MessageSigner.Create("hmac-sha256", ""));
        var frames = unsigned.Encode(Request("kernel_info_request", new JsonObject()));

        Assert.Empty(frames[2]);
        Assert.Equal("kernel_info_request", unsigned.Decode(frames).Type);
    }

    [Fact]
    public void Signer_RejectsUnknownSchemes()
    {
        var error = Assert.Throws<NotSupportedException>(() => MessageSigner.Create("hmac-md5", Key));
        Assert.Contains("hmac-md5", error.Message);
    }
}

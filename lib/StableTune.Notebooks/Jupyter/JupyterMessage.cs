using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Jupyter;

/// <summary>The header of a Jupyter message (protocol 5.x).</summary>
/// <param name="MsgId">Unique id of the message.</param>
/// <param name="Session">Id of the sending session (one per client or kernel process).</param>
/// <param name="Username">The sender's user name.</param>
/// <param name="Date">ISO 8601 time the message was created.</param>
/// <param name="MsgType">The message type, for example <c>execute_request</c>.</param>
/// <param name="Version">The protocol version.</param>
public sealed record MessageHeader(string MsgId, string Session, string Username, string Date, string MsgType, string Version)
{
    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>A fresh header of <paramref name="msgType"/> for <paramref name="session"/>, dated now.</summary>
    public static MessageHeader Create(string msgType, string session) =>
        new(Guid.NewGuid().ToString("N"), session, "kernel", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"), msgType, ProtocolVersion);

    /// <summary>The header as the JSON object sent on the wire.</summary>
    public JsonObject ToJson() => new()
    {
        ["msg_id"] = MsgId,
        ["session"] = Session,
        ["username"] = Username,
        ["date"] = Date,
        ["msg_type"] = MsgType,
        ["version"] = Version,
    };

    /// <summary>Reads a header; returns null for an empty object (a message without parent).</summary>
    /// <exception cref="InvalidMessageException">msg_id or msg_type is missing or not a string.</exception>
    public static MessageHeader? FromJson(JsonObject json, string frameName)
    {
        if (json.Count == 0) return null;
        return new MessageHeader(
            Required(json, "msg_id", frameName), Optional(json, "session"), Optional(json, "username"),
            Optional(json, "date"), Required(json, "msg_type", frameName), Optional(json, "version"));
    }

    static string Required(JsonObject json, string name, string frameName) =>
        json[name] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0
            ? s
            : throw new InvalidMessageException($"the {frameName} has no string field '{name}'");

    static string Optional(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue(out string? s) ? s : "";
}

/// <summary>One Jupyter message as the kernel sees it, with the ZeroMQ routing identities it came with.</summary>
/// <param name="Identities">ROUTER identities (or the PUB topic) before the <c>&lt;IDS|MSG&gt;</c> delimiter.</param>
/// <param name="Header">This message's header.</param>
/// <param name="ParentHeader">The header of the request this message answers, or null.</param>
/// <param name="Metadata">Free-form metadata.</param>
/// <param name="Content">The message content (its shape depends on the type).</param>
/// <param name="Buffers">Extra binary frames (unused by this kernel, kept for completeness).</param>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities, MessageHeader Header, MessageHeader? ParentHeader,
    JsonObject Metadata, JsonObject Content, IReadOnlyList<byte[]> Buffers)
{
    /// <summary>The message type.</summary>
    public string Type => Header.MsgType;

    /// <summary>A message of <paramref name="msgType"/> answering <paramref name="parent"/>, routed back to the same client.</summary>
    public static JupyterMessage Reply(JupyterMessage parent, string msgType, string session, JsonObject content) =>
        new(parent.Identities, MessageHeader.Create(msgType, session), parent.Header, new JsonObject(), content, []);

    /// <summary>An iopub message of <paramref name="msgType"/> (topic = the type) caused by <paramref name="parent"/>, if any.</summary>
    public static JupyterMessage Broadcast(MessageHeader? parent, string msgType, string session, JsonObject content) =>
        new([System.Text.Encoding.UTF8.GetBytes(msgType)], MessageHeader.Create(msgType, session), parent, new JsonObject(), content, []);
}

/// <summary>A message that breaks the wire protocol: bad framing, bad signature, bad JSON.</summary>
public sealed class InvalidMessageException(string message) : Exception(message);

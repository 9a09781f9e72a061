using System.Text.Json;
using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Jupyter;

/// <summary>Helpers for the protocol's MIME bundles and cursor offsets.</summary>
static class MimeBundle
{
    /// <summary>
    /// The bundle as a JSON object. JSON MIME types (<c>application/json</c>, <c>…+json</c>) must be objects on the wire,
    /// not strings, so their text is parsed; everything else stays a string.
    /// </summary>
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> data)
    {
        var json = new JsonObject();
        foreach (var (mime, text) in data)
            json[mime] = IsJsonMime(mime) && TryParse(text) is { } node ? node : JsonValue.Create(text);
        return json;
    }

    static bool IsJsonMime(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Converts a protocol cursor (counted in Unicode code points since protocol 5.2) to a UTF-16 index into <paramref name="code"/>.
    /// </summary>
    public static int CodePointsToUtf16(string code, int codePoints)
    {
        int index = 0;
        for (int n = 0; n < codePoints && index < code.Length; n++)
            index += char.IsHighSurrogate(code[index]) && index + 1 < code.Length && char.IsLowSurrogate(code[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>Converts a UTF-16 index into <paramref name="code"/> to a protocol cursor in code points.</summary>
    public static int Utf16ToCodePoints(string code, int utf16)
    {
        int count = 0;
        for (int i = 0; i < Math.Min(utf16, code.Length); i++)
            if (!(char.IsLowSurrogate(code[i]) && i > 0 && char.IsHighSurrogate(code[i - 1]))) count++;
        return count;
    }
}

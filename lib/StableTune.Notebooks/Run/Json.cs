using System.Text.Json;

namespace StableTune.Notebooks.Run;

/// <summary>JSON settings of the host's own files (results, summaries).</summary>
static class Json
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

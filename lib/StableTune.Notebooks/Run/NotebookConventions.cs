using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StableTune.Notebooks.Run;

/// <summary>
/// The course's notebook conventions (notebooks/README.md), checked before a notebook runs: Polyglot Notebooks C#
/// metadata (so VS Code opens it as a C# notebook), <c>#!stabletune</c> first in the first code cell, and an exact
/// version on every <c>#r "nuget:…"</c>.
/// </summary>
public static partial class NotebookConventions
{
    /// <summary>The directive that must open the first code cell.</summary>
    public const string KitDirective = "#!stabletune";

    /// <summary>Package id prefixes that come with the kit (a second copy would clash with the loaded one).</summary>
    public static readonly IReadOnlyList<string> KitPackages =
        ["StableTune", "TorchSharp", "libtorch", "Plotly.NET", "Microsoft.Data.Analysis", "FSharp.Core", "SixLabors.ImageSharp"];

    /// <summary>The problems of the notebook at <paramref name="path"/>, each naming the cell; empty when it follows the conventions.</summary>
    public static IReadOnlyList<string> Check(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path} is not a JSON object, so not a .ipynb notebook.");
        var problems = new List<string>();
        if ((int?)root["nbformat"] != 4) problems.Add("nbformat must be 4.");
        var metadata = root["metadata"];
        if ((string?)metadata?["kernelspec"]?["name"] != ".net-csharp")
            problems.Add("notebook metadata: kernelspec.name must be \".net-csharp\" (a Polyglot Notebooks C# notebook).");
        if ((string?)metadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] != "csharp")
            problems.Add("notebook metadata: polyglot_notebook.kernelInfo.defaultKernelName must be \"csharp\".");

        var cells = root["cells"]?.AsArray() ?? [];
        var firstCode = true;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if ((string?)cell?["cell_type"] != "code") continue;
            var where = $"cell {i + 1}";
            if ((string?)cell?["metadata"]?["polyglot_notebook"]?["kernelName"] != "csharp")
                problems.Add($"{where}: metadata polyglot_notebook.kernelName must be \"csharp\".");
            var source = Source(cell?["source"]);
            if (firstCode && source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) != KitDirective)
                problems.Add($"{where}: the first code cell must start with {KitDirective} (it loads the kit).");
            firstCode = false;
            foreach (Match reference in NugetReference().Matches(source))
            {
                var id = reference.Groups["id"].Value.Trim();
                if (KitPackages.Any(p => id.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{where}: #r \"nuget:{id}\" is part of the kit; {KitDirective} already loads the version the kit is built with.");
                var version = reference.Groups["version"].Value.Trim();
                if (!ExactVersion().IsMatch(version))
                    problems.Add($"{where}: #r \"nuget:{reference.Groups["id"].Value.Trim()}\" must pin an exact version " +
                                 $"(#r \"nuget: Id, 1.2.3\"), not '{(version.Length == 0 ? "none" : version)}'.");
            }
        }
        if (firstCode) problems.Add($"the notebook has no code cell (the first one must start with {KitDirective}).");
        return problems;
    }

    /// <summary>nbformat text: a string or an array of lines.</summary>
    public static string Source(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<id>[^,"]+)(,(?<version>[^"]*))?"\s*$""", RegexOptions.Multiline)]
    private static partial Regex NugetReference();

    [GeneratedRegex(@"^\d+(\.\d+){1,3}(-[0-9A-Za-z][0-9A-Za-z.-]*)?$")]
    private static partial Regex ExactVersion();
}

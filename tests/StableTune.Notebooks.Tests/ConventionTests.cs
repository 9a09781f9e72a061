using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Tests;

/// <summary>The checks of notebooks/README.md's conventions on notebooks that break them.</summary>
public class ConventionTests
{
    static string WithFirstCell(string firstCellSource, string kernelName = "csharp")
    {
        var text = File.ReadAllText(HostProcess.TestNotebook("failing.ipynb"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        node["cells"]![1]!["source"] = firstCellSource;
        node["cells"]![1]!["metadata"]!["polyglot_notebook"]!["kernelName"] = kernelName;
        var path = Path.Combine(HostProcess.TempFolder("st-conv"), "broken.ipynb");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }

    [Theory]
    [InlineData("#r \"nuget: Newtonsoft.Json\"")]
    [InlineData("#r \"nuget: Newtonsoft.Json, *\"")]
    [InlineData("#r \"nuget: Newtonsoft.Json, 13.*\"")]
    [InlineData("#r \"nuget: Newtonsoft.Json, [13.0,)\"")]
    public void UnpinnedPackageReference_IsReported(string reference)
    {
        var problems = NotebookConventions.Check(WithFirstCell($"#!stabletune\n{reference}\n"));
        Assert.Contains(problems, p => p.StartsWith("cell 2: #r \"nuget:Newtonsoft.Json\" must pin an exact version"));
    }

    [Fact]
    public void PinnedPackageReference_IsAccepted() =>
        Assert.Empty(NotebookConventions.Check(WithFirstCell("#!stabletune\n#r \"nuget: Newtonsoft.Json, 13.0.3\"\n")));

    [Fact]
    public void KitPackageReference_IsReported() =>
        Assert.Contains("cell 2: #r \"nuget:Plotly.NET\" is part of the kit; #!stabletune already loads the version the kit is built with.",
            NotebookConventions.Check(WithFirstCell("#!stabletune\n#r \"nuget: Plotly.NET, 6.0.0\"\n")));

    [Fact]
    public void FirstCellWithoutTheKitDirective_IsReported() =>
        Assert.Contains("cell 2: the first code cell must start with #!stabletune (it loads the kit).",
            NotebookConventions.Check(WithFirstCell("var x = 1;")));

    [Fact]
    public void NonCSharpCell_IsReported() =>
        Assert.Contains("cell 2: metadata polyglot_notebook.kernelName must be \"csharp\".",
            NotebookConventions.Check(WithFirstCell("#!stabletune", kernelName: "fsharp")));

    [Fact]
    public void RunRefusesANotebookThatBreaksTheConventions()
    {
        var (code, log) = HostProcess.Run("run", WithFirstCell("var x = 1;"), "--out", HostProcess.TempFolder("st-conv-run"));
        Assert.Equal(1, code);
        Assert.Contains("does not follow the conventions of notebooks/README.md", log);
    }
}

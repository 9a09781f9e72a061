using System.Text.Json.Nodes;

namespace StableTune.Notebooks.Tests.Jupyter;

/// <summary>
/// Every course notebook (notebooks/*.ipynb) and the kernel's own sample executes through
/// <c>jupyter nbconvert --execute</c> with the stabletune-csharp kernelspec in the quick budget: no error output, and
/// the Plotly charts are in the outputs as figures.
/// </summary>
[Collection(JupyterTestEnvironment.Collection)]
public sealed class NbconvertTests(JupyterTestEnvironment env, Xunit.Abstractions.ITestOutputHelper output)
{
    const string PlotlyMime = "application/vnd.plotly.v1+json";

    /// <summary>The sample notebook beside this test, then every course notebook.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string> { Path.Combine("tests", "StableTune.Notebooks.Tests", "Jupyter", "kernel-sample.ipynb") };
        var folder = Path.Combine(JupyterTestEnvironment.FindRepoRoot(), "notebooks");
        foreach (var notebook in Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(JupyterTestEnvironment.FindRepoRoot(), notebook));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Nbconvert_ExecutesNotebookWithoutErrors_ChartsInOutputs(string notebook)
    {
        var source = Path.Combine(env.RepoRoot, notebook);
        var outDir = Directory.CreateTempSubdirectory("stabletune-nbconvert-").FullName;
        try
        {
            var (exitCode, log) = env.Run(env.Python,
                ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=stabletune-csharp",
                 "--ExecutePreprocessor.timeout=900", "--output-dir", outDir, source],
                Path.GetDirectoryName(source)!, TimeSpan.FromMinutes(20));
            output.WriteLine(log);
            Assert.True(exitCode == 0, $"nbconvert --execute failed for {notebook}:\n{log}");

            var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, Path.GetFileName(source))))!;
            var cells = executed["cells"]!.AsArray().Select((cell, index) => (Cell: cell!, Index: index)).ToList();
            var outputs = cells.SelectMany(c => (c.Cell["outputs"]?.AsArray() ?? []).Select(o => (c.Index, Output: o!))).ToList();
            var errors = outputs.Where(o => (string?)o.Output["output_type"] == "error")
                .Select(o => $"cell {o.Index}: {o.Output["ename"]}: {o.Output["evalue"]}").ToList();
            Assert.True(errors.Count == 0, $"{notebook} has error outputs:\n{string.Join("\n", errors)}");
            Assert.All(cells.Where(c => (string?)c.Cell["cell_type"] == "code" && Source(c.Cell).Trim().Length > 0),
                c => Assert.True(c.Cell["execution_count"] is JsonValue, $"{notebook}: cell {c.Index} did not run"));

            var charts = outputs.Count(o => o.Output["data"]?[PlotlyMime] is JsonObject figure && figure["data"] is JsonArray);
            Assert.True(charts > 0, $"{notebook}: no Plotly chart ({PlotlyMime}) among {outputs.Count} outputs");
            if (notebook.EndsWith("kernel-sample.ipynb"))
            {
                var texts = string.Join("\n", outputs.Select(o => o.Output.ToJsonString()));
                Assert.Contains("budget: quick", texts);
                Assert.Contains("step 3", texts); // update_display_data replaced the display in place
                Assert.DoesNotContain("step 1", texts);
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };
}

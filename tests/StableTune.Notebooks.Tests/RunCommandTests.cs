using System.Text.Json;
using System.Text.Json.Nodes;
using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Tests;

/// <summary>The run command on the test notebooks: outputs, failures, the time limit.</summary>
public class RunCommandTests
{
    [Fact]
    public void Sample_WritesExecutedNotebookWithChartTableAndFinalProgressOnly()
    {
        var output = HostProcess.TempFolder("st-sample");
        var (code, log) = HostProcess.Run("run", HostProcess.TestNotebook("sample.ipynb"), "--budget", "quick", "--out", output);
        Assert.True(code == 0, log);
        Assert.Contains("[sample] cell 4 ok", log); // console progress names notebook and cell

        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", "sample.ipynb")))!;
        Assert.Equal(".net-csharp", (string?)notebook["metadata"]!["kernelspec"]!["name"]);
        var cells = notebook["cells"]!.AsArray();
        var outputs = cells.SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToList();
        // The chart: HTML for VS Code/Jupyter plus the figure as JSON (an object, as nbformat requires).
        var chart = outputs.Single(o => o!["data"]?["application/vnd.plotly.v1+json"] is not null)!;
        Assert.IsType<JsonObject>(chart["data"]!["application/vnd.plotly.v1+json"]);
        Assert.NotEmpty(chart["data"]!["application/vnd.plotly.v1+json"]!["data"]!.AsArray());
        Assert.NotNull(chart["data"]!["text/html"]);
        // The training cell's progress display was updated in place: one output, in its final state.
        var fitCell = cells[3]!["outputs"]!.AsArray();
        var progress = Assert.Single(fitCell);
        Assert.Contains("30/30", NotebookConventions.Source(progress!["data"]!["text/plain"]));
        // Successive tasks in one cell reuse a finished task's display: the outer task's line and the last run's line.
        var gridCell = cells[^1]!["outputs"]!.AsArray().Select(o => NotebookConventions.Source(o!["data"]!["text/plain"])).ToList();
        Assert.Equal(2, gridCell.Count);
        Assert.StartsWith("grid [", gridCell[0]);
        Assert.Contains("3/3 3 runs", gridCell[0]);
        Assert.StartsWith("third [", gridCell[1]);
        Assert.Contains("2/2 done", gridCell[1]);
        Assert.Equal("quick", (string?)notebook["metadata"]!["stabletune"]!["budget"]);

        var result = JsonSerializer.Deserialize<NotebookResult>(File.ReadAllText(Path.Combine(output, "results", "sample.json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;
        Assert.All(result.Cells, c => Assert.Equal("ok", c.Status));
        Assert.Equal(1, result.Cells.Sum(c => c.Charts));
        var csv = File.ReadAllLines(Path.Combine(output, Assert.Single(result.Cells.SelectMany(c => c.Tables))));
        Assert.Equal("epochs,loss,accuracy,chance", csv[0]);
    }

    [Fact]
    public void Report_IsSelfContainedAndDrawsChartsFromInlinedPlotly()
    {
        var output = HostProcess.TempFolder("st-report");
        var (code, log) = HostProcess.Run("run", HostProcess.TestNotebook("sample.ipynb"), "--budget", "quick", "--out", output);
        Assert.True(code == 0, log);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("plotly.js v2.28", html); // the library's banner: inlined, not fetched
        Assert.Contains("data-chart=\"chart-1\"", html);
        Assert.Contains("href=\"#nb-sample\"", html); // the index links to the notebook
        Assert.Contains("href=\"csv/sample/cell-06.csv\"", html); // and to its tables
        Assert.Contains(">Sample notebook</h1>", html); // markdown rendered
    }

    [Fact]
    public void FailingCell_ExitsNonZeroNamingNotebookCellAndError_AndSkipsTheRest()
    {
        var output = HostProcess.TempFolder("st-fail");
        var (code, log) = HostProcess.Run("run", HostProcess.TestNotebook("failing.ipynb"), "--budget", "quick", "--out", output);
        Assert.Equal(1, code);
        Assert.Matches(@"FAILED \S*failing\.ipynb, cell 3: .*deliberate failure for the host's tests", log);
        Assert.DoesNotContain("never runs", log);
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", "failing.ipynb")))!;
        var error = notebook["cells"]![2]!["outputs"]!.AsArray().Single(o => (string?)o!["output_type"] == "error")!;
        Assert.Contains("deliberate failure", (string?)error["evalue"]);
        Assert.Contains("failed", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void CellPastTheTimeLimit_IsStoppedWithAClearMessage()
    {
        var output = HostProcess.TempFolder("st-slow");
        var (code, log) = HostProcess.Run("run", HostProcess.TestNotebook("slow.ipynb"), "--budget", "quick", "--out", output, "--timeout", "15");
        Assert.Equal(1, code);
        Assert.Matches(@"FAILED \S*slow\.ipynb, cell 3: The cell ran longer than the time limit of 15 s and was stopped", log);
        Assert.Contains("started", log); // the cell before it ran
    }

    [Fact]
    public void PinnedNugetReference_IsRestoredAndUsable()
    {
        var output = HostProcess.TempFolder("st-package");
        var (code, log) = HostProcess.Run("run", HostProcess.TestNotebook("package.ipynb"), "--budget", "quick", "--out", output);
        Assert.True(code == 0, log);
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "notebooks", "package.ipynb")))!;
        var result = notebook["cells"]![2]!["outputs"]!.AsArray().Single(o => (string?)o!["output_type"] == "execute_result")!;
        Assert.Equal("{\"answer\":42}", NotebookConventions.Source(result["data"]!["text/plain"]));
    }

    [Fact]
    public void UnknownBudget_IsRejectedWithTheAllowedValues()
    {
        var (code, log) = HostProcess.Run("run", HostProcess.TestNotebook("sample.ipynb"), "--budget", "huge");
        Assert.Equal(2, code);
        Assert.Contains("--budget is 'huge', but the budget must be 'quick' or 'full'", log);
    }
}

using System.Globalization;
using System.Text.Json;
using StableTune.Notebooks.Run;

namespace StableTune.Notebooks.Tests;

/// <summary>
/// Every notebook of <c>notebooks/</c> (and the sample notebook, so the test always runs something) through the host
/// in the quick budget: no failed cell, at least one Plotly chart and one results table, sane numbers.
/// </summary>
public class CourseNotebookTests
{
    /// <summary>notebooks/*.ipynb in name order, plus the host's sample notebook.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(HostProcess.RepoRoot, "notebooks");
        if (Directory.Exists(folder))
            foreach (var notebook in CourseRunner.Notebooks(folder)) data.Add(Path.GetRelativePath(HostProcess.RepoRoot, notebook));
        data.Add(Path.GetRelativePath(HostProcess.RepoRoot, HostProcess.TestNotebook("sample.ipynb")));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_FollowsTheConventions(string notebook) =>
        Assert.Empty(NotebookConventions.Check(Path.Combine(HostProcess.RepoRoot, notebook)));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_RunsInQuickBudgetWithChartTableAndSaneNumbers(string notebook)
    {
        var output = HostProcess.TempFolder("st-course");
        var (code, log) = HostProcess.Run("run", notebook, "--budget", "quick", "--out", output);
        var name = Path.GetFileNameWithoutExtension(notebook);
        var result = JsonSerializer.Deserialize<NotebookResult>(File.ReadAllText(Path.Combine(output, "results", name + ".json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;
        Assert.True(code == 0 && result.Status == "ok", $"{result.FailureLine}\n{log}");
        Assert.True(result.Cells.Sum(c => c.Charts) >= 1, $"{notebook} showed no Plotly chart.");
        var tables = result.Cells.SelectMany(c => c.Tables).Select(t => Path.Combine(output, t)).ToList();
        Assert.True(tables.Count >= 1, $"{notebook} showed no results table (a DataFrame).");
        foreach (var table in tables) AssertSaneAccuracy(table);
    }

    /// <summary>
    /// Accuracy columns (named accuracy or ending in _accuracy) hold fractions in [0, 1], and the table's best one
    /// beats chance: its <c>chance</c> column when it has one, else 0.1 (ten classes, the most in the course).
    /// </summary>
    static void AssertSaneAccuracy(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        var chanceColumn = Array.FindIndex(header, h => h.Equals("chance", StringComparison.OrdinalIgnoreCase));
        for (var c = 0; c < header.Length; c++)
        {
            var column = header[c].ToLowerInvariant();
            if (column != "accuracy" && !column.EndsWith("_accuracy")) continue;
            var values = rows.Select(r => Number(r[c])).Where(v => !double.IsNaN(v)).ToList();
            Assert.All(values, v => Assert.InRange(v, 0, 1));
            if (values.Count == 0) continue;
            var chance = chanceColumn >= 0 ? rows.Select(r => Number(r[chanceColumn])).Max() : 0.1;
            Assert.True(values.Max() > chance, $"{csvPath}: best {header[c]} {values.Max():0.###} is not above chance {chance:0.###}.");
        }
    }
}

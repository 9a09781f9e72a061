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
    /// Accuracy values are fractions in [0, 1], and each table's best accuracy beats chance (its <c>chance</c> column
    /// when it has one, else 0.1: ten classes, the most in the course). Accuracy values are the columns named
    /// <c>accuracy</c>, <c>*_accuracy</c>, <c>accuracy_mean|min|max|median</c> or <c>*_accuracy_mean|…</c>, and in
    /// summary tables (a <c>metric</c> column) the mean, min, max and median of the rows whose metric is an accuracy.
    /// </summary>
    static void AssertSaneAccuracy(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath).Where(l => l.Length > 0).Select(SplitCsv).ToList();
        var header = lines[0];
        var rows = lines.Skip(1).ToList();
        var chanceColumn = Array.IndexOf(header, "chance");
        var metricColumn = Array.IndexOf(header, "metric");
        var values = new List<(string Column, double Value, bool Best)>();
        for (var c = 0; c < header.Length; c++)
            foreach (var row in rows)
            {
                var accuracyColumn = IsAccuracy(header[c]);
                var summaryValue = metricColumn >= 0 && IsAccuracy(row[metricColumn]) && header[c] is "mean" or "min" or "max" or "median";
                if ((accuracyColumn || summaryValue) && Number(row[c]) is var v && !double.IsNaN(v))
                    values.Add((header[c], v, !header[c].EndsWith("min")));
            }
        Assert.All(values, v => Assert.True(v.Value is >= 0 and <= 1, $"{csvPath}: {v.Column} = {v.Value} is not a fraction in [0, 1]."));
        if (values.Count == 0) return;
        var chance = chanceColumn >= 0 ? rows.Select(r => Number(r[chanceColumn])).Max() : 0.1;
        var best = values.Where(v => v.Best).Max(v => v.Value);
        Assert.True(best > chance, $"{csvPath}: the best accuracy {best:0.###} is not above chance {chance:0.###}.");
    }

    static bool IsAccuracy(string name)
    {
        var n = name.ToLowerInvariant();
        foreach (var suffix in new[] { "_mean", "_min", "_max", "_median" })
            if (n.EndsWith(suffix)) n = n[..^suffix.Length];
        return n == "accuracy" || n.EndsWith("_accuracy");
    }

    static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>One CSV line (RFC 4180 quoting, as the host writes it).</summary>
    static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}

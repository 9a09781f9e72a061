using System.Diagnostics;
using System.Text.Json;
using StableTune.Notebooks.Report;

namespace StableTune.Notebooks.Run;

/// <summary>
/// Runs one notebook or every <c>*.ipynb</c> of a folder (in name order), each in its own child process (a fresh
/// kernel; a stopped cell cannot outlive it), then writes <c>summary.json</c> and the HTML report.
/// </summary>
public sealed class CourseRunner(RunOptions options, TextWriter console)
{
    /// <summary>The notebooks <paramref name="target"/> names: the file itself, or the folder's notebooks in order.</summary>
    public static IReadOnlyList<string> Notebooks(string target)
    {
        if (File.Exists(target))
        {
            if (!target.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{target} is not a notebook (.ipynb).");
            return [target];
        }
        if (!Directory.Exists(target))
            throw new FileNotFoundException($"{target} is neither a notebook nor a folder of notebooks.", target);
        return Directory.GetFiles(target, "*.ipynb").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs the notebooks and returns the process exit code: 0 when every cell of every notebook succeeded.</summary>
    public async Task<int> RunAsync(string target)
    {
        var notebooks = Notebooks(target);
        if (notebooks.Count == 0)
        {
            console.WriteLine($"No notebooks (*.ipynb) in {target}.");
            return 1;
        }
        var names = notebooks.GroupBy(n => Path.GetFileNameWithoutExtension(n)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (names.Count > 0) throw new ArgumentException($"Notebook names must be unique: {string.Join(", ", names)}.");

        Directory.CreateDirectory(options.OutputDirectory);
        var watch = Stopwatch.StartNew();
        var results = new List<NotebookResult>();
        for (var i = 0; i < notebooks.Count; i++)
        {
            console.WriteLine($"== [{i + 1}/{notebooks.Count}] {notebooks[i]} (budget {options.Budget}) ==");
            results.Add(await RunChildAsync(notebooks[i]));
        }

        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "summary.json"), JsonSerializer.Serialize(results, Json.Options));
        var report = Path.Combine(options.OutputDirectory, "report.html");
        HtmlReport.Write(report, options.OutputDirectory, results);

        console.WriteLine();
        foreach (var r in results)
            console.WriteLine($"{(r.Status == "ok" ? "ok    " : "FAILED")} {r.Name,-32} {r.Seconds,7:0.0} s  {r.Cells.Sum(c => c.Charts)} charts, {r.Cells.Sum(c => c.Tables.Count)} tables");
        console.WriteLine($"{results.Count} notebooks in {watch.Elapsed.TotalSeconds:0.0} s; report: {report}");
        var failures = results.Where(r => r.Status != "ok").ToList();
        foreach (var failure in failures) console.WriteLine($"FAILED {failure.FailureLine}");
        return failures.Count == 0 ? 0 : 1;
    }

    async Task<NotebookResult> RunChildAsync(string notebook)
    {
        var name = Path.GetFileNameWithoutExtension(notebook);
        var resultFile = options.ResultFile(name);
        if (File.Exists(resultFile)) File.Delete(resultFile);
        var start = SelfStart();
        foreach (var arg in new[] { "run-one", Path.GetFullPath(notebook), "--budget", options.Budget.Name, "--out", options.OutputDirectory,
                                    "--timeout", options.CellTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        await child.WaitForExitAsync();
        if (File.Exists(resultFile))
            return JsonSerializer.Deserialize<NotebookResult>(await File.ReadAllTextAsync(resultFile), Json.Options)! with { Source = notebook };
        // The child died before writing its result (crash in native code, out of memory).
        return new NotebookResult(name, notebook, "", options.Budget.Name, "failed", 0,
            [new CellResult(0, "failed", 0, $"the notebook process exited with code {child.ExitCode} without a result", 0, [])]);
    }

    /// <summary>A start of this same program (its apphost, or <c>dotnet host.dll</c>), sharing the console.</summary>
    static ProcessStartInfo SelfStart()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the host's own executable.");
        var start = new ProcessStartInfo(process) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(CourseRunner).Assembly.Location);
        return start;
    }
}

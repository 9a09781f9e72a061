using System.Diagnostics;
using System.Reactive.Linq;
using System.Text.Json;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using StableTune.Experiments;
using StableTune.Notebooks.Kernel;

namespace StableTune.Notebooks.Run;

/// <summary>
/// Executes one notebook, cell by cell, in a fresh kernel whose working directory is the notebook's folder, then
/// writes the executed notebook, its results tables as CSV and its <see cref="NotebookResult"/>. Runs inside the
/// child process <see cref="CourseRunner"/> starts per notebook, so a stopped cell's thread dies with the process.
/// </summary>
public sealed class NotebookRunner(RunOptions options, TextWriter console)
{
    /// <summary>How often a long cell's elapsed time (and progress line) is printed.</summary>
    static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Kernel names a code cell may have.</summary>
    static readonly HashSet<string> CSharpNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#", "C#" };

    /// <summary>Runs <paramref name="notebookPath"/>; never throws for a failing cell (the result says so).</summary>
    public async Task<NotebookResult> RunAsync(string notebookPath)
    {
        var total = Stopwatch.StartNew();
        var path = Path.GetFullPath(notebookPath);
        var name = Path.GetFileNameWithoutExtension(path);
        var document = Read(path);
        var results = new List<CellResult>();
        var problems = NotebookConventions.Check(path);
        if (problems.Count > 0)
        {
            var message = "the notebook does not follow the conventions of notebooks/README.md: " + string.Join(" ", problems);
            console.WriteLine($"[{name}] {message}");
            return await SaveAsync(document, name, notebookPath, total, [new CellResult(0, "failed", 0, message, 0, [])]);
        }
        var codeCells = document.Elements.Count(e => !IsMarkdown(e));
        using (var kernel = await KernelFactory.CreateAsync(Path.GetDirectoryName(path)!, options.Budget))
        {
            var executionCount = 0;
            var failed = false;
            for (var i = 0; i < document.Elements.Count; i++)
            {
                var cell = document.Elements[i];
                cell.Id ??= $"cell-{i + 1}"; // nbformat 4.5 wants cell ids
                if (IsMarkdown(cell)) continue;
                cell.Outputs.Clear();
                if (failed)
                {
                    results.Add(new CellResult(i + 1, "skipped", 0, null, 0, []));
                    continue;
                }
                cell.ExecutionOrder = ++executionCount;
                console.WriteLine($"[{name}] cell {i + 1}/{document.Elements.Count} (code {executionCount}/{codeCells}) ...");
                var result = await RunCellAsync(kernel, cell, i + 1, executionCount, name);
                results.Add(result);
                var status = result.Status == "ok" ? "ok" : result.Status.ToUpperInvariant();
                console.WriteLine($"[{name}] cell {i + 1} {status} in {result.Seconds:0.0} s (total {total.Elapsed.TotalSeconds:0.0} s)");
                if (result.Status != "ok")
                {
                    console.WriteLine($"[{name}] cell {i + 1}: {result.Error?.Split('\n')[0].Trim()}");
                    failed = true;
                }
            }
        }

        return await SaveAsync(document, name, notebookPath, total, results);
    }

    /// <summary>Writes the executed notebook and the result file.</summary>
    async Task<NotebookResult> SaveAsync(InteractiveDocument document, string name, string notebookPath, Stopwatch total, List<CellResult> results)
    {
        var executed = Path.Combine(options.NotebooksDirectory, name + ".ipynb");
        Directory.CreateDirectory(options.NotebooksDirectory);
        document.Metadata["stabletune"] = new Dictionary<string, object>
        {
            ["budget"] = options.Budget.Name,
            ["executed"] = DateTimeOffset.UtcNow.ToString("O"),
            ["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        await File.WriteAllTextAsync(executed, NotebookJson.Write(document));
        var notebookResult = new NotebookResult(name, notebookPath, Path.GetRelativePath(options.OutputDirectory, executed),
            options.Budget.Name, results.Any(r => r.Status is "failed" or "timeout") ? "failed" : "ok",
            Math.Round(total.Elapsed.TotalSeconds, 1), results);
        Directory.CreateDirectory(Path.GetDirectoryName(options.ResultFile(name))!);
        await File.WriteAllTextAsync(options.ResultFile(name), JsonSerializer.Serialize(notebookResult, Json.Options));
        return notebookResult;
    }

    async Task<CellResult> RunCellAsync(CompositeKernel kernel, InteractiveDocumentElement cell, int number, int executionCount, string notebook)
    {
        var watch = Stopwatch.StartNew();
        var outputs = new CellOutputs();
        outputs.Text += text => console.Write(text);
        if (cell.KernelName is { } kernelName && !CSharpNames.Contains(kernelName))
        {
            var message = $"The cell's kernel is '{kernelName}', but this host runs C# cells only (set the cell's language to C#).";
            outputs.AddError("UnsupportedKernel", message);
            cell.Outputs.AddRange(outputs.Outputs);
            return new CellResult(number, "failed", 0, message, 0, []);
        }

        var command = new SubmitCode(cell.Contents, KernelFactory.CSharpKernelName);
        string? error = null;
        string? status = null; // the latest in-place display (the kit's progress line), for the console
        using (kernel.KernelEvents.Subscribe(e =>
               {
                   outputs.Add(e, executionCount);
                   if (e is CommandFailed failed && failed.Command == command) error = failed.Message;
                   if (e is DisplayedValueUpdated update) status = update.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value;
               }))
        {
            var run = kernel.SendAsync(command);
            var deadline = Task.Delay(options.CellTimeout);
            while (!run.IsCompleted && !deadline.IsCompleted)
            {
                await Task.WhenAny(run, deadline, Task.Delay(Heartbeat));
                if (!run.IsCompleted && !deadline.IsCompleted)
                    console.WriteLine($"[{notebook}] cell {number} running {watch.Elapsed.TotalSeconds:0} s{(status is null ? "" : ": " + status)}");
            }
            if (!run.IsCompleted)
            {
                error = $"The cell ran longer than the time limit of {options.CellTimeout.TotalSeconds:0} s and was stopped " +
                        "(raise it with --timeout <seconds>, or lower the work for this budget).";
                outputs.AddError("TimeoutException", error);
                cell.Outputs.AddRange(outputs.Outputs);
                return new CellResult(number, "timeout", watch.Elapsed.TotalSeconds, error, outputs.Charts, []);
            }
            var result = await run;
            if (error is null && result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failure) error = failure.Message;
        }
        cell.Outputs.AddRange(outputs.Outputs);
        var tables = WriteTables(notebook, number, outputs.Tables);
        return new CellResult(number, error is null ? "ok" : "failed", Math.Round(watch.Elapsed.TotalSeconds, 2), error, outputs.Charts, tables);
    }

    /// <summary>Writes each DataFrame the cell showed as <c>csv/&lt;notebook&gt;/cell-NN[-k].csv</c>.</summary>
    List<string> WriteTables(string notebook, int cellNumber, IReadOnlyList<DataFrame> tables)
    {
        var written = new List<string>();
        for (var k = 0; k < tables.Count; k++)
        {
            var folder = options.CsvDirectory(notebook);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"cell-{cellNumber:00}{(k > 0 ? $"-{k + 1}" : "")}.csv");
            ResultSet.WriteCsv(tables[k], file); // invariant culture, round-trip doubles
            written.Add(Path.GetRelativePath(options.OutputDirectory, file));
        }
        return written;
    }

    static bool IsMarkdown(InteractiveDocumentElement e) => string.Equals(e.KernelName, "markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a notebook, with an error that names the file when it is not a valid .ipynb.</summary>
    public static InteractiveDocument Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook {path} does not exist.", path);
        try
        {
            return Notebook.Parse(File.ReadAllText(path), KernelInfos);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid .ipynb notebook: {e.Message}", e);
        }
    }

    /// <summary>The kernels this host offers, as Documents names them (markdown cells are not executed).</summary>
    public static KernelInfoCollection KernelInfos { get; } = new()
    {
        new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", ["c#", "C#"]),
        new Microsoft.DotNet.Interactive.Documents.KernelInfo("markdown", "Markdown", ["md"]),
    };
}

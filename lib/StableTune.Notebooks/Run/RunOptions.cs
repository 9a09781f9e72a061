using StableTune.Runtime;

namespace StableTune.Notebooks.Run;

/// <summary>Settings of a run.</summary>
/// <param name="Budget">The budget the notebooks read.</param>
/// <param name="OutputDirectory">Where executed notebooks, CSVs and the report go (<c>artifacts</c>).</param>
/// <param name="CellTimeout">A cell that runs longer is stopped and the notebook fails.</param>
public sealed record RunOptions(Budget Budget, string OutputDirectory, TimeSpan CellTimeout)
{
    /// <summary>The default cell time limit for a budget: 5 minutes (quick), 60 minutes (full).</summary>
    public static TimeSpan DefaultTimeout(Budget budget) => budget.Pick(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(60));

    /// <summary>Executed notebooks go here, keeping their file names.</summary>
    public string NotebooksDirectory => Path.Combine(OutputDirectory, "notebooks");

    /// <summary>Results tables go to <c>csv/&lt;notebook&gt;/</c>.</summary>
    public string CsvDirectory(string notebook) => Path.Combine(OutputDirectory, "csv", notebook);

    /// <summary>The per-notebook result files.</summary>
    public string ResultFile(string notebook) => Path.Combine(OutputDirectory, "results", notebook + ".json");
}

using System.Text.Json.Serialization;

namespace StableTune.Notebooks.Run;

/// <summary>What happened to one cell.</summary>
/// <param name="Number">1-based position of the cell in the notebook (markdown cells count).</param>
/// <param name="Status">"ok", "failed", "timeout", or "skipped" (after an earlier failure).</param>
/// <param name="Seconds">Execution time.</param>
/// <param name="Error">The error message when the cell failed.</param>
/// <param name="Charts">Number of Plotly charts the cell showed.</param>
/// <param name="Tables">The CSV files written for the results tables the cell showed (relative to the output folder).</param>
public sealed record CellResult(int Number, string Status, double Seconds, string? Error, int Charts, IReadOnlyList<string> Tables);

/// <summary>What happened to one notebook; written as JSON beside the executed notebook.</summary>
/// <param name="Name">The notebook's file name without extension.</param>
/// <param name="Source">The notebook that was run.</param>
/// <param name="Executed">The executed copy with outputs (relative to the output folder).</param>
/// <param name="Budget">quick or full.</param>
/// <param name="Status">"ok" or "failed".</param>
/// <param name="Seconds">Total time, kernel start included.</param>
/// <param name="Cells">The code cells.</param>
public sealed record NotebookResult(
    string Name, string Source, string Executed, string Budget, string Status, double Seconds, IReadOnlyList<CellResult> Cells)
{
    /// <summary>The first cell that did not succeed, if any.</summary>
    [JsonIgnore]
    public CellResult? FirstFailure => Cells.FirstOrDefault(c => c.Status is "failed" or "timeout");

    /// <summary>One line for the console: the notebook, the cell number and the error.</summary>
    [JsonIgnore]
    public string FailureLine => FirstFailure is { } cell
        ? $"{Source}, cell {cell.Number}: {cell.Error?.Split('\n')[0].Trim()}"
        : Status == "ok" ? "" : $"{Source}: {Status}";
}

using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using StableTune.Experiments;

namespace StableTune.Notebooks.Run;

/// <summary>
/// Turns the kernel events of one cell into notebook outputs. An update of a display (progress bars) replaces
/// the display it updates, so a saved notebook keeps only the final state; consecutive stream text is merged.
/// Remembers the charts and the results tables (DataFrames) the cell showed.
/// </summary>
public sealed class CellOutputs
{
    readonly List<InteractiveDocumentOutputElement> _outputs = [];
    readonly Dictionary<string, int> _byDisplayId = [];
    readonly Dictionary<int, object?> _values = [];

    /// <summary>The outputs in order.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs => _outputs;

    /// <summary>Number of Plotly charts shown.</summary>
    public int Charts => _values.Values.Count(v => v is GenericChart);

    /// <summary>The results tables shown, in order: DataFrames, and the kit's ResultSets as their DataFrame.</summary>
    public IReadOnlyList<DataFrame> Tables => _values.OrderBy(p => p.Key).Select(p => p.Value switch
    {
        DataFrame frame => frame,
        ResultSet results => results.ToDataFrame(),
        _ => null,
    }).OfType<DataFrame>().ToList();

    /// <summary>Standard output and standard error text, for the console.</summary>
    public event Action<string>? Text;

    /// <summary>Adds one event of the cell (events of other kinds are ignored).</summary>
    public void Add(KernelEvent e, int executionCount)
    {
        switch (e)
        {
            case StandardOutputValueProduced o: AddStream("stdout", PlainText(o)); break;
            case StandardErrorValueProduced o: AddStream("stderr", PlainText(o)); break;
            case ReturnValueProduced r:
                var result = new ReturnValueElement { ExecutionOrder = executionCount };
                foreach (var (mime, value) in Data(r)) result.Data[mime] = value;
                Put(r.ValueId, result, r.Value);
                break;
            case DisplayedValueUpdated u when u.ValueId is { } id && _byDisplayId.TryGetValue(id, out var index):
                _outputs[index] = new DisplayElement(Data(u));
                _values[index] = u.Value;
                break;
            case DisplayedValueProduced or DisplayedValueUpdated:
                var display = (DisplayEvent)e;
                Put(display.ValueId, new DisplayElement(Data(display)), display.Value);
                break;
            case ErrorProduced error: AddError("Error", error.Message); break;
            case CommandFailed failed: AddError(failed.Exception?.GetType().Name ?? "Error", failed.Message); break;
        }
    }

    /// <summary>Adds an error output (the cell's failure, a time-out).</summary>
    public void AddError(string name, string message) =>
        _outputs.Add(new ErrorElement(message, name, message.Split('\n')));

    void Put(string? displayId, InteractiveDocumentOutputElement output, object? value)
    {
        _outputs.Add(output);
        _values[_outputs.Count - 1] = value;
        if (displayId is not null) _byDisplayId[displayId] = _outputs.Count - 1;
    }

    void AddStream(string name, string text)
    {
        Text?.Invoke(text);
        if (_outputs.Count > 0 && _outputs[^1] is TextElement last && last.Name == name)
            _outputs[^1] = new TextElement(last.Text + text, name);
        else
            _outputs.Add(new TextElement(text, name));
    }

    static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value
        ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";

    /// <summary>The MIME bundle (JSON types as text here; <see cref="NotebookJson"/> stores them as JSON).</summary>
    static Dictionary<string, object> Data(DisplayEvent e) =>
        e.FormattedValues.Where(v => !v.SuppressDisplay).ToDictionary(v => v.MimeType, object (v) => v.Value);
}

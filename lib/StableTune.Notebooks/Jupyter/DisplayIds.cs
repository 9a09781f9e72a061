namespace StableTune.Notebooks.Jupyter;

/// <summary>
/// Maps .NET Interactive display ids to Jupyter display ids. <c>KernelInvocationContext.DisplayAs(…).Update(…)</c>
/// keeps one id; the <c>display(…)</c> helper of Microsoft.DotNet.Interactive 1.0.0-beta.26120.1 publishes its updates
/// under an id other than the displayed value's. An update with an unseen id is therefore bound to the most recent
/// display that has not been updated yet (the <c>var d = display(x); … d.Update(y)</c> pattern), once, and kept.
/// </summary>
sealed class DisplayIds
{
    readonly object _gate = new();
    readonly HashSet<string> _produced = [];
    readonly List<string> _neverUpdated = [];
    readonly Dictionary<string, string> _aliases = [];

    /// <summary>Records a new display; returns its Jupyter display id.</summary>
    public string? Produced(string? valueId)
    {
        if (valueId is null) return null;
        lock (_gate)
        {
            if (_produced.Add(valueId)) _neverUpdated.Add(valueId);
            return valueId;
        }
    }

    /// <summary>The Jupyter display id an update of <paramref name="valueId"/> replaces.</summary>
    public string? OfUpdate(string? valueId)
    {
        if (valueId is null) return null;
        lock (_gate)
        {
            if (_produced.Contains(valueId))
            {
                _neverUpdated.Remove(valueId);
                return valueId;
            }
            if (_aliases.TryGetValue(valueId, out var target)) return target;
            if (_neverUpdated.Count == 0) return valueId;
            target = _neverUpdated[^1];
            _neverUpdated.RemoveAt(_neverUpdated.Count - 1);
            _aliases[valueId] = target;
            return target;
        }
    }
}

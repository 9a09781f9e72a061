namespace StableTune.Notebooks;

/// <summary>A small parser for <c>--name value</c> options and positional arguments, with clear errors.</summary>
sealed class CommandOptions
{
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    readonly HashSet<string> _used = [];

    /// <summary>Arguments that are not options.</summary>
    public List<string> Positional { get; } = [];

    public CommandOptions(IEnumerable<string> args, params string[] flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal)) { Positional.Add(arg); continue; }
            if (flags.Contains(arg)) { _values[arg] = "true"; continue; }
            if (!e.MoveNext()) throw new ArgumentException($"Option {arg} needs a value.");
            _values[arg] = e.Current;
        }
    }

    /// <summary>The value of <paramref name="name"/>, or null when it was not given.</summary>
    public string? Value(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    /// <summary>Throws when an option was given that the command does not know.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown)}. Run with --help.");
        if (Positional.Count > 1) throw new ArgumentException($"Expected one notebook or folder, got: {string.Join(" ", Positional)}.");
    }
}

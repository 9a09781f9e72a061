namespace StableTune.Runtime;

/// <summary>
/// How much compute a notebook may spend: <see cref="Quick"/> (CI, smoke runs: small subsets, few epochs and seeds)
/// or <see cref="Full"/> (the lesson). The notebook host sets it per run through <see cref="Variable"/>; notebooks
/// read <see cref="Current"/> and size their experiments with <see cref="Pick{T}"/>.
/// </summary>
public sealed record Budget
{
    /// <summary>Environment variable that selects the budget (<c>quick</c> or <c>full</c>).</summary>
    public const string Variable = "STABLETUNE_BUDGET";

    /// <summary>The small budget for continuous integration and smoke runs.</summary>
    public static Budget Quick { get; } = new("quick");

    /// <summary>The lesson's budget (the default).</summary>
    public static Budget Full { get; } = new("full");

    Budget(string name) => Name = name;

    /// <summary><c>quick</c> or <c>full</c>.</summary>
    public string Name { get; }

    /// <summary>Whether this is the quick budget.</summary>
    public bool IsQuick => ReferenceEquals(this, Quick);

    /// <summary>The budget selected by <c>$STABLETUNE_BUDGET</c>; <see cref="Full"/> when it is unset.</summary>
    /// <exception cref="ArgumentException">The variable holds something other than <c>quick</c> or <c>full</c>.</exception>
    public static Budget Current => Parse(Environment.GetEnvironmentVariable(Variable), Variable);

    /// <summary>Parses <c>quick</c> or <c>full</c> (case-insensitive); null or empty means <see cref="Full"/>.</summary>
    /// <param name="text">The budget's name.</param>
    /// <param name="source">Where the text came from, for the error message (an option or variable name).</param>
    public static Budget Parse(string? text, string source = "budget") => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "full" => Full,
        "quick" => Quick,
        _ => throw new ArgumentException($"{source} is '{text}', but the budget must be 'quick' or 'full'.", nameof(text)),
    };

    /// <summary>Chooses the value for this budget: <paramref name="quick"/> under <see cref="Quick"/>, else <paramref name="full"/>.</summary>
    public T Pick<T>(T quick, T full) => IsQuick ? quick : full;

    /// <inheritdoc />
    public override string ToString() => Name;
}

namespace StableTune.Data;

/// <summary>What the first line of a CSV file holds.</summary>
public enum CsvHeader
{
    /// <summary>Decide from the first line: scikit-learn counts line, column names, or (all numbers) no header.</summary>
    Auto,
    /// <summary>An ordinary header of column names.</summary>
    ColumnNames,
    /// <summary>scikit-learn's bundled-data format: <c>n_samples,n_features,class name 0,class name 1,...</c>.</summary>
    SampleCounts,
    /// <summary>No header; columns are named <c>x0, x1, ...</c> and the label column <c>label</c>.</summary>
    None,
}

/// <summary>How <see cref="CsvTable.Load"/> reads a table. Immutable; the defaults fit the course's files.</summary>
public sealed record CsvTableOptions
{
    /// <summary>Name of the label column; null = the last column.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>What the first line is (default: detect it).</summary>
    public CsvHeader Header { get; init; } = CsvHeader.Auto;

    /// <summary>Names for the feature columns when the file has none (scikit-learn format, no header).</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>Names for the classes 0..k-1, replacing those read from the file.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Column separator.</summary>
    public char Separator { get; init; } = ',';
}

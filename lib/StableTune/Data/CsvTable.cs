using System.Globalization;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace StableTune.Data;

/// <summary>
/// Loads a numeric CSV table (features + one label column) into a <see cref="TensorData"/> with float32 features
/// <c>[N, F]</c> and int64 labels, parsing with Microsoft.Data.Analysis. Understands ordinary headers, files without
/// a header, and scikit-learn's bundled-data format whose first line is <c>n_samples,n_features,class names...</c>.
/// Every bad cell is reported with its row, line and column.
/// </summary>
public static class CsvTable
{
    /// <summary>Reads <paramref name="path"/>; by default the last column is the label.</summary>
    public static TensorData Load(string path, CsvTableOptions? options = null)
    {
        var table = Read(path, options ?? new CsvTableOptions());
        using var scope = NewDisposeScope();
        var features = tensor(table.Values, [table.Rows, table.FeatureNames.Count], ScalarType.Float32);
        var labels = tensor(table.Labels, ScalarType.Int64);
        return new TensorData(features, labels, table.ClassNames, table.Path) { FeatureNames = table.FeatureNames };
    }

    /// <summary>The table as a DataFrame (features as double columns, then the label's class name), for display.</summary>
    public static DataFrame ReadFrame(string path, CsvTableOptions? options = null)
    {
        var table = Read(path, options ?? new CsvTableOptions());
        var columns = new List<DataFrameColumn>();
        for (int f = 0; f < table.FeatureNames.Count; f++)
            columns.Add(new DoubleDataFrameColumn(table.FeatureNames[f], Enumerable.Range(0, table.Rows).Select(r => (double)table.Values[r * table.FeatureNames.Count + f])));
        columns.Add(new StringDataFrameColumn(table.LabelName, table.Labels.Select(l => table.ClassNames[(int)l])));
        return new DataFrame(columns);
    }

    sealed record Table(string Path, int Rows, IReadOnlyList<string> FeatureNames, string LabelName, float[] Values, long[] Labels, IReadOnlyList<string> ClassNames);

    static Table Read(string path, CsvTableOptions options)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file '{path}' does not exist. Check the path.", path);
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        if (string.IsNullOrWhiteSpace(lines[0]))
            throw new InvalidDataException($"CSV file '{path}' is empty or starts with a blank line.");
        var firstFields = lines[0].TrimEnd('\r').Split(options.Separator).Select(f => f.Trim().Trim('"')).ToArray();
        var header = options.Header == CsvHeader.Auto ? Detect(firstFields) : options.Header;
        int headerLines = header == CsvHeader.None ? 0 : 1;
        var rowLines = RowLines(path, lines, headerLines, header == CsvHeader.ColumnNames, options.Separator);

        DataFrame frame;
        IReadOnlyList<string>? countsClassNames = null;
        if (header == CsvHeader.ColumnNames)
        {
            frame = Parse(path, text, options.Separator, hasHeader: true, names: null);
        }
        else
        {
            int columns = CountFields(lines[rowLines[0] - 1], options.Separator);
            var names = (options.FeatureNames ?? Enumerable.Range(0, columns - 1).Select(i => $"x{i}").ToList()).Append("label").ToArray();
            if (names.Length != columns)
                throw new ArgumentException($"CsvTableOptions.FeatureNames has {names.Length - 1} names but '{path}' has {columns - 1} feature columns.", nameof(options));
            var body = headerLines == 0 ? text : string.Join('\n', lines.Skip(1));
            frame = Parse(path, body, options.Separator, hasHeader: false, names);
            if (header == CsvHeader.SampleCounts) countsClassNames = CheckCounts(path, firstFields, frame);
        }
        if (frame.Rows.Count != rowLines.Length)
            throw new InvalidDataException($"'{path}': read {frame.Rows.Count} rows but the file has {rowLines.Length} non-blank data lines; check its quoting.");

        var labelName = options.LabelColumn ?? frame.Columns[^1].Name;
        var labelColumn = frame.Columns.FirstOrDefault(c => c.Name == labelName)
            ?? throw new ArgumentException($"Label column '{labelName}' is not in '{path}'. Available columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}.", nameof(options));
        var featureColumns = frame.Columns.Where(c => c != labelColumn).ToList();
        int rows = (int)frame.Rows.Count;
        var values = new float[rows * featureColumns.Count];
        for (int f = 0; f < featureColumns.Count; f++)
            for (int r = 0; r < rows; r++)
                values[r * featureColumns.Count + f] = ParseNumber(path, featureColumns[f], r, rowLines);
        var (labels, classNames) = ParseLabels(path, labelColumn, rowLines, countsClassNames);
        if (options.ClassNames is { } given)
        {
            if (given.Count < classNames.Count)
                throw new ArgumentException($"CsvTableOptions.ClassNames has {given.Count} names but '{path}' has {classNames.Count} classes.", nameof(options));
            classNames = given;
        }
        return new Table(path, rows, featureColumns.Select(c => c.Name).ToList(), labelName, values, labels, classNames);
    }

    static CsvHeader Detect(string[] fields)
    {
        bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        bool IsCount(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        if (fields.Length >= 3 && IsCount(fields[0]) && IsCount(fields[1]) && fields[2..].All(f => !IsNumber(f)))
            return CsvHeader.SampleCounts;
        return fields.All(IsNumber) ? CsvHeader.None : CsvHeader.ColumnNames;
    }

    static DataFrame Parse(string path, string text, char separator, bool hasHeader, string[]? names)
    {
        try
        {
            // Every column is read as text, so that each cell is converted (and reported) by us.
            return DataFrame.LoadCsvFromString(text, separator, hasHeader, names, guessRows: 10,
                cultureInfo: CultureInfo.InvariantCulture, guessTypeFunction: _ => typeof(string));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a well-formed CSV table: {e.Message} Check that every row has the same number of columns.", e);
        }
    }

    /// <summary>
    /// The 1-based file line of each data row (blank lines are skipped, as the parser skips them); checks that every
    /// row has as many fields as the header (or, without one, as the first row).
    /// </summary>
    static int[] RowLines(string path, string[] lines, int headerLines, bool namedHeader, char separator)
    {
        var rows = Enumerable.Range(headerLines, lines.Length - headerLines).Where(i => !string.IsNullOrWhiteSpace(lines[i])).Select(i => i + 1).ToArray();
        if (rows.Length == 0) throw new InvalidDataException($"CSV file '{path}' has no data rows.");
        int reference = namedHeader ? 1 : rows[0];
        int expected = CountFields(lines[reference - 1], separator);
        foreach (var line in rows)
        {
            int fields = CountFields(lines[line - 1], separator);
            if (fields != expected)
                throw new InvalidDataException($"'{path}', line {line} has {fields} columns but line {reference} has {expected}. Every row needs the same columns.");
        }
        return rows;
    }

    /// <summary>Fields of one CSV line: separators inside double quotes do not count.</summary>
    static int CountFields(string line, char separator)
    {
        int fields = 1;
        bool quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == separator && !quoted) fields++;
        }
        return fields;
    }

    static IReadOnlyList<string> CheckCounts(string path, string[] fields, DataFrame frame)
    {
        int samples = int.Parse(fields[0], CultureInfo.InvariantCulture), features = int.Parse(fields[1], CultureInfo.InvariantCulture);
        if (frame.Columns.Count != features + 1)
            throw new InvalidDataException($"'{path}': the first line announces {features} features, but rows have {frame.Columns.Count} columns (features + label).");
        if (frame.Rows.Count != samples)
            throw new InvalidDataException($"'{path}': the first line announces {samples} samples, but the file has {frame.Rows.Count} data rows.");
        return fields[2..];
    }

    static float ParseNumber(string path, DataFrameColumn column, int row, int[] rowLines)
    {
        var cell = (column[row] as string)?.Trim();
        if (string.IsNullOrEmpty(cell))
            throw new InvalidDataException($"{Where(path, row, rowLines, column)} is empty. Fill in or drop rows with missing values before loading.");
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new InvalidDataException($"{Where(path, row, rowLines, column)} holds '{cell}', which is not a number. Features must be numeric (use '.' as the decimal point).");
        if (!double.IsFinite(value))
            throw new InvalidDataException($"{Where(path, row, rowLines, column)} is {cell}. Fill in or drop missing or infinite values before loading.");
        return (float)value;
    }

    static (long[] Labels, IReadOnlyList<string> Names) ParseLabels(string path, DataFrameColumn column, int[] rowLines, IReadOnlyList<string>? countsNames)
    {
        var cells = new string[column.Length];
        for (int r = 0; r < cells.Length; r++)
        {
            cells[r] = (column[r] as string)?.Trim() ?? "";
            if (cells[r].Length == 0)
                throw new InvalidDataException($"{Where(path, r, rowLines, column)} (the label) is empty. Every row needs a class label.");
        }
        var ids = cells.Select(c => long.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long?)null).ToArray();
        if (countsNames is not null)
        {
            int bad = Array.FindIndex(ids, id => id is null || id < 0 || id >= countsNames.Count);
            if (bad >= 0)
                throw new InvalidDataException($"{Where(path, bad, rowLines, column)} (the label) is '{cells[bad]}', but the first line names {countsNames.Count} classes: labels must be integers 0..{countsNames.Count - 1}.");
            return (ids.Select(id => id!.Value).ToArray(), countsNames);
        }
        if (ids.All(id => id is >= 0))
        {
            long classes = ids.Max(id => id!.Value) + 1;
            return (ids.Select(id => id!.Value).ToArray(), Enumerable.Range(0, (int)classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList());
        }
        // Text (or negative) labels: classes are the distinct values in sorted order.
        var names = cells.Distinct().Order(StringComparer.Ordinal).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => (long)x.i);
        return (cells.Select(c => index[c]).ToArray(), names);
    }

    static string Where(string path, int row, int[] rowLines, DataFrameColumn column) =>
        $"'{path}', data row {row + 1} (line {rowLines[row]}), column '{column.Name}'";
}

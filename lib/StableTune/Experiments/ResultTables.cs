using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using StableTune.Stability;
using StableTune.Training;

namespace StableTune.Experiments;

public sealed partial class ResultSet
{
    /// <summary>
    /// One row per run: config, seed, repeat, fold, status, epochs, seconds, every metric (NaN where a run lacks it),
    /// message, the configuration's JSON and the manifest (kit, TorchSharp and libtorch versions, device, threads, start).
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var metrics = Runs.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        var columns = RunKeyColumns();
        columns.Add(new Int32DataFrameColumn("epochs", Runs.Select(r => r.History.Count)));
        columns.Add(new DoubleDataFrameColumn("seconds", Runs.Select(r => r.Seconds)));
        var fixedNames = new HashSet<string>(["config", "seed", "repeat", "fold", "status", "epochs", "seconds", "message", "config_json",
            "kit_version", "torchsharp", "libtorch", "device", "threads", "os", "started"]);
        columns.AddRange(metrics.Select(m => new DoubleDataFrameColumn(fixedNames.Contains(m) ? $"metric_{m}" : m,
            Runs.Select(r => r.Metrics.GetValueOrDefault(m, double.NaN)))));
        columns.Add(new StringDataFrameColumn("message", Runs.Select(r => r.Message ?? "")));
        columns.Add(new StringDataFrameColumn("config_json", Runs.Select(r => r.ConfigJson)));
        columns.Add(new StringDataFrameColumn("kit_version", Runs.Select(r => r.Manifest.KitVersion)));
        columns.Add(new StringDataFrameColumn("torchsharp", Runs.Select(r => r.Manifest.TorchSharpVersion)));
        columns.Add(new StringDataFrameColumn("libtorch", Runs.Select(r => r.Manifest.LibTorchVersion)));
        columns.Add(new StringDataFrameColumn("device", Runs.Select(r => r.Manifest.Device)));
        columns.Add(new Int32DataFrameColumn("threads", Runs.Select(r => r.Manifest.Threads)));
        columns.Add(new StringDataFrameColumn("os", Runs.Select(r => r.Manifest.OperatingSystem)));
        columns.Add(new StringDataFrameColumn("started", Runs.Select(r => r.Manifest.Started.ToString("O", CultureInfo.InvariantCulture))));
        return new DataFrame(columns);
    }

    /// <summary>The columns that identify each run: config, seed, repeat, fold, status (one row per run).</summary>
    internal List<DataFrameColumn> RunKeyColumns() =>
    [
        new StringDataFrameColumn("config", Runs.Select(r => r.ConfigName)),
        new Int32DataFrameColumn("seed", Runs.Select(r => r.Seed)),
        new Int32DataFrameColumn("repeat", Runs.Select(r => r.Repeat)),
        new Int32DataFrameColumn("fold", Runs.Select(r => r.Fold)),
        new StringDataFrameColumn("status", Runs.Select(r => r.Status.ToString())),
    ];

    /// <summary>Writes <see cref="ToDataFrame"/> as CSV (comma-separated, invariant culture, RFC 4180 quoting).</summary>
    public void ToCsv(string path) => WriteCsv(ToDataFrame(), path);

    /// <summary>
    /// One row per configuration: runs, diverged and failed counts, divergence rate, and over the runs that trained to
    /// their end the mean, standard deviation, min, max, coefficient of variation and bootstrap CI of <paramref name="metric"/>.
    /// </summary>
    public DataFrame Summary(string metric = "accuracy", double confidence = 0.95, int resamples = 2000, int seed = 0)
    {
        var configs = Configs;
        var stats = configs.Select(c => Descriptive.Describe(Values(c, metric), confidence, resamples, seed)).ToList();
        var doubles = new (string Name, Func<Description, double> Pick)[]
        {
            ("mean", d => d.Mean), ("std", d => d.Std), ("min", d => d.Min), ("max", d => d.Max),
            ("cv", d => d.CoefficientOfVariation), ("ci_low", d => d.CiLow), ("ci_high", d => d.CiHigh),
        };
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("config", configs),
            new StringDataFrameColumn("metric", configs.Select(_ => metric)),
            new Int32DataFrameColumn("runs", configs.Select(c => Of(c).Count)),
            new Int32DataFrameColumn("used", stats.Select(s => s.Count)),
            new Int32DataFrameColumn("diverged", configs.Select(c => Of(c).Count(r => r.Status == RunStatus.Diverged))),
            new Int32DataFrameColumn("failed", configs.Select(c => Of(c).Count(r => r.Status == RunStatus.Failed))),
            new DoubleDataFrameColumn("divergence_rate", configs.Select(DivergenceRate)),
        };
        foreach (var (name, pick) in doubles) columns.Add(new DoubleDataFrameColumn(name, stats.Select(pick)));
        return new DataFrame(columns);
    }

    /// <summary>Writes any data frame as CSV (invariant culture, doubles round-trip, RFC 4180 quoting).</summary>
    public static void WriteCsv(DataFrame frame, string path)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', frame.Columns.Select(c => Quote(c.Name))).Append('\n');
        for (long row = 0; row < frame.Rows.Count; row++)
            text.AppendJoin(',', frame.Columns.Select(c => Quote(Cell(c[row])))).Append('\n');
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

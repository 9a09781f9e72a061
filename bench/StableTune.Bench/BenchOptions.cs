namespace StableTune.Bench;

/// <summary>Command-line options of the benchmark.</summary>
sealed record BenchOptions
{
    /// <summary>A short smoke run: fewer timed epochs, fewer examples for the ensemble and memory figures.</summary>
    public bool Quick { get; init; }
    /// <summary>Timed epochs per speed figure (after one warm-up epoch); the median is reported.</summary>
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 64;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public bool SkipPeer { get; init; }
    public bool SkipCourse { get; init; }
    /// <summary>Sections to run (null = all): data, loop (items 1 and 3), peer, ensembles, memory, course.</summary>
    public IReadOnlySet<string>? Only { get; init; }
    public static readonly string[] Sections = ["data", "loop", "peer", "ensembles", "memory", "course"];

    public bool Runs(string section) => Only is null || Only.Contains(section);

    /// <summary>Epochs of the memory figure (resident memory after epoch 2 and after this one).</summary>
    public int MemoryEpochs { get; init; } = 20;

    public const string Usage = "usage: StableTune.Bench [--quick] [--epochs N] [--threads N] [--batch N] [--skip-peer] [--skip-course] [--only data,loop,peer,ensembles,memory,course]";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, Epochs = 1, MemoryEpochs = 6 },
                "--epochs" => options with { Epochs = Positive(args, ++i) },
                "--threads" => options with { Threads = Positive(args, ++i) },
                "--batch" => options with { BatchSize = Positive(args, ++i) },
                "--skip-peer" => options with { SkipPeer = true },
                "--skip-course" => options with { SkipCourse = true },
                "--only" => options with { Only = SectionList(args, ++i) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}"),
            };
        }
        return options;
    }

    static HashSet<string> SectionList(string[] args, int i)
    {
        var list = i < args.Length ? args[i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : [];
        var unknown = list.Except(Sections).ToList();
        if (list.Count == 0 || unknown.Count > 0)
            throw new ArgumentException($"--only needs sections from {string.Join(",", Sections)}{(unknown.Count > 0 ? $" (unknown: {string.Join(",", unknown)})" : "")}. {Usage}");
        return list;
    }

    static int Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], out var value) && value > 0 ? value
        : throw new ArgumentException($"{args[i - 1]} needs a positive whole number. {Usage}");
}

using System.Globalization;
using StableTune.Notebooks;
using StableTune.Notebooks.Jupyter;
using StableTune.Notebooks.Run;
using StableTune.Notebooks.Stdio;
using StableTune.Runtime;

// stabletune-notebooks: the course's notebook host. See notebooks/README.md.
try
{
    return args switch
    {
        ["run", .. var rest] => await RunAsync(rest, single: false),
        ["run-one", .. var rest] => await RunAsync(rest, single: true),
        [.. var rest] when rest.Contains("stdio") => await StdioMode.RunAsync(rest),
        ["jupyter", .. var rest] => Exit(await JupyterCommand.RunAsync(rest)),
        ["notebook-parser", ..] => await NotebookParserMode.RunAsync(Console.In, Console.Out),
        ["vscode-settings"] => Print(VsCodeSettings.Json(), 0),
        ["--version"] => Print(typeof(CourseRunner).Assembly.GetName().Version!.ToString(), 0),
        _ => Print(Usage, args is [] or ["--help"] or ["-h"] ? 0 : 2),
    };
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine($"stabletune-notebooks: {e.Message}");
    return 2;
}

static async Task<int> RunAsync(string[] args, bool single)
{
    var options = new CommandOptions(args);
    var budget = Budget.Parse(options.Value("--budget"), "--budget");
    var timeout = options.Value("--timeout") is { } seconds
        ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture))
        : RunOptions.DefaultTimeout(budget);
    var run = new RunOptions(budget, Path.GetFullPath(options.Value("--out") ?? "artifacts"), timeout);
    var target = options.Positional.SingleOrDefault() ?? "notebooks";
    options.EnsureAllUsed();
    if (!single) return await new CourseRunner(run, Console.Out).RunAsync(target);
    var result = await new NotebookRunner(run, Console.Out).RunAsync(target);
    Console.Out.Flush();
    // Exit at once: a cell stopped by the time limit may still be running on another thread.
    Environment.Exit(result.Status == "ok" ? 0 : 1);
    return 0;
}

// Exit at once: a cell that ignored an interrupt may still be running on another thread.
static int Exit(int code)
{
    Environment.Exit(code);
    return code;
}

static int Print(string text, int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(text);
    return code;
}

public partial class Program
{
    const string Usage = """
        stabletune-notebooks: runs the course notebooks (C#, TorchSharp) and serves them to VS Code.

        Usage:
          stabletune-notebooks run [notebook.ipynb | folder] [--budget quick|full] [--out artifacts] [--timeout seconds]
              Runs one notebook or every notebook of the folder (default: notebooks) in name order, each in a fresh
              kernel whose working directory is the notebook's folder. Writes <out>/notebooks/*.ipynb (executed),
              <out>/csv/<notebook>/*.csv (results tables), <out>/report.html (offline report) and <out>/summary.json.
              Exits with 1 when a cell fails or runs past the time limit (default 300 s quick, 3600 s full).
          stabletune-notebooks [[vscode]] stdio [--working-dir dir] [--budget quick|full]
              Speaks the .NET Interactive JSON command/event protocol on stdin/stdout (what Polyglot Notebooks starts).
          stabletune-notebooks jupyter install [--user | --prefix dir | --dir kernels-dir]
              Installs the Jupyter kernelspec "C# (fine-tuning course)" (stabletune-csharp) for VS Code's Jupyter
              extension, JupyterLab and nbconvert; it starts this build as a kernel (jupyter --connection-file f).
          stabletune-notebooks notebook-parser
              The notebook parser server Polyglot Notebooks uses to open and save .ipynb/.dib files.
          stabletune-notebooks vscode-settings
              Prints VS Code user settings that point Polyglot Notebooks' kernel and parser at this build (absolute paths).
        """;
}

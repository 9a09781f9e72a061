using System.Diagnostics;

namespace StableTune.Bench;

/// <summary>
/// The whole course's run time in each budget: runs the notebook host's run command (<c>stabletune-notebooks run
/// notebooks --budget quick|full</c>) and prints its wall time and its own closing lines. The full budget is the lesson's
/// and can take long: it runs only in the full benchmark.
/// </summary>
static class CourseBench
{
    public static void Run(string root, BenchOptions options)
    {
        Figures.Section("course run time (notebook host)");
        if (options.SkipCourse) { Figures.NotAvailable("course", "--skip-course"); return; }
        var notebooks = Path.Combine(root, "notebooks");
        if (!Directory.Exists(notebooks) || !Directory.EnumerateFiles(notebooks, "*.ipynb").Any())
        {
            Figures.NotAvailable("course", "no notebooks in notebooks/ yet");
            return;
        }
        var host = Path.Combine(root, "lib", "StableTune.Notebooks", "bin", "Release", "net10.0", "stabletune-notebooks.dll");
        if (!File.Exists(host)) { Figures.NotAvailable("course", $"{host} not built (bench/run.sh builds it)"); return; }
        foreach (var budget in options.Quick ? ["quick"] : new[] { "quick", "full" })
        {
            var output = Directory.CreateTempSubdirectory("stabletune-bench-course-");
            try
            {
                var start = new ProcessStartInfo("dotnet") { ArgumentList = { host, "run", notebooks, "--budget", budget, "--out", output.FullName }, RedirectStandardOutput = true, RedirectStandardError = true };
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEndAsync();
                var lines = new List<string>();
                while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
                process.WaitForExit();
                var status = process.ExitCode == 0 ? "all notebooks passed" : $"exit code {process.ExitCode}: {stderr.Result.Trim().Split('\n').LastOrDefault()}";
                Figures.Line($"course {budget}", $"{clock.Elapsed.TotalMinutes:F1} min ({status})");
                foreach (var line in lines.TakeLast(Math.Min(lines.Count, 20))) Console.WriteLine($"  | {line}");
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }
    }
}

using StableTune.Bench;
using StableTune.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// The StableTune benchmark (GitHub issue 6). Run it with `bash bench/run.sh` (add --quick for a smoke run).
// Every ratio is measured within this run, so it holds for this machine and its load at this moment.
TorchNative.Install();
BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }

var root = RepoRoot.Find();
torch.set_num_threads(options.Threads);
var device = cuda.is_available() ? CUDA : CPU;
var peak = MachinePeak.Detect();
Figures.Section("machine");
Figures.Line("device", device.type == DeviceType.CUDA ? $"cuda ({cuda.device_count()} device(s))" : "cpu");
Figures.Line("threads", torch.get_num_threads().ToString());
Figures.Line("peak", peak.ToString());
Figures.Line("torchsharp", typeof(torch).Assembly.GetName().Version?.ToString() ?? "?");
Figures.Line("batch size", options.BatchSize.ToString());
Figures.Line("load average", LoadAverage());
Figures.Line("mode", options.Quick ? "quick (smoke run; figures are rough)" : $"full ({options.Epochs} timed epochs after a warm-up, median)");

if (options.Only is { Count: > 0 } only && only.SetEquals(["course"])) { CourseBench.Run(root, options); return 0; }
using var data = DataBench.Run(root, device, options.Runs("data"));
var speeds = options.Runs("loop") || options.Runs("peer") ? LoopBench.Run(data, options, peak) : null;
if (options.Runs("peer")) PeerBench.Run(root, data, options, speeds!);
if (options.Runs("ensembles")) EnsembleBench.Run(data, options);
if (options.Runs("memory")) MemoryBench.Run(data, options);
if (options.Runs("course")) CourseBench.Run(root, options);
Figures.Section("end");
Figures.Line("load average", LoadAverage());
return 0;

// Other processes on the machine slow both sides of a ratio, but not always alike: the load is printed to judge a run.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" (on {Environment.ProcessorCount} CPUs)" : "n/a";

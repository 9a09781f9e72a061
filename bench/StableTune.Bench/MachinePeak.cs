namespace StableTune.Bench;

/// <summary>
/// The machine's peak float32 rate: cores x vector lanes x FMA units x 2 flops x clock, read from /proc/cpuinfo.
/// </summary>
sealed record MachinePeak(int Cores, int VectorBits, int FmaUnits, double Ghz, string Basis)
{
    /// <summary>The clock /proc/cpuinfo reports (nominal; a VM hides boost clocks), for comparison with the measured one.</summary>
    public double NominalGhz { get; init; }
    /// <summary>The clock measured by a dependent-addition chain (0 when not measured).</summary>
    public double MeasuredGhz { get; init; }
    public double Gflops => Cores * (VectorBits / 32.0) * FmaUnits * 2 * Ghz;

    public override string ToString() =>
        $"{Cores} cores x {VectorBits / 32} fp32 lanes ({VectorBits}-bit) x {FmaUnits} FMA units x 2 x {Ghz:F2} GHz = {Gflops:F0} GFLOP/s ({Basis}; clock: the higher of /proc/cpuinfo's {NominalGhz:F2} GHz and {MeasuredGhz:F2} GHz measured)";

    public static MachinePeak Detect()
    {
        if (!File.Exists("/proc/cpuinfo"))
            return new MachinePeak(Environment.ProcessorCount, 256, 2, 3.0, "no /proc/cpuinfo: assumed AVX2, 2 FMA units, 3 GHz");
        var fields = new Dictionary<string, string>();
        var cores = new HashSet<string>();
        string physical = "0";
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            fields.TryAdd(key, value);
            if (key == "physical id") physical = value;
            if (key == "core id") cores.Add(physical + "/" + value); // SMT siblings share one core's FMA units
        }
        int coreCount = Math.Min(cores.Count > 0 ? cores.Count : Environment.ProcessorCount, Environment.ProcessorCount);
        var flags = fields.GetValueOrDefault("flags", "").Split(' ').ToHashSet();
        bool amd = fields.GetValueOrDefault("vendor_id") == "AuthenticAMD";
        int family = int.TryParse(fields.GetValueOrDefault("cpu family"), out var f) ? f : 0;
        int bits; string basis;
        if (flags.Contains("avx512f") && amd && family == 25)
        {
            bits = 256; basis = "AVX-512 on AMD Zen 4 runs as two 256-bit halves";
        }
        else if (flags.Contains("avx512f")) { bits = 512; basis = "AVX-512"; }
        else if (flags.Contains("avx2")) { bits = 256; basis = "AVX2"; }
        else { bits = 128; basis = "SSE"; }
        int fma = flags.Contains("fma") ? 2 : 1;
        double nominal = MaxClockGhz() ?? (double.TryParse(fields.GetValueOrDefault("cpu MHz"), System.Globalization.CultureInfo.InvariantCulture, out var mhz) ? mhz / 1000 : 3.0);
        double measured = MeasureGhz();
        return new MachinePeak(coreCount, bits, fma, Math.Max(nominal, measured), basis + (fma == 2 ? ", FMA" : ", no FMA")) { NominalGhz = nominal, MeasuredGhz = measured };
    }

    /// <summary>
    /// The core clock while busy, measured: a chain of dependent integer additions runs one per cycle, so additions
    /// per second is the clock. The best of several short runs (other processes only ever make a run slower).
    /// </summary>
    static double MeasureGhz()
    {
        const int iterations = 20_000_000;
        double best = 0;
        long a = Environment.TickCount64 | 1, b = a >> 3;
        for (int run = 0; run < 15; run++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long x = Chain(iterations, a, b);
            double seconds = clock.Elapsed.TotalSeconds;
            if (x == 42) Console.Write(""); // keeps the chain's result alive
            best = Math.Max(best, 8.0 * iterations / seconds / 1e9);
        }
        return best;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static long Chain(int iterations, long a, long b)
    {
        long x = 0;
        for (int i = 0; i < iterations; i++)
        {
            // 8 dependent additions: 8 cycles per iteration; the loop counter runs alongside.
            x += a; x += b; x += a; x += b; x += a; x += b; x += a; x += b;
        }
        return x;
    }

    static double? MaxClockGhz()
    {
        const string path = "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Trim(), out var khz) ? khz / 1e6 : null;
    }
}

namespace StableTune.Bench;

/// <summary>Resident memory of this process (VmRSS), the figure a leak of native tensor memory makes grow.</summary>
static class MemoryProbe
{
    /// <summary>Resident MiB; with <paramref name="settle"/>, after a full garbage collection with finalizers run, so that
    /// only memory something still holds is counted (garbage from earlier sections would otherwise mask or fake a trend).</summary>
    public static double ResidentMiB(bool settle = false)
    {
        if (settle)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        const string path = "/proc/self/status";
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith("VmRSS:"))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        return Environment.WorkingSet / (1024.0 * 1024.0);
    }
}

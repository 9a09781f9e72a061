namespace StableTune.Bench;

/// <summary>Resident memory of this process (VmRSS), the figure a leak of native tensor memory makes grow.</summary>
static class MemoryProbe
{
    public static double ResidentMiB()
    {
        const string path = "/proc/self/status";
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith("VmRSS:"))
                    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        return Environment.WorkingSet / (1024.0 * 1024.0);
    }
}

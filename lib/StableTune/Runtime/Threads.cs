using static TorchSharp.torch;

namespace StableTune.Runtime;

/// <summary>
/// Sets how many CPU threads torch uses for one operation. The count comes from the argument, else from
/// <c>$STABLETUNE_THREADS</c>, else it is the number of processors available to the process. Fewer threads make
/// timings steadier when several runs share a machine; results do not depend on it except for rounding order.
/// </summary>
public static class Threads
{
    /// <summary>Environment variable read when no count is passed.</summary>
    public const string Variable = "STABLETUNE_THREADS";

    /// <summary>Sets torch's intra-op thread count and returns the count now in use.</summary>
    public static int Set(int? count = null)
    {
        int threads = Resolve(count, Environment.GetEnvironmentVariable(Variable), Environment.ProcessorCount);
        set_num_threads(threads);
        return get_num_threads();
    }

    /// <summary>The thread count torch uses now.</summary>
    public static int Current => get_num_threads();

    /// <summary>The count rule, with the variable's value and the processor count given (pure, for tests).</summary>
    internal static int Resolve(int? count, string? variable, int processors)
    {
        if (count is int n)
            return n >= 1 ? n : throw new ArgumentOutOfRangeException(nameof(count), count, "Use at least 1 thread (or null for the default).");
        if (string.IsNullOrWhiteSpace(variable)) return Math.Max(1, processors);
        if (int.TryParse(variable.Trim(), out int fromVariable) && fromVariable >= 1) return fromVariable;
        throw new ArgumentException($"{Variable}='{variable}' is not a thread count. Set it to a whole number of at least 1, or unset it to use all {processors} processors.", nameof(count));
    }
}

namespace StableTune.Runtime;

/// <summary>Where the kit keeps files it derives (patched native copies, decoded-image caches).</summary>
public static class KitPaths
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string CacheVariable = "STABLETUNE_CACHE";

    /// <summary>The cache folder: <c>$STABLETUNE_CACHE</c>, else <c>$XDG_CACHE_HOME/stabletune</c>, else <c>~/.cache/stabletune</c>.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } custom ? custom
        : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? Path.Combine(xdg, "stabletune")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "stabletune");
}

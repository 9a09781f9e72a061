namespace StableTune.Bench;

/// <summary>The kit's repository root: the folder holding Course.sln, found walking up from here or from the binary.</summary>
static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above the current folder or the benchmark binary; run the benchmark from the kit's clone (bash bench/run.sh).");
    }
}

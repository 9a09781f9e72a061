using System.Reflection;

namespace StableTune.Runtime;

/// <summary>Finds a native library file where .NET puts package natives: beside the app, under runtimes/, or in the NuGet cache.</summary>
internal static class NativeSearch
{
    const string Rid = "linux-x64";

    public static string? Find(string fileName, Assembly nextTo, string packageId)
    {
        foreach (var dir in Directories(nextTo, packageId))
        {
            var path = Path.Combine(dir, fileName);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    static IEnumerable<string> Directories(Assembly nextTo, string packageId)
    {
        var assemblyDir = Path.GetDirectoryName(nextTo.Location);
        if (!string.IsNullOrEmpty(assemblyDir))
        {
            yield return assemblyDir;
            yield return Path.Combine(assemblyDir, "runtimes", Rid, "native");
            // .../<package>/<version>/lib/<tfm>/X.dll  ->  .../<package>/<version>/runtimes/<rid>/native
            yield return Path.GetFullPath(Path.Combine(assemblyDir, "..", "..", "runtimes", Rid, "native"));
        }
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string probing)
            foreach (var dir in probing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                yield return dir;
        yield return AppContext.BaseDirectory;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packageDir = Path.Combine(packages, packageId.ToLowerInvariant());
        if (Directory.Exists(packageDir))
            foreach (var version in Directory.GetDirectories(packageDir).OrderDescending())
                yield return Path.Combine(version, "runtimes", Rid, "native");
    }
}

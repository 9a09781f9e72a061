namespace StableTune.Bench;

/// <summary>The whole course's run time in each budget, from the notebook host's run command.</summary>
static class CourseBench
{
    public static void Run(string root, BenchOptions options)
    {
        Figures.Section("course run time (notebook host)");
        if (options.SkipCourse) { Figures.NotAvailable("course", "--skip-course"); return; }
        Figures.NotAvailable("course", "the notebook host's run command is not on this branch yet");
    }
}

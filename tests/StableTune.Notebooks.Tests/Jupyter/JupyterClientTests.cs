namespace StableTune.Notebooks.Tests.Jupyter;

/// <summary>The kernel driven by the real Jupyter clients (jupyter_client, nbconvert), as VS Code and JupyterLab drive it.</summary>
[Collection(JupyterTestEnvironment.Collection)]
public sealed class JupyterClientTests(JupyterTestEnvironment env, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void JupyterClient_ExecutesCompletesInterruptsRejectsBadMessagesAndRestarts()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Jupyter", "jupyter_client_check.py");
        var log = Path.Combine(env.JupyterPath, "kernel.log");
        var (exitCode, checks) = env.Run(env.Python, [script, log, Path.Combine(env.RepoRoot, "notebooks")], env.JupyterPath, TimeSpan.FromMinutes(4));
        output.WriteLine(checks);
        var kernelLog = File.Exists(log) ? File.ReadAllText(log) : "(no kernel log)";
        Assert.True(exitCode == 0, $"jupyter_client checks failed:\n{checks}\nkernel log:\n{kernelLog}");
        Assert.Contains("all checks passed", checks);
    }
}

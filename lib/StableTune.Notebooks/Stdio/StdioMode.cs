using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using StableTune.Notebooks.Kernel;
using StableTune.Runtime;

namespace StableTune.Notebooks.Stdio;

/// <summary>
/// <c>stdio</c>: serves the kernel over the .NET Interactive JSON command/event protocol on stdin/stdout, like
/// <c>dotnet interactive stdio</c> (the core package's <see cref="KernelHost"/>, sender and receiver), so that
/// Polyglot Notebooks in VS Code can use this host instead of the deprecated tool. Accepts the stock tool's
/// arguments (<c>[vscode] stdio --working-dir {working_dir}</c>) plus <c>--budget</c>.
/// </summary>
public static class StdioMode
{
    /// <summary>Runs until stdin closes or the client sends Quit.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var isVsCode = args.Contains("[vscode]");
        var options = new CommandOptions(args.Where(a => a is not "[vscode]" and not "stdio"));
        var workingDir = options.Value("--working-dir") ?? Environment.CurrentDirectory;
        var budget = Budget.Parse(options.Value("--budget") ?? Environment.GetEnvironmentVariable(Budget.Variable), "--budget");
        var defaultKernel = options.Value("--default-kernel") ?? KernelFactory.CSharpKernelName;
        var hostName = options.Value("--kernel-host");
        options.EnsureAllUsed();
        if (defaultKernel is not ("csharp" or "c#" or "C#"))
            throw new ArgumentException($"--default-kernel is '{defaultKernel}', but this host has only the C# kernel (csharp).");

        Console.InputEncoding = Encoding.UTF8;
        Console.OutputEncoding = Encoding.UTF8;
        var kernel = await KernelFactory.CreateAsync(workingDir, budget);
        var sender = KernelCommandAndEventSender.FromTextWriter(Console.Out, KernelHost.CreateHostUri("stdio"));
        var receiver = KernelCommandAndEventReceiver.FromTextReader(Console.In);
        var host = kernel.UseHost(sender, receiver,
            hostName is null ? KernelHost.CreateHostUriForCurrentProcessId() : KernelHost.CreateHostUri(hostName));
        kernel.UseQuitCommand(() =>
        {
            host.Dispose();
            Environment.Exit(0);
            return Task.CompletedTask;
        });
        if (isVsCode) await ConnectVsCodeKernelsAsync(kernel);
        await host.ConnectAndWaitAsync();
        return 0;
    }

    /// <summary>
    /// The kernels VS Code itself provides (input prompts, the webview's JavaScript), as proxies: what the stock
    /// tool does for <c>[vscode]</c>, so <c>#!set --value @input:…</c> and friends work.
    /// </summary>
    static async Task ConnectVsCodeKernelsAsync(CompositeKernel root)
    {
        var vscode = await root.Host!.ConnectProxyKernelOnDefaultConnectorAsync("vscode", new Uri("kernel://vscode"), ["frontend"]);
        vscode.KernelSpecifierDirective.Hidden = true;
        foreach (var command in new[] { typeof(RequestInput), typeof(RequestInputs), typeof(SendEditableCode) })
        {
            vscode.KernelInfo.SupportedKernelCommands.Add(new(command.Name));
            root.SetDefaultTargetKernelNameForCommand(command, "vscode");
        }
        var javascript = await root.Host.ConnectProxyKernelOnDefaultConnectorAsync("javascript", new Uri("kernel://webview/javascript"), ["js"]);
        foreach (var command in new[] { nameof(SubmitCode), nameof(RequestValue), nameof(RequestValueInfos), nameof(SendValue) })
            javascript.KernelInfo.SupportedKernelCommands.Add(new(command));
        javascript.UseValueSharing();
    }
}

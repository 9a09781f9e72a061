using System.Text.Json.Nodes;
using StableTune.Notebooks.Jupyter;

namespace StableTune.Notebooks.Tests.Jupyter;

public sealed class ProtocolPartsTests
{
    [Fact]
    public void ConnectionInfo_LoadsTheFileJupyterClientsWrite()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "stabletune-csharp"}
            """);
        try
        {
            var info = ConnectionInfo.Load(file);
            Assert.Equal("tcp://127.0.0.1:5004", info.Endpoint(info.ControlPort));
            Assert.Equal("abc", info.Key);
            Assert.Equal(5005, info.HeartbeatPort);
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("""{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4}""", "hb_port is 0")]
    [InlineData("""{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "signature_scheme": "hmac-sha1"}""", "hmac-sha1")]
    [InlineData("""{"shell_port": 1,""", "not valid JSON")]
    public void ConnectionInfo_NamesTheFileAndTheProblem(string json, string problem)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, json);
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => ConnectionInfo.Load(file));
            Assert.Contains(file, error.Message);
            Assert.Contains(problem, error.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void MimeBundle_SendsJsonTypesAsObjectsAndOthersAsStrings()
    {
        var json = MimeBundle.ToJson(new Dictionary<string, string>
        {
            ["application/vnd.plotly.v1+json"] = """{"data": [{"type": "scatter"}], "layout": {}}""",
            ["text/html"] = "<b>{\"not\": \"parsed\"}</b>",
        });

        Assert.Equal("scatter", (string?)json["application/vnd.plotly.v1+json"]!["data"]![0]!["type"]);
        Assert.IsAssignableFrom<JsonValue>(json["text/html"]);
    }

    [Fact]
    public void CursorOffsets_CountCodePointsNotUtf16Units()
    {
        const string code = "var s = \"😀\"; s.Len";   // the emoji is one code point, two UTF-16 units
        Assert.Equal(code.Length, MimeBundle.CodePointsToUtf16(code, code.Length - 1));
        Assert.Equal(code.Length - 1, MimeBundle.Utf16ToCodePoints(code, code.Length));
        for (int cp = 0; cp <= code.Length - 1; cp++)
            Assert.Equal(cp, MimeBundle.Utf16ToCodePoints(code, MimeBundle.CodePointsToUtf16(code, cp)));
    }

    [Fact]
    public void DisplayIds_BindUpdatesWithAnotherIdToTheirDisplay()
    {
        var ids = new DisplayIds();
        Assert.Equal("progress", ids.Produced("progress"));
        Assert.Equal("progress", ids.OfUpdate("progress"));      // same id: DisplayAs(...).Update(...)
        Assert.Equal("chart", ids.Produced("chart"));
        Assert.Equal("chart", ids.OfUpdate("helper-id"));         // display(...).Update(...) publishes another id
        Assert.Equal("chart", ids.OfUpdate("helper-id"));         // and keeps it
        Assert.Equal("progress", ids.OfUpdate("progress"));
        Assert.Equal("orphan", ids.OfUpdate("orphan"));           // nothing left to bind: passed through
    }

    [Fact]
    public void KernelSpec_StartsTheHostWithTheConnectionFileAndInterruptsByMessage()
    {
        var dir = Directory.CreateTempSubdirectory("kernels-").FullName;
        try
        {
            var folder = KernelSpec.Install(dir, "/opt/dotnet/dotnet", "/opt/kit/stabletune-notebooks.dll");
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;

            Assert.Equal(Path.Combine(dir, "stabletune-csharp"), folder);
            Assert.Equal(["/opt/dotnet/dotnet", "/opt/kit/stabletune-notebooks.dll", "jupyter", "--connection-file", "{connection_file}"],
                spec["argv"]!.AsArray().Select(a => (string?)a));
            Assert.Equal("C# (fine-tuning course)", (string?)spec["display_name"]);
            Assert.Equal("C#", (string?)spec["language"]);
            Assert.Equal("message", (string?)spec["interrupt_mode"]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("#!stabletune\nvar x = 1;", "complete")]
    [InlineData("if (x > 0) {", "incomplete")]
    [InlineData("var s = \"unterminated", "incomplete")]
    [InlineData("Console.WriteLine(1", "incomplete")]
    public void IsComplete_UsesTheCSharpScriptParser(string code, string status)
    {
        using var kernel = new Microsoft.DotNet.Interactive.CompositeKernel();
        Assert.Equal(status, new InteractiveBackend(kernel).IsComplete(code).Status);
    }
}

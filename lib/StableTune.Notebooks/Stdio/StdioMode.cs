namespace StableTune.Notebooks;

/// <summary>Placeholder until the stdio host lands.</summary>
static class StdioMode
{
    public static Task<int> RunAsync(string[] args) => throw new NotImplementedException();
}
static class ParserMode
{
    public static Task<int> RunAsync() => throw new NotImplementedException();
}

namespace StableTune.Tests;

/// <summary>
/// Tests that seed or draw from torch's process-wide random generator (model building, dropout) and assert exact
/// results. Marked <c>[Collection(TorchRandomCollection.Name)]</c>, they run alone, after the parallel tests, so no
/// other test can draw from the same generator in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch global random generator";
}

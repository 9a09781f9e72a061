using StableTune.Experiments;

namespace StableTune.Tests.Experiments;

public class ConfigNamesTests
{
    [Fact]
    public void ReadsBackTheValuesItWrites()
    {
        var name = $"{ConfigNames.Of("opt", "Adam")} {ConfigNames.Of("lr", 0.003)} {ConfigNames.Of("width", 64)}";
        Assert.Equal("opt=Adam lr=0.003 width=64", name);
        Assert.Equal("Adam", ConfigNames.Value(name, "opt"));
        Assert.Equal(0.003, ConfigNames.Number(name, "lr"));
        Assert.Equal(64, ConfigNames.Number(name, "width"));
        Assert.Null(ConfigNames.Value(name, "depth"));
        var error = Assert.Throws<ArgumentException>(() => ConfigNames.Number(name, "opt"));
        Assert.Contains("opt=", error.Message);
    }
}

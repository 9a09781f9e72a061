using StableTune.Runtime;

namespace StableTune.Tests.Runtime;

public class BudgetTests
{
    [Theory]
    [InlineData("quick", "quick")]
    [InlineData(" QUICK ", "quick")]
    [InlineData("full", "full")]
    [InlineData("", "full")]
    [InlineData(null, "full")]
    public void Parse_AcceptsTheTwoBudgetsAndDefaultsToFull(string? text, string expected) =>
        Assert.Equal(expected, Budget.Parse(text).Name);

    [Fact]
    public void Parse_RejectsOtherNamesNamingTheSource()
    {
        var error = Assert.Throws<ArgumentException>(() => Budget.Parse("medium", Budget.Variable));
        Assert.StartsWith("STABLETUNE_BUDGET is 'medium', but the budget must be 'quick' or 'full'.", error.Message);
    }

    [Fact]
    public void Pick_ChoosesByBudget()
    {
        Assert.Equal(2, Budget.Quick.Pick(2, 20));
        Assert.Equal(20, Budget.Full.Pick(2, 20));
        Assert.True(Budget.Quick.IsQuick);
        Assert.False(Budget.Full.IsQuick);
        Assert.Same(Budget.Quick, Budget.Parse("quick"));
    }
}

using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

public class AsffTextTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    [InlineData(512)]
    public void Fit_TextAtTheLimit_IsUntouched(int limit)
    {
        var text = new string('a', limit);

        Assert.Same(text, AsffText.Fit(text, limit));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    [InlineData(512)]
    public void Fit_TextOneOverTheLimit_IsCutVisiblyToTheLimit(int limit)
    {
        var fitted = AsffText.Fit(new string('a', limit + 1), limit);

        Assert.Equal(limit, fitted.Length);
        Assert.EndsWith("…", fitted, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NeverSplitsASurrogatePair()
    {
        var fitted = AsffText.Fit("abc😀😀", 5);

        Assert.Equal("abc…", fitted);
    }

    [Fact]
    public void FitTail_KeepsTheHeadWhole()
    {
        Assert.Equal("HEAD:ta…", AsffText.FitTail("HEAD:", "tail", 8));
    }

    [Fact]
    public void FitTail_HeadOverTheLimit_IsAProgrammingError()
    {
        Assert.Throws<InvalidOperationException>(() => AsffText.FitTail("too long", "", 3));
    }
}

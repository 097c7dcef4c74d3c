using System.Text;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>
/// Text cut to an ASFF limit stays valid UTF-16: Security Hub receives UTF-8 JSON, and a lone surrogate cannot be encoded
/// (System.Text.Json would write U+FFFD, changing a serial or cause an analyst reads).
/// </summary>
public sealed class TextCutToAsffLimitsTests
{
    [Fact]
    public void Fit_CutFallingBetweenTheHalvesOfAnEmoji_DropsTheWholeEmoji()
    {
        Assert.Equal("abc…", AsffText.Fit("abc😀d", 5));
    }

    [Fact]
    public void Fit_AtEveryLimit_KeepsTheLongestValidPrefixAndMarksTheCut()
    {
        const string text = "a😀bc😀😀d🎉e";

        for (var max = 1; max < text.Length; max++)
        {
            var fitted = AsffText.Fit(text, max);
            var kept = fitted[..^1];

            Assert.EndsWith(AsffText.Ellipsis.ToString(), fitted, StringComparison.Ordinal);
            Assert.InRange(fitted.Length, max - 1, max);
            Assert.StartsWith(kept, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Rune.ReplacementChar, kept.EnumerateRunes());
        }
    }

    [Fact]
    public void FitTail_HeadExactlyAtTheLimitAndNoTail_IsTheHeadWhole()
    {
        Assert.Equal("HEAD:", AsffText.FitTail("HEAD:", "", 5));
    }
}

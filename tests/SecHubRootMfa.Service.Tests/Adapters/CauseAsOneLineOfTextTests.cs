using SecHubRootMfa.Service.Adapters;

namespace SecHubRootMfa.Service.Tests.Adapters;

/// <summary>
/// What AWS, or a proxy in front of it, says about a failure reaches the finding and the log as one short line of plain
/// text: nothing a terminal or a log viewer would interpret, no markup, and a visible mark wherever text was left out.
/// </summary>
public sealed class CauseAsOneLineOfTextTests
{
    [Fact]
    public void TerminalControlCharacters_NeverReachTheLog()
    {
        // An escape sequence would recolour or rewrite an operator's terminal; a bell or NUL would corrupt a log line.
        Assert.Equal("[31mdenied [0m now", AwsErrors.Plain("\u001b[31mdenied\u0007\u001b[0m\0now"));
    }

    [Fact]
    public void WhitespaceAroundTheMessage_IsDropped()
    {
        Assert.Equal("Rate exceeded", AwsErrors.Plain("\r\n   Rate exceeded \t\r\n"));
    }

    [Fact]
    public void CharacterOutsideTheBasicPlane_IsKeptWhole()
    {
        Assert.Equal("key \U0001F511 lost", AwsErrors.Plain("key \U0001F511 lost"));
    }

    [Fact]
    public void HalfOfASurrogatePairAtEitherEnd_IsReplacedNeverPassedOn()
    {
        // A lone half is not text: JSON encoders and log pipelines reject or mangle it. (Written in the body, not as
        // InlineData: an attribute stores its strings as UTF-8, which cannot carry a lone half.)
        Assert.Equal("ends in half a pair \ufffd", AwsErrors.Plain("ends in half a pair \ud83d"));
        Assert.Equal("\ufffd starts with the second half", AwsErrors.Plain("\udd11 starts with the second half"));
    }

    [Fact]
    public void MessageEndingExactlyAtTheScanLimit_IsShownWithoutACutMark()
    {
        // 16 KiB are read; a message of exactly that length was read whole, even though only its last words remain.
        var message = new string(' ', (16 * 1024) - "Rate exceeded".Length) + "Rate exceeded";

        Assert.Equal("Rate exceeded", AwsErrors.Plain(message));
    }

    [Fact]
    public void MessageLongerThanTheScanLimit_IsMarkedAsCutEvenWhenWhatWasReadIsShort()
    {
        var message = new string(' ', (16 * 1024) - "Rate exceeded".Length) + "Rate exceeded, retry";

        Assert.Equal("Rate exceeded…", AwsErrors.Plain(message));
    }

    [Theory]
    [InlineData("<p>Member must have length &lt; 64</p>", "Member must have length < 64")]
    [InlineData("<?xml version=\"1.0\"?><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>", "Throttling Rate exceeded")]
    [InlineData("<!-- edge 7 -->Service Unavailable", "Service Unavailable")]
    [InlineData("Bad Gateway<br/>upstream reset", "Bad Gateway upstream reset")]
    [InlineData("<p>Gateway Timeout</p><p", "Gateway Timeout")]
    [InlineData("<b>x</b> 1 <2 and a < at the end <", "x 1 <2 and a < at the end <")]
    public void ErrorDocument_LosesItsMarkupAndKeepsItsWordsApart(string body, string expected)
    {
        Assert.Equal(expected, AwsErrors.Plain(body));
    }

    [Theory]
    [InlineData("<script>track()</script >Forbidden")]
    [InlineData("<STYLE type=\"text/css\">p { color: red }</Style>Forbidden")]
    [InlineData("<script src=\"/x.js\"></script><p>Forbidden</p>")]
    public void ScriptAndStyleInAnErrorPage_AreLeftOutWithTheirCode(string body)
    {
        Assert.Equal("Forbidden", AwsErrors.Plain(body));
    }
}

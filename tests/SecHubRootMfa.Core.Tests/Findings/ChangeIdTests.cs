using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>Consumers de-duplicate change events by their id: two different transitions must never share one.</summary>
public sealed class ChangeIdTests
{
    private const string FindingId = "sechubrootmfa/aws/111122223333/root-user-hardware-mfa";
    private static readonly DateTimeOffset At = new(2026, 11, 30, 11, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void ChangeId_TransitionsFromDifferentStatusesToTheSameStatus_HaveDifferentIds()
    {
        var fromPassed = new PendingChange(ComplianceStatus.Passed, ComplianceStatus.Failed, ReasonCode.NoRootMfa, At, At.AddHours(-1));
        var fromNotAvailable = fromPassed with { From = ComplianceStatus.NotAvailable };
        var fromNothing = fromPassed with { From = null };

        var ids = new[] { fromPassed, fromNotAvailable, fromNothing }.Select(c => c.ChangeId(FindingId)).ToList();

        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ChangeId_WithoutAFindingId_IsRefused_SinceItWouldBeTheSameForEveryAccount(string? findingId)
    {
        var change = new PendingChange(ComplianceStatus.Passed, ComplianceStatus.Failed, ReasonCode.NoRootMfa, At);

        Assert.ThrowsAny<ArgumentException>(() => change.ChangeId(findingId!));
    }
}

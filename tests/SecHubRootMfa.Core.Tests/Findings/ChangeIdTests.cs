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

    [Fact]
    public void ChangeId_EscalationAndTheWayBackFromTheSameStoredFinding_HaveDifferentIds()
    {
        // FAILED/HIGH -> FAILED/CRITICAL and FAILED/CRITICAL -> FAILED/HIGH are two events; one id would make a
        // consumer drop the second as a duplicate.
        var worse = new PendingChange(ComplianceStatus.Failed, ComplianceStatus.Failed, ReasonCode.NoRootMfa, At, At.AddHours(-1), ReasonCode.VirtualMfaOnRoot);
        var better = worse with { Reason = ReasonCode.VirtualMfaOnRoot, FromReason = ReasonCode.NoRootMfa };

        Assert.NotEqual(worse.ChangeId(FindingId), better.ChangeId(FindingId));
    }

    [Fact]
    public void ChangeId_ChangesWithinAStatusThatDifferOnlyInTheReasonBefore_HaveDifferentIds()
    {
        var fromHardware = new PendingChange(ComplianceStatus.Passed, ComplianceStatus.Passed, ReasonCode.RootCredentialsAbsent, At, At.AddHours(-1),
            ReasonCode.HardwareMfa);
        var fromLevel1 = fromHardware with { FromReason = ReasonCode.Level1VirtualMfaAccepted };
        var fromUnknown = fromHardware with { FromReason = null };

        var ids = new[] { fromHardware, fromLevel1, fromUnknown }.Select(c => c.ChangeId(FindingId)).ToList();

        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ChangeId_OfAChangeWithinAStatus_IsTheSameInEveryVersionThatRedeliversIt()
    {
        // An outbox written now may be delivered by the next version: the id must not depend on anything but the stored
        // entry, or consumers would see the same escalation twice under two ids.
        var escalation = new PendingChange(ComplianceStatus.Failed, ComplianceStatus.Failed, ReasonCode.NoRootMfa, At, At.AddHours(-1),
            ReasonCode.VirtualMfaOnRoot);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{FindingId}\nFAILED\nFAILED\n2026-11-30T10:00:00.123Z\nVIRTUAL_MFA_ON_ROOT>NO_ROOT_MFA")).AsSpan(0, 16));

        Assert.Equal(expected, escalation.ChangeId(FindingId));
        Assert.Equal(expected, Assert.Single(ChangeOutbox.Parse(escalation.Encode(), out _)).ChangeId(FindingId));
    }
}

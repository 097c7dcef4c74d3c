using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

public class ChangeOutboxTests
{
    private const string FindingId = "sechubrootmfa/aws/111122223333/root-user-hardware-mfa";
    private static readonly DateTimeOffset At = new(2026, 11, 30, 11, 0, 0, 123, TimeSpan.Zero);

    private static RootMfaEvaluation Evaluation(ComplianceStatus status, ReasonCode reason, DateTimeOffset at) =>
        new("111122223333", AwsPartition.Aws, PolicyProfile.Level2, status, SeverityLabel.High, reason, null, [], null, at);

    [Fact]
    public void Advance_StatusChanged_AddsTheTransitionAfterThePendingOnes()
    {
        var pending = ChangeOutbox.Advance([], ComplianceStatus.Passed, At.AddHours(-1), Evaluation(ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, At), out _);
        pending = ChangeOutbox.Advance(pending, ComplianceStatus.Failed, At, Evaluation(ComplianceStatus.Passed, ReasonCode.HardwareMfa, At.AddMinutes(5)), out _);

        Assert.Equal(["PASSED>FAILED:VIRTUAL_MFA_ON_ROOT@2026-11-30T11:00:00.123Z~2026-11-30T10:00:00.123Z",
                "FAILED>PASSED:HARDWARE_MFA@2026-11-30T11:05:00.123Z~2026-11-30T11:00:00.123Z"],
            pending.Select(p => p.Encode()));
    }

    [Fact]
    public void Advance_ReasonChangedWithinAStatus_AddsTheEscalationNamingTheReasonBefore()
    {
        var pending = ChangeOutbox.Advance([], ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, At.AddHours(-1),
            Evaluation(ComplianceStatus.Failed, ReasonCode.NoRootMfa, At), out _);

        var change = Assert.Single(pending);
        Assert.Equal("FAILED/VIRTUAL_MFA_ON_ROOT>FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.123Z~2026-11-30T10:00:00.123Z", change.Encode());
        Assert.Equal((SeverityLabel.High, SeverityLabel.Critical), (change.FromSeverity!.Value, change.Severity));
    }

    [Fact]
    public void Advance_StoredFindingWithAReasonButAStatusWeDoNotWrite_RecordsAFirstVerdictThatIsReadBack()
    {
        // A stored finding whose Compliance.Status is not ours (WARNING, or missing) still carries our ReasonCode field.
        // The transition must be stored in a form the next run can read, or its change event would be lost.
        var pending = ChangeOutbox.Advance([], null, ReasonCode.NoRootMfa, At.AddHours(-1), Evaluation(ComplianceStatus.Failed, ReasonCode.NoRootMfa, At), out _);

        var change = Assert.Single(pending);
        Assert.Equal("NONE>FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.123Z", change.Encode());
        Assert.Equal(pending, ChangeOutbox.Parse(ChangeOutbox.Encode(pending), out var unreadable));
        Assert.Equal(0, unreadable);
    }

    [Fact]
    public void Advance_SameStatusAndReason_OrReasonBeforeUnknown_AddsNothing()
    {
        Assert.Empty(ChangeOutbox.Advance([], ComplianceStatus.Failed, ReasonCode.NoRootMfa, At, Evaluation(ComplianceStatus.Failed, ReasonCode.NoRootMfa, At), out _));
        Assert.Empty(ChangeOutbox.Advance([], ComplianceStatus.Failed, null, At, Evaluation(ComplianceStatus.Failed, ReasonCode.NoRootMfa, At), out _));
    }

    [Fact]
    public void Parse_EntriesAnOlderVersionWrote_AreReadAndKeepTheirIds()
    {
        const string Old = "PASSED>FAILED:VIRTUAL_MFA_ON_ROOT@2026-11-30T11:00:00.123Z~2026-11-30T10:00:00.123Z;NONE>PASSED:HARDWARE_MFA@2026-11-30T09:00:00.000Z";

        var parsed = ChangeOutbox.Parse(Old, out var unreadable);

        Assert.Equal(0, unreadable);
        Assert.Equal([null, null], parsed.Select(p => p.FromReason));
        Assert.Equal(Old, ChangeOutbox.Encode(parsed));
        var oldId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{FindingId}\nPASSED\nFAILED\n2026-11-30T10:00:00.123Z")).AsSpan(0, 16));
        Assert.Equal(oldId, parsed[0].ChangeId(FindingId));
    }

    [Fact]
    public void Advance_TheLongestEntriesThereAre_StillFitAFullOutboxInOneProductFieldsValue()
    {
        // NOT_AVAILABLE/ROOT_NOT_APPLICABLE_GOVCLOUD <-> PASSED/LEVEL1_VIRTUAL_MFA_ACCEPTED: the longest status and reason
        // names on both sides, 16 times. (Should a longer name come, the oldest entries are dropped and counted instead.)
        IReadOnlyList<PendingChange> pending = [];
        var dropped = 0;
        var (status, reason) = (ComplianceStatus.NotAvailable, ReasonCode.RootNotApplicableGovCloud);
        for (var i = 0; i < ChangeOutbox.Capacity; i++)
        {
            var next = status == ComplianceStatus.NotAvailable
                ? (ComplianceStatus.Passed, ReasonCode.Level1VirtualMfaAccepted)
                : (ComplianceStatus.NotAvailable, ReasonCode.RootNotApplicableGovCloud);
            pending = ChangeOutbox.Advance(pending, status, reason, At.AddMinutes(i - 1), Evaluation(next.Item1, next.Item2, At.AddMinutes(i)), out var d);
            dropped += d;
            (status, reason) = next;
        }

        Assert.Equal((ChangeOutbox.Capacity, 0), (pending.Count, dropped));
        Assert.True(ChangeOutbox.Encode(pending)!.Length <= AsffLimits.ProductFieldValue, $"{ChangeOutbox.Encode(pending)!.Length}");
        Assert.Equal(pending, ChangeOutbox.Parse(ChangeOutbox.Encode(pending), out _));
    }

    [Fact]
    public void Advance_StatusUnchanged_AddsNothing()
    {
        var pending = ChangeOutbox.Advance([], ComplianceStatus.Passed, At, Evaluation(ComplianceStatus.Passed, ReasonCode.HardwareMfa, At), out var dropped);

        Assert.Empty(pending);
        Assert.Equal(0, dropped);
    }

    [Fact]
    public void Advance_FullOutbox_KeepsTheNewestAndCountsTheDropped()
    {
        IReadOnlyList<PendingChange> pending = [];
        var status = ComplianceStatus.Passed;
        var dropped = 0;
        for (var i = 0; i < ChangeOutbox.Capacity + 2; i++)
        {
            var next = status == ComplianceStatus.Passed ? ComplianceStatus.Failed : ComplianceStatus.Passed;
            pending = ChangeOutbox.Advance(pending, status, At.AddMinutes(i - 1), Evaluation(next, ReasonCode.NoRootMfa, At.AddMinutes(i)), out var d);
            dropped += d;
            status = next;
        }

        Assert.Equal(ChangeOutbox.Capacity, pending.Count);
        Assert.Equal(2, dropped);
        Assert.Equal(At.AddMinutes(ChangeOutbox.Capacity + 1), pending[^1].ObservedAt);
    }

    [Fact]
    public void ParseOfEncode_RoundTripsEveryTransitionIncludingTheFirstEver()
    {
        IReadOnlyList<PendingChange> pending =
        [
            new(null, ComplianceStatus.NotAvailable, ReasonCode.EvaluationError, At),
            new(ComplianceStatus.NotAvailable, ComplianceStatus.Passed, ReasonCode.HardwareMfaWithVirtual, At.AddSeconds(1), At),
        ];

        var parsed = ChangeOutbox.Parse(ChangeOutbox.Encode(pending), out var unreadable);

        Assert.Equal(pending, parsed);
        Assert.Equal(0, unreadable);
    }

    [Theory]
    [InlineData("PASSED>FAILED:NO_ROOT_MFA@yesterday")]
    [InlineData("MAYBE>FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.000Z")]
    [InlineData("PASSED>FAILED:SOMETHING_ELSE@2026-11-30T11:00:00.000Z")]
    [InlineData("<html><body>proxy error</body></html>")]
    [InlineData("")]
    [InlineData("PASSED>FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.000Z~not-a-time")]
    [InlineData("PASSED:NO_ROOT_MFA@2026-11-30T11:00:00.000Z")] // parts out of order: skipped, never a crash
    [InlineData("NONE:PASSED>NO_ROOT_MFA@2026-11-30T11:00:00.000Z")]
    [InlineData("NONE>PASSED@2026-11-30T11:00:00.000Z")]
    [InlineData("NONE:PASSED@2026-11-30T11:00:00.000Z>NO_ROOT_MFA")]
    [InlineData("NONE/NO_ROOT_MFA>FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.000Z")] // a reason before, but no finding before
    [InlineData("FAILED/SOMETHING_ELSE>FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.000Z")] // not read as an older version's entry
    public void Parse_EntryWeCannotRead_IsCountedAndLeftOutNeverGuessed(string bad)
    {
        var parsed = ChangeOutbox.Parse($"NONE>PASSED:HARDWARE_MFA@2026-11-30T10:00:00.000Z;{bad}", out var unreadable);

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(parsed).To);
        Assert.Equal(1, unreadable);
    }

    [Fact]
    public void ChangeId_IsStablePerTransitionAndDiffersBetweenTransitionsAndFindings()
    {
        var change = new PendingChange(ComplianceStatus.Passed, ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, At, At.AddHours(-1));
        var reparsed = Assert.Single(ChangeOutbox.Parse(change.Encode(), out _));

        Assert.Equal(change.ChangeId(FindingId), reparsed.ChangeId(FindingId));
        Assert.Matches("^[0-9a-f]{32}$", change.ChangeId(FindingId));
        Assert.NotEqual(change.ChangeId(FindingId), (change with { Since = At }).ChangeId(FindingId));
        Assert.NotEqual(change.ChangeId(FindingId), (change with { To = ComplianceStatus.NotAvailable }).ChangeId(FindingId));
        Assert.NotEqual(change.ChangeId(FindingId), change.ChangeId(FindingId.Replace("1111", "2222", StringComparison.Ordinal)));
    }

    [Fact]
    public void ChangeId_TwoRunsRacingFromTheSameStoredFindingToTheSameStatus_DeriveTheSameId()
    {
        var a = new PendingChange(null, ComplianceStatus.Failed, ReasonCode.NoRootMfa, At);
        var b = new PendingChange(null, ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, At.AddMilliseconds(7));

        Assert.Equal(a.ChangeId(FindingId), b.ChangeId(FindingId));
    }

    [Fact]
    public void Read_FieldsWrittenByTheBuilder_GiveBackTheRunOutboxAndSignIn()
    {
        var signIn = new RootSignInEvidence(At.AddDays(-1), true, "GAHT12345678");
        var pending = new PendingChange(ComplianceStatus.Passed, ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, At);
        var finding = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", "111122223333", "0.1.0")).Build(
            Evaluation(ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, At), FindingHistory.None, "EnableMFADevice", signIn,
            new FindingBookkeeping("run-1", [pending], Revision: 1));

        var stored = FindingFields.Read(finding.ProductFields);

        Assert.Equal(("run-1", pending, signIn.At), (stored.RunId, Assert.Single(stored.PendingChanges), stored.LastRootSignIn!.At));
        Assert.Equal("2026-11-30T11:00:00.124Z", finding.UpdatedAt);
        Assert.Equal("2026-11-30T11:00:00.123Z", finding.LastObservedAt);
    }
}

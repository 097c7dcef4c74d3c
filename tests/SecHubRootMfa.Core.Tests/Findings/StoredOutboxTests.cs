using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>
/// The outbox is read back from a stored finding, which came from outside this process: whatever it holds, the check
/// goes on, counts what it cannot read, and writes back an outbox that fits the finding.
/// </summary>
public sealed class StoredOutboxTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NoStoredOutbox_HasNothingPendingAndNothingUnreadable(string? stored)
    {
        Assert.Empty(ChangeOutbox.Parse(stored, out var unreadable));
        Assert.Equal(0, unreadable);
    }

    [Fact]
    public void Parse_StoredOutboxLongerThanTheCapacity_KeepsTheNewestSoTheWrittenBackOutboxFits()
    {
        var start = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, ChangeOutbox.Capacity + 2).Select(i =>
            new PendingChange(i % 2 == 0 ? ComplianceStatus.Passed : ComplianceStatus.Failed,
                i % 2 == 0 ? ComplianceStatus.Failed : ComplianceStatus.Passed, ReasonCode.NoRootMfa, start.AddMinutes(i))).ToList();

        var parsed = ChangeOutbox.Parse(string.Join(';', entries.Select(e => e.Encode())), out var unreadable);

        Assert.Equal(entries.Skip(2), parsed);
        Assert.Equal(0, unreadable);
    }

    [Fact]
    public void Encode_NothingPending_IsNullAndTheFindingCarriesNoOutboxKey()
    {
        var evaluation = new RootMfaEvaluation("111122223333", AwsPartition.Aws, PolicyProfile.Level2, ComplianceStatus.Passed,
            SeverityLabel.Informational, ReasonCode.HardwareMfa, null, [], null, new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

        var finding = new RootMfaFindingBuilder(new DeploymentContext("eu-west-1", "111122223333")).Build(
            evaluation, FindingHistory.None, "Scheduled Event", null, new FindingBookkeeping("run-1", []));

        Assert.Null(ChangeOutbox.Encode([]));
        Assert.DoesNotContain(FindingFields.PendingChangesKey, finding.ProductFields!.Keys);
        Assert.Equal("run-1", finding.ProductFields[FindingFields.RunIdKey]);
    }
}

using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalTimeZoneGroup
{
    public const string Name = "process-wide local time zone";
}

/// <summary>
/// The CLI runs on laptops in any time zone and reads the same stored finding the function wrote in UTC: the times it
/// reads back, and so the change ids derived from them, must not depend on the machine's zone.
/// </summary>
[Collection(LocalTimeZoneGroup.Name)]
public sealed class StoredTimesInAnyTimeZoneTests : IDisposable
{
    private const string FindingId = "sechubrootmfa/aws/111122223333/root-user-hardware-mfa";
    private readonly string? _savedTz = Environment.GetEnvironmentVariable("TZ");

    public StoredTimesInAnyTimeZoneTests()
    {
        Environment.SetEnvironmentVariable("TZ", "Asia/Tokyo");
        TimeZoneInfo.ClearCachedData();
        Assert.Equal(TimeSpan.FromHours(9), TimeZoneInfo.Local.BaseUtcOffset);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _savedTz);
        TimeZoneInfo.ClearCachedData();
    }

    [Fact]
    public void Parse_OutboxReadOutsideUtc_KeepsTheInstantsAndTheChangeId()
    {
        var observed = new DateTimeOffset(2026, 11, 30, 11, 0, 0, 123, TimeSpan.Zero);
        var written = new PendingChange(ComplianceStatus.Passed, ComplianceStatus.Failed, ReasonCode.NoRootMfa, observed, observed.AddHours(-1));

        var read = Assert.Single(ChangeOutbox.Parse(written.Encode(), out _));

        Assert.Equal(observed.UtcDateTime, read.ObservedAt.UtcDateTime);
        Assert.Equal(observed.AddHours(-1).UtcDateTime, read.Since!.Value.UtcDateTime);
        Assert.Equal(written.ChangeId(FindingId), read.ChangeId(FindingId));
    }

    [Fact]
    public void Time_StoredTimestampWithoutAZone_IsReadAsUtcLikeSecurityHubMeansIt()
    {
        Assert.Equal(new DateTime(2026, 11, 30, 11, 0, 0, DateTimeKind.Utc), FindingFields.Time("2026-11-30T11:00:00.000")!.Value.UtcDateTime);
        Assert.Equal(new DateTime(2026, 11, 30, 11, 0, 0, DateTimeKind.Utc), FindingFields.Time("2026-11-30T11:00:00.000Z")!.Value.UtcDateTime);
    }
}

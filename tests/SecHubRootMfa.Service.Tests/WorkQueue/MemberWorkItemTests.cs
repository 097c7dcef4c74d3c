using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Tests.WorkQueue;

/// <summary>The organization run queue's message: one member of one run, read back as strictly as a re-check.</summary>
public sealed class MemberWorkItemTests
{
    private const string RunId = "20261130T110000Z-5f3a9c1e";
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private static WorkItemReading Read(string body) => WorkItemCodec.Read(body, Clock, TimeSpan.FromMinutes(5));

    [Fact]
    public void WriteThenRead_RoundTripsAMemberWithItsRunAndName()
    {
        var item = new MemberWorkItem(RunId, "111122223333", "payments-prod", "Scheduled Event", true, new DateTimeOffset(2026, 11, 30, 11, 0, 0, 250, TimeSpan.Zero));

        var body = WorkItemCodec.Write(item);

        Assert.Equal("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","accountName":"payments-prod","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.250Z"}""", body);
        var reading = Read(body);
        Assert.Equal(item, reading.Member);
        Assert.Null(reading.Item);
        Assert.Null(reading.Error);
    }

    [Fact]
    public void Read_AccountNameNull_IsAMemberWithoutAName()
    {
        var reading = Read($$"""{"version":1,"kind":"member","runId":"{{RunId}}","accountId":"111122223333","accountName":null,"trigger":"DirectInvocation","checkEventPath":false,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""");

        Assert.Null(reading.Member!.AccountName);
        Assert.False(reading.Member.CheckEventPath);
    }

    [Theory]
    [InlineData("""{"version":1,"kind":"member","runId":"2026-11-30","accountId":"111122223333","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "runId '2026-11-30' is not a run id")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5F3A9C1E","accountId":"111122223333","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "is not a run id")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"11112222333","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "is not a 12-digit account id")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","accountName":"a\u0007b","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "accountName is not 1-50 printable ASCII")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","accountName":7,"trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "accountName is not")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","trigger":"Scheduled\nEvent","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "is not a run trigger")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","trigger":"Scheduled Event","checkEventPath":"yes","enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "checkEventPath must be true or false")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","trigger":"Scheduled Event","checkEventPath":true}""", "enqueuedAt is missing")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T13:00:00.000Z"}""", "lies in the future")]
    [InlineData("""{"version":1,"kind":"member","runId":"20261130T110000Z-5f3a9c1e","accountId":"111122223333","trigger":"Scheduled Event","checkEventPath":true,"enqueuedAt":"2026-11-30T11:00:00.000Z","eventTime":null}""", "unexpected field 'eventTime' in a member")]
    public void Read_AMemberNotOfTheDocumentedForm_IsRefusedWithItsReason(string body, string reason)
    {
        var reading = Read(body);

        Assert.Null(reading.Member);
        Assert.Null(reading.Item);
        Assert.Contains(reason, reading.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AnAccountNameOrRunIdReadWouldRefuse_Throws()
    {
        var at = Clock.GetUtcNow();

        Assert.Throws<ArgumentException>(() => WorkItemCodec.Write(new MemberWorkItem("run-1", "111122223333", null, "Scheduled Event", true, at)));
        Assert.Throws<ArgumentException>(() => WorkItemCodec.Write(new MemberWorkItem(RunId, "111122223333", new string('x', 51), "Scheduled Event", true, at)));
        Assert.Throws<ArgumentException>(() => WorkItemCodec.Write(new MemberWorkItem(RunId, "111122223333", null, " Scheduled", true, at)));
    }

    [Fact]
    public void RunId_New_IsValidSortsByStartAndDiffersPerRun()
    {
        var first = OrgRunId.New(Clock);
        var again = OrgRunId.New(Clock);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var later = OrgRunId.New(Clock);

        Assert.StartsWith("20261130T120000Z-", first, StringComparison.Ordinal);
        Assert.True(OrgRunId.IsValid(first));
        Assert.NotEqual(first, again);
        Assert.True(string.CompareOrdinal(first[..16], later[..16]) < 0);
        Assert.False(OrgRunId.IsValid("20261330T120000Z-5f3a9c1e"), "month 13");
        Assert.False(OrgRunId.IsValid(null));
    }
}

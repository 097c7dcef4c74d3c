using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Tests.WorkQueue;

/// <summary>The work queue's message format: written small and versioned, read back as strictly as any outside input.</summary>
public sealed class WorkItemCodecTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private static WorkItemReading Read(string body) => WorkItemCodec.Read(body, Clock, TimeSpan.FromMinutes(5));

    [Fact]
    public void WriteThenRead_RoundTripsARecheckAtMillisecondPrecision()
    {
        var item = new RecheckWorkItem("111122223333", "DeactivateMFADevice",
            new DateTimeOffset(2026, 11, 30, 11, 0, 0, 123, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 11, 0, 5, 456, TimeSpan.Zero));

        var body = WorkItemCodec.Write(item);

        Assert.Equal("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice","eventTime":"2026-11-30T11:00:00.123Z","enqueuedAt":"2026-11-30T11:00:05.456Z"}""", body);
        Assert.Equal(item, Read(body).Item);
    }

    [Fact]
    public void Read_EventTimeNull_IsARecheckWithoutOne()
    {
        var reading = Read("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice","eventTime":null,"enqueuedAt":"2026-11-30T11:00:00.000Z"}""");

        Assert.Null(reading.Item!.EventTime);
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{"version":"1","kind":"recheck"}""", "version must be the number 1")]
    [InlineData("""{"version":2,"kind":"recheck"}""", "version must be the number 1")]
    [InlineData("""{"version":1}""", "kind is missing")]
    [InlineData("""{"version":1,"kind":"recheck","kind":"recheck"}""", "the body is not JSON")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice","enqueuedAt":"2026-11-30T11:00:00Z"}""", "is not a time such as")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"DeactivateMFADevice","enqueuedAt":"2026-11-30T11:00:00.000Z","eventTime":"2026-12-01T11:00:00.000Z"}""", "eventTime 2026-12-01T11:00:00.000Z lies in the future")]
    [InlineData("""{"version":1,"kind":"recheck","accountId":"111122223333","trigger":"x\ud800","enqueuedAt":"2026-11-30T11:00:00.000Z"}""", "not valid UTF-16")]
    public void Read_AnythingElse_IsRefusedWithABoundedReason(string body, string reason)
    {
        var reading = Read(body);

        Assert.Null(reading.Item);
        Assert.Contains(reason, reading.Error, StringComparison.Ordinal);
        Assert.True(reading.Error!.Length < 300 && !reading.Error.Any(char.IsControl), reading.Error);
    }

    [Fact]
    public void Read_OversizedBody_IsRefusedBeforeParsing()
    {
        Assert.Contains("larger than", Read(new string(' ', WorkItemCodec.MaxBodyBytes + 1) + "{}").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AnItemReadWouldRefuse_Throws()
    {
        Assert.Throws<ArgumentException>(() => WorkItemCodec.Write(new RecheckWorkItem("1111", "DeactivateMFADevice", null, Clock.GetUtcNow())));
        Assert.Throws<ArgumentException>(() => WorkItemCodec.Write(new RecheckWorkItem("111122223333", "Deactivate MFA", null, Clock.GetUtcNow())));
    }
}

using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.Tests.SecurityHub;

public class SecurityHubRequestLimiterTests
{
    private static readonly TimeSpan Tenth = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static List<Task> Acquire(SecurityHubRequestLimiter limiter, int count, string account = "111122223333", string region = "eu-west-1") =>
        Enumerable.Range(0, count).Select(_ => limiter.AcquireAsync(account, region, CancellationToken.None).AsTask()).ToList();

    [Fact]
    public void Acquire_TenAtOnce_AllGoWithoutWaiting()
    {
        var limiter = new SecurityHubRequestLimiter(_time);

        var slots = Acquire(limiter, SecurityHubRequestLimiter.RequestsPerSecond);

        Assert.All(slots, s => Assert.True(s.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task Acquire_BeyondTheBurst_GrantsOneSlotPerTenthOfASecondInArrivalOrder()
    {
        var limiter = new SecurityHubRequestLimiter(_time);
        _ = Acquire(limiter, 10);

        var waiting = Acquire(limiter, 3);

        Assert.All(waiting, s => Assert.False(s.IsCompleted));
        _time.Advance(Tenth);
        await waiting[0].WaitAsync(Patience);
        Assert.False(waiting[1].IsCompleted);
        _time.Advance(Tenth);
        await waiting[1].WaitAsync(Patience);
        Assert.False(waiting[2].IsCompleted);
        _time.Advance(Tenth);
        await waiting[2].WaitAsync(Patience);
    }

    [Fact]
    public async Task Acquire_ThirtyRequests_TakeTwoSecondsNotLess()
    {
        var limiter = new SecurityHubRequestLimiter(_time);

        var slots = Acquire(limiter, 30);

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.WhenAll(slots.Take(29)).WaitAsync(Patience);
        Assert.False(slots[^1].IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await slots[^1].WaitAsync(Patience);
    }

    [Fact]
    public async Task Acquire_HalfASecondAfterTheBurst_FiveSlotsAreBackAndTheSixthWaits()
    {
        var limiter = new SecurityHubRequestLimiter(_time);
        _ = Acquire(limiter, 10);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        var slots = Acquire(limiter, 6);

        Assert.All(slots.Take(5), s => Assert.True(s.IsCompletedSuccessfully));
        Assert.False(slots[5].IsCompleted);
        _time.Advance(Tenth);
        await slots[5].WaitAsync(Patience);
    }

    [Fact]
    public void Acquire_OtherAccountOrRegion_HasItsOwnQuota()
    {
        var limiter = new SecurityHubRequestLimiter(_time);
        _ = Acquire(limiter, 10);

        var otherAccount = Acquire(limiter, 10, account: "444455556666");
        var otherRegion = Acquire(limiter, 10, region: "us-east-1");

        Assert.All(otherAccount.Concat(otherRegion), s => Assert.True(s.IsCompletedSuccessfully));
        Assert.False(Acquire(limiter, 1).Single().IsCompleted);
    }

    [Fact]
    public void Acquire_AfterAnIdleSecond_TheWholeBurstIsBack()
    {
        var limiter = new SecurityHubRequestLimiter(_time);
        _ = Acquire(limiter, 10);

        _time.Advance(TimeSpan.FromSeconds(1));
        var slots = Acquire(limiter, 10);

        Assert.All(slots, s => Assert.True(s.IsCompletedSuccessfully));
    }

    [Fact]
    public void Acquire_ThousandsOfAccounts_EachKeepsItsOwnQuotaWhileOldEntriesArePruned()
    {
        var limiter = new SecurityHubRequestLimiter(_time);
        var accounts = Enumerable.Range(0, 3000).Select(i => (100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var first = accounts.SelectMany(a => Acquire(limiter, 10, account: a)).ToList();
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = accounts.SelectMany(a => Acquire(limiter, 10, account: a)).ToList();

        Assert.All(first.Concat(second), s => Assert.True(s.IsCompletedSuccessfully));
        Assert.All(accounts.Take(50), a => Assert.False(Acquire(limiter, 1, account: a).Single().IsCompleted));
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_ThrowsAndNeverLetsALaterCallerGoEarly()
    {
        var limiter = new SecurityHubRequestLimiter(_time);
        _ = Acquire(limiter, 10);
        using var cancel = new CancellationTokenSource();

        var cancelled = limiter.AcquireAsync("111122223333", "eu-west-1", cancel.Token).AsTask();
        var next = Acquire(limiter, 1).Single();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        _time.Advance(Tenth);
        Assert.False(next.IsCompleted);
        _time.Advance(Tenth);
        await next.WaitAsync(Patience);
    }

    [Fact]
    public async Task RateLimitedClient_EleventhCallInASecond_ReachesSecurityHubOnlyAfterItsSlot()
    {
        var inner = Substitute.For<IAmazonSecurityHub>();
        inner.GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(new GetFindingsResponse());
        var hub = new RateLimitedSecurityHub(inner, new SecurityHubRequestLimiter(_time), "111122223333", "eu-west-1");

        var calls = Enumerable.Range(0, 11).Select(_ => hub.GetFindingsAsync(new GetFindingsRequest())).ToList();

        await Task.WhenAll(calls.Take(10)).WaitAsync(Patience);
        await inner.Received(10).GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>());
        _time.Advance(Tenth);
        await calls[10].WaitAsync(Patience);
        await inner.Received(11).GetFindingsAsync(Arg.Any<GetFindingsRequest>(), Arg.Any<CancellationToken>());
    }
}

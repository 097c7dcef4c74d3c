using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Tests.Organization;

/// <summary>
/// A run's start: the accounts are listed page by page; a small organization comes back to be evaluated in-process, a
/// larger one is queued member by member, ten per batch, while later pages still load.
/// </summary>
public sealed class OrgRunDispatcherTests
{
    private const string RunId = "20261128T040000Z-0a1b2c3d";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));
    private readonly RecordingFanOut _queue = new();

    private static List<AccountListing> Pages(int accounts, int perPage = 20) =>
        [.. Enumerable.Range(0, accounts).Select(i => new MemberAccount((100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), $"acct-{i}"))
            .Chunk(perPage).Select(p => new AccountListing(p, []))];

    private OrgRunDispatcher Dispatcher(IAccountDirectory directory) => new(directory, _queue, _clock, new OrgFanOutOptions());

    [Fact]
    public async Task Dispatch_AsManyMembersAsTheLimit_ComesBackWholeForAnInProcessRunAndQueuesNothing()
    {
        var directory = new PagedDirectory([.. Pages(45), new AccountListing([], [new SkippedAccount("999999999999", "account state is SUSPENDED")])]);

        var dispatch = await Dispatcher(directory).DispatchAsync(RunId, "Scheduled Event", true, inProcessLimit: 45, CancellationToken.None);

        Assert.Equal(45, dispatch.InProcess!.Active.Count);
        Assert.Equal((0, 45, 1), (dispatch.Enqueued, dispatch.Listed, dispatch.Skipped.Count));
        Assert.Empty(_queue.Sent);
    }

    [Fact]
    public async Task Dispatch_OneMemberMoreThanTheLimit_QueuesEveryMemberOnceInBatchesOfAtMostTen()
    {
        var directory = new PagedDirectory([.. Pages(46), new AccountListing([new MemberAccount("100000000000")], [])]);

        var dispatch = await Dispatcher(directory).DispatchAsync(RunId, "Scheduled Event", true, inProcessLimit: 45, CancellationToken.None);

        Assert.Null(dispatch.InProcess);
        Assert.Equal((46, 46), (dispatch.Enqueued, dispatch.Listed));
        var sent = _queue.Sent.ToList();
        Assert.All(sent, b => Assert.InRange(b.Count, 1, IMemberFanOut.MaxBatch));
        var members = sent.SelectMany(b => b).ToList();
        Assert.Equal(46, members.Count);
        Assert.Equal(46, members.Select(m => m.AccountId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(members, m => Assert.Equal((RunId, "Scheduled Event", true), (m.RunId, m.Trigger, m.CheckEventPath)));
        Assert.Equal("acct-7", members.Single(m => m.AccountId == "100000000007").AccountName);
    }

    [Fact]
    public async Task Dispatch_ALargeOrganization_SendsWhileLaterPagesAreStillLoading()
    {
        // The second page is held until a batch of the first page has been sent: a dispatcher that waited for the whole
        // list before sending would never get there.
        var firstBatchSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.OnSend = () => firstBatchSent.TrySetResult();
        var directory = new PagedDirectory(Pages(40)) { BeforePage = page => page == 1 ? firstBatchSent.Task : Task.CompletedTask };

        var dispatch = await Dispatcher(directory).DispatchAsync(RunId, "Scheduled Event", true, inProcessLimit: 0, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(40, dispatch.Enqueued);
    }

    [Fact]
    public async Task Dispatch_AMemberThatCannotBeQueued_FailsTheRunAfterTheSendsInFlightEnd()
    {
        _queue.FailOn = "100000000025";

        var error = await Assert.ThrowsAsync<AwsCallException>(() =>
            Dispatcher(new PagedDirectory(Pages(60))).DispatchAsync(RunId, "Scheduled Event", true, inProcessLimit: 0, CancellationToken.None));

        Assert.Contains("100000000025", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _queue.InFlight);
    }

    [Fact]
    public async Task Dispatch_APageThatCannotBeRead_FailsTheRunAndLeavesNoSendRunning()
    {
        var directory = new PagedDirectory(Pages(60)) { FailAtPage = 2 };

        await Assert.ThrowsAsync<AwsCallException>(() =>
            Dispatcher(directory).DispatchAsync(RunId, "Scheduled Event", true, inProcessLimit: 0, CancellationToken.None));

        Assert.Equal(0, _queue.InFlight);
        Assert.Equal(40, _queue.Sent.Sum(b => b.Count));
    }

    [Theory]
    [InlineData(900, 16, 1800)]
    [InlineData(900, 1, 112)]
    [InlineData(60, 16, 120)]
    [InlineData(0, 16, 0)]
    public void InProcessLimit_FollowsRemainingTimeConcurrencyAndThePerAccountBudget(int remainingSeconds, int concurrency, int limit) =>
        Assert.Equal(limit, new OrgFanOutOptions().InProcessLimit(TimeSpan.FromSeconds(remainingSeconds), concurrency));

    [Theory]
    [InlineData(1, 0.0, 15)]
    [InlineData(1, 0.999, 30)]
    [InlineData(2, 0.999, 60)]
    [InlineData(4, 0.999, 240)]
    [InlineData(7, 0.999, 900)]
    [InlineData(40, 0.0, 450)]
    public void RetryDelay_DoublesPerReceiveWithJitterUpToTheCap(int receiveCount, double jitter, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new OrgFanOutOptions().RetryDelay(receiveCount, jitter));

    private sealed class PagedDirectory(IReadOnlyList<AccountListing> pages) : IAccountDirectory
    {
        public Func<int, Task> BeforePage { get; init; } = _ => Task.CompletedTask;

        public int FailAtPage { get; init; } = -1;

        public Task<AccountListing> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccountListing([.. pages.SelectMany(p => p.Active)], [.. pages.SelectMany(p => p.Skipped)]));

        public async IAsyncEnumerable<AccountListing> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < pages.Count; i++)
            {
                await BeforePage(i);
                if (i == FailAtPage)
                {
                    throw new AwsCallException(AwsFailureKind.Transient, "organizations:ListAccounts failed: TooManyRequestsException");
                }

                yield return pages[i];
            }
        }
    }

    private sealed class RecordingFanOut : IMemberFanOut
    {
        private int _inFlight;

        public ConcurrentQueue<IReadOnlyList<MemberWorkItem>> Sent { get; } = new();

        public Action OnSend { get; set; } = () => { };

        public string? FailOn { get; set; }

        public int InFlight => Volatile.Read(ref _inFlight);

        public async Task SendAsync(IReadOnlyList<MemberWorkItem> items, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await Task.Delay(5, cancellationToken);
                if (items.Any(i => i.AccountId == FailOn))
                {
                    throw new AwsCallException(AwsFailureKind.Permanent, $"sqs:SendMessageBatch did not queue account {FailOn}");
                }

                // Each item must be writable as a message: the codec refuses what the consumer would refuse.
                _ = items.Select(WorkItemCodec.Write).ToList();
                Sent.Enqueue(items);
                OnSend();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task RetryLaterAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

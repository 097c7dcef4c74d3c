using System.Net;
using Amazon.Runtime;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Internal;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Aws.Tests.Batching;

public sealed class SecurityHubFindingImporterTests
{
    private static readonly FindingImporterOptions NoDelay = new() { RetryBaseDelay = TimeSpan.Zero };

    private readonly IAmazonSecurityHub _hub = Substitute.For<IAmazonSecurityHub>();
    private readonly List<List<string>> _calls = [];

    public SecurityHubFindingImporterTests()
    {
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => AcceptAll(call.Arg<BatchImportFindingsRequest>()));
    }

    [Fact]
    public async Task Import_250Findings_SplitsIntoCallsOfAtMost100AndImportsAll()
    {
        var findings = Enumerable.Range(0, 250).Select(i => TestFindings.Create($"f-{i}")).ToList();

        var result = await Importer().ImportAsync(findings);

        Assert.Equal([100, 100, 50], _calls.Select(c => c.Count));
        Assert.True(result.AllImported);
        Assert.Equal(findings.Select(f => f.Id), result.Outcomes.Select(o => o.Id));
    }

    [Fact]
    public async Task Import_LargeFindings_SplitsSoNoCallBodyExceeds6MB()
    {
        var padding = new string('x', 200_000);
        var findings = Enumerable.Range(0, 40).Select(i => TestFindings.Create($"big-{i}", padding: padding)).ToList();
        var bodySizes = new List<int>();
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<BatchImportFindingsRequest>();
            bodySizes.Add(BatchImportFindingsRequestMarshaller.Instance.Marshall(request).Content.Length);
            return AcceptAll(request);
        });

        var result = await Importer().ImportAsync(findings);

        Assert.True(bodySizes.Count >= 2);
        Assert.All(bodySizes, size => Assert.True(size <= 6 * 1024 * 1024, $"body of {size} bytes exceeds 6 MB"));
        Assert.Equal(40, result.Imported.Count());
    }

    [Fact]
    public async Task Import_FindingOver240KB_IsReportedTooLargeAndNeverSent()
    {
        var findings = new[] { TestFindings.Create("ok"), TestFindings.Create("huge", padding: new string('x', 250_000)) };

        var result = await Importer().ImportAsync(findings);

        Assert.Equal(["ok"], _calls.Single());
        var huge = result.Outcomes[1];
        Assert.False(huge.Imported);
        Assert.Equal("FindingTooLarge", huge.ErrorCode);
        Assert.Equal(0, huge.Attempts);
    }

    [Fact]
    public async Task Import_PartialFailure_RetriesThrottledFindingAndReportsInvalidOne()
    {
        var round = 0;
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<BatchImportFindingsRequest>();
            _calls.Add(request.Findings.Select(f => f.Id!).ToList());
            return round++ == 0
                ? Respond(request, ("b", "ThrottlingException"), ("c", "InvalidInput"))
                : Respond(request);
        });

        var result = await Importer().ImportAsync([TestFindings.Create("a"), TestFindings.Create("b"), TestFindings.Create("c")]);

        Assert.Equal([["a", "b", "c"], ["b"]], _calls);
        Assert.Equal([true, true, false], result.Outcomes.Select(o => o.Imported));
        Assert.Equal(2, result.Outcomes[1].Attempts);
        Assert.Equal("InvalidInput", result.Outcomes[2].ErrorCode);
        Assert.Equal(1, result.Outcomes[2].Attempts);
    }

    [Fact]
    public async Task Import_PersistentThrottling_GivesUpAfterBoundedRetriesAndReportsIt()
    {
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<BatchImportFindingsRequest>();
            _calls.Add(request.Findings.Select(f => f.Id!).ToList());
            return Respond(request, ("a", "ThrottlingException"));
        });

        var result = await Importer(NoDelay with { MaxFindingRetries = 2 }).ImportAsync([TestFindings.Create("a")]);

        Assert.Equal(3, _calls.Count);
        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Imported);
        Assert.Equal("ThrottlingException", outcome.ErrorCode);
        Assert.Equal(3, outcome.Attempts);
    }

    [Fact]
    public async Task Import_SecurityHubNotEnabled_AbortsWithTheTypedError()
    {
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new InvalidAccessException("Security Hub is not enabled in eu-west-1 for account 111122223333.", null,
                ErrorType.Sender, "InvalidAccessException", "req", HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<InvalidAccessException>(() => Importer().ImportAsync([TestFindings.Create("a")]));

        Assert.Contains("eu-west-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OneCallFailsAfterSdkRetries_ReportsThatBatchAndContinuesWithTheNext()
    {
        var callNumber = 0;
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<BatchImportFindingsRequest>();
            _calls.Add(request.Findings.Select(f => f.Id!).ToList());
            return callNumber++ == 0
                ? Task.FromException<BatchImportFindingsResponse>(new InternalException("Internal error", null, ErrorType.Receiver, "InternalException", "req", HttpStatusCode.InternalServerError))
                : Respond(request);
        });
        var findings = Enumerable.Range(0, 150).Select(i => TestFindings.Create($"f-{i}")).ToList();

        var result = await Importer().ImportAsync(findings);

        Assert.Equal(100, result.Failed.Count());
        Assert.All(result.Failed, f => Assert.Equal("InternalException", f.ErrorCode));
        Assert.Equal(50, result.Imported.Count());
    }

    [Fact]
    public async Task Import_CountsThatDoNotAddUp_AreNotTakenAsSuccess()
    {
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>())
            .Returns(new BatchImportFindingsResponse { SuccessCount = 0, FailedCount = 1, FailedFindings = [] });

        var result = await Importer().ImportAsync([TestFindings.Create("a")]);

        Assert.Equal("InconsistentResponse", Assert.Single(result.Outcomes).ErrorCode);
    }

    [Fact]
    public async Task Import_DuplicateIds_IsRejectedBeforeAnyCall()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Importer().ImportAsync([TestFindings.Create("a"), TestFindings.Create("a")]));

        Assert.Empty(_calls);
    }

    [Fact]
    public async Task Import_RejectedRoundAfterRound_WaitsADoublingJitteredDelayCappedAt5Seconds()
    {
        // The XML docs of FindingRetryBaseDelay and RetryBaseDelay: doubled each round, with jitter, capped at 5 s.
        _hub.BatchImportFindingsAsync(Arg.Any<BatchImportFindingsRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => Respond(call.Arg<BatchImportFindingsRequest>(), ("a", "ThrottlingException")));
        var clock = new DelayRecorder();
        var options = new FindingImporterOptions { RetryBaseDelay = TimeSpan.FromSeconds(2), MaxFindingRetries = 4 };

        var result = await new SecurityHubFindingImporter(_hub, options, clock).ImportAsync([TestFindings.Create("a")]);

        Assert.Equal(5, result.Outcomes.Single().Attempts);
        double[] ceilings = [2, 4, 5, 5];
        Assert.Equal(ceilings.Length, clock.Delays.Count);
        for (var i = 0; i < ceilings.Length; i++)
        {
            var seconds = clock.Delays[i].TotalSeconds;
            Assert.True(seconds >= ceilings[i] / 2 && seconds <= ceilings[i], $"retry {i + 1} waited {seconds:0.000} s, not within [{ceilings[i] / 2}, {ceilings[i]}] s");
        }
    }

    private SecurityHubFindingImporter Importer(FindingImporterOptions? options = null)
        => new(_hub, options ?? NoDelay, TimeProvider.System);

    private Task<BatchImportFindingsResponse> AcceptAll(BatchImportFindingsRequest request)
    {
        _calls.Add(request.Findings.Select(f => f.Id!).ToList());
        return Respond(request);
    }

    private static Task<BatchImportFindingsResponse> Respond(BatchImportFindingsRequest request, params (string Id, string Code)[] failures)
        => Task.FromResult(new BatchImportFindingsResponse
        {
            SuccessCount = request.Findings.Count - failures.Length,
            FailedCount = failures.Length,
            FailedFindings = failures.Select(f => new ImportFindingsError { Id = f.Id, ErrorCode = f.Code, ErrorMessage = f.Code }).ToList(),
        });

    /// <summary>Records every delay the importer asks for and lets it pass at once.</summary>
    private sealed class DelayRecorder : TimeProvider
    {
        public List<TimeSpan> Delays { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Delays)
            {
                Delays.Add(dueTime);
            }

            return base.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }
}

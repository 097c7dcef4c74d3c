using System.Text;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Composition;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;
using static SecHubRootMfa.Function.Tests.Routing.EventRouterStrictnessTests;

namespace SecHubRootMfa.Function.Tests.Routing;

/// <summary>
/// Values from events are bounded where they enter the product: one event, however large its values, never writes a
/// log line over 4 KB, and a malformed event never reaches AWS.
/// </summary>
public class OutsideValuesInLogsTests
{
    private const string Account = "111122223333";
    private const int MaxLineBytes = 4096;
    private static readonly string Huge = new('A', 900 * 1024);
    private readonly IRootMfaStateSource _state = Substitute.For<IRootMfaStateSource>();
    private readonly IFindingStore _findings = Substitute.For<IFindingStore>();
    private readonly StringWriter _logs = new();
    private readonly StringWriter _errors = new();

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", name));

    private RootMfaCheckService Service(ILogSink sink)
    {
        var context = new DeploymentContext("eu-west-1", Account, "0.1.0");
        return new RootMfaCheckService(_state, _findings, null, new RootMfaFindingBuilder(context), context,
            new CheckOptions { ConsistencyDelay = TimeSpan.Zero }, TimeProvider.System, new CheckLog(sink));
    }

    private async Task<string> HandleAsync(string payload, StringWriter? metrics = null)
    {
        var sink = new JsonLineLogSink(_logs, _errors, TimeProvider.System);
        var service = Service(sink);
        var handler = new RootMfaFunctionHandler(
            EventRouter.FromEmbeddedPatterns(new FakeTimeProvider(new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.Zero))),
            _ => service, sink, new MetricsWriter(metrics ?? new StringWriter(), TimeProvider.System), TimeProvider.System);
        var response = await handler.HandleAsync(new LambdaInvocation
        {
            RequestId = "8f507cfc-EXAMPLE",
            Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
            InvokedFunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:sechubrootmfa",
            Payload = Encoding.UTF8.GetBytes(payload),
        }, CancellationToken.None);
        return Encoding.UTF8.GetString(response.Span);
    }

    private void AssertEveryLineIsBounded()
    {
        var lines = (_logs.ToString() + _errors.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var longest = lines.Max(l => Encoding.UTF8.GetByteCount(l));
        Assert.True(longest <= MaxLineBytes, $"a log line of {longest} bytes");
    }

    public static TheoryData<string, string> HugeIdentityValues => new()
    {
        { "cloudtrail-EnableMFADevice-root.json", "detail.eventName" },
        { "cloudtrail-EnableMFADevice-root.json", "account" },
        { "cloudtrail-EnableMFADevice-root.json", "source" },
        { "cloudtrail-EnableMFADevice-root.json", "detail-type" },
    };

    public static TheoryData<string, string> HugeOtherValues => new()
    {
        { "cloudtrail-EnableMFADevice-root.json", "detail.requestParameters.serialNumber" },
        { "cloudtrail-EnableMFADevice-root.json", "detail.eventTime" },
        { "signin-root-mfa-fido.json", "detail.additionalEventData.MFAIdentifier" },
        { "signin-root-mfa-fido.json", "detail.additionalEventData.MFAUsed" },
    };

    [Theory]
    [MemberData(nameof(HugeIdentityValues))]
    public async Task Handle_EventWithA900KBIdentityValue_IsIgnoredBeforeAwsAndLogsNoLineOver4KB(string sample, string path)
    {
        var response = await HandleAsync(With(Sample(sample), path, Quote("arn:aws:iam::111122223333:mfa/" + Huge)));

        Assert.Contains("\"status\":\"ignored\"", response, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(response) <= MaxLineBytes, $"a response of {response.Length} characters");
        AssertEveryLineIsBounded();
        await _state.DidNotReceiveWithAnyArgs().ReadAsync(default!, default!, default);
    }

    [Theory]
    [MemberData(nameof(HugeOtherValues))]
    public async Task Handle_RootEventWithA900KBValueElsewhere_IsEvaluatedDegradedAndLogsNoLineOver4KB(string sample, string path)
    {
        IamAnswers();

        var response = await HandleAsync(With(Sample(sample), path, Quote("arn:aws:iam::111122223333:mfa/" + Huge)));

        Assert.Contains("\"status\":\"evaluated\"", response, StringComparison.Ordinal);
        Assert.Contains("\"degraded\":", response, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(response) <= MaxLineBytes, $"a response of {response.Length} characters");
        Assert.Contains("\"event\":\"event.degraded\"", _logs.ToString() + _errors.ToString(), StringComparison.Ordinal);
        AssertEveryLineIsBounded();
    }

    [Fact]
    public async Task Handle_MalformedSampleWhoseEventNameCannotBeRead_IsIgnoredWithoutAnyAwsCall()
    {
        var response = await HandleAsync(Sample(Path.Combine("Malformed", "EnableMFADevice-root-eventName-array.json")));

        Assert.Contains("\"status\":\"ignored\"", response, StringComparison.Ordinal);
        await _state.DidNotReceiveWithAnyArgs().ReadAsync(default!, default!, default);
        await _findings.DidNotReceiveWithAnyArgs().GetAsync(default!, default!, default);
    }

    [Theory]
    [InlineData("EnableMFADevice-root-serialNumber-blank.json")]
    [InlineData("EnableMFADevice-root-serialNumber-lone-surrogate.json")]
    [InlineData("EnableMFADevice-root-eventTime-unparseable.json")]
    [InlineData("signin-root-mfa-fido-future.json")]
    public async Task Handle_MalformedSampleWithAReadableIdentity_IsEvaluatedCountedAndLoggedWithABoundedReason(string file)
    {
        IamAnswers();
        var metrics = new StringWriter();

        var response = await HandleAsync(Sample(Path.Combine("Malformed", file)), metrics);

        Assert.Contains("\"status\":\"evaluated\"", response, StringComparison.Ordinal);
        await _state.ReceivedWithAnyArgs().ReadAsync(default!, default!, default);
        Assert.Contains("\"event\":\"event.degraded\"", _logs.ToString() + _errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"DegradedEvents\":1", metrics.ToString(), StringComparison.Ordinal);
        AssertEveryLineIsBounded();
    }

    private void IamAnswers() =>
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(new RootMfaObservation(
            Account, AwsPartition.Aws, new AccountSummary(true, true, false, false), [], DateTimeOffset.UtcNow));

    [Fact]
    public async Task Check_ExpectationAboutA900KBSerial_LogsEveryReReadInUnder4KB()
    {
        // Another caller (org mode, a future trigger) may build the expectation without the router's checks: the
        // description that is logged on every re-read stays short while the comparison uses the whole serial.
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(new RootMfaObservation(
            Account, AwsPartition.Aws, new AccountSummary(true, true, false, false), [], DateTimeOffset.UnixEpoch));
        var sink = new JsonLineLogSink(_logs, _errors, TimeProvider.System);
        var expectation = StateExpectation.VirtualDeviceOnRoot("arn:aws:iam::111122223333:mfa/" + Huge, assigned: true);

        // IAM never shows the device and the event has no time (counts as fresh): no PASSED, a transient failure whose
        // message quotes the serial as boundedly as the log lines do.
        var failure = await Assert.ThrowsAsync<VerdictDeferredException>(() =>
            Service(sink).RunAsync(new CheckRequest(Account, "EnableMFADevice", Import: false, expectation), CancellationToken.None));

        Assert.True(failure.Message.Length < 4096, $"the failure message is {failure.Message.Length} characters");
        Assert.Contains("iam.consistency_gave_up", _logs.ToString() + _errors.ToString(), StringComparison.Ordinal);
        AssertEveryLineIsBounded();
    }
}

using System.Text;
using System.Text.Json;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Function.Tests.Handling;

public class RootMfaFunctionHandlerTests
{
    private const string Account = "111122223333";
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:111122223333:function:sechubrootmfa";
    private readonly IRootMfaStateSource _state = Substitute.For<IRootMfaStateSource>();
    private readonly IFindingStore _findings = Substitute.For<IFindingStore>();
    private readonly IComplianceChangePublisher _changes = Substitute.For<IComplianceChangePublisher>();
    private readonly StringWriter _logs = new();
    private readonly StringWriter _errors = new();
    private readonly StringWriter _metrics = new();

    private readonly IEventPathProbe _eventPath = Substitute.For<IEventPathProbe>();

    private RootMfaCheckService Service()
    {
        var context = new DeploymentContext("eu-west-1", Account, "0.1.0");
        return new RootMfaCheckService(_state, _findings, _changes, new RootMfaFindingBuilder(context), context,
            new CheckOptions { ConsistencyDelay = TimeSpan.Zero }, TimeProvider.System, Substitute.For<ICheckLog>(), _eventPath);
    }

    private RootMfaFunctionHandler Handler()
    {
        var service = Service();
        return Handler(_ => service);
    }

    private RootMfaFunctionHandler Handler(Func<string, RootMfaCheckService> serviceForAccount) =>
        new(EventRouter.FromEmbeddedPatterns(), serviceForAccount,
            new JsonLineLogSink(_logs, _errors, TimeProvider.System), new MetricsWriter(_metrics, TimeProvider.System), TimeProvider.System);

    private static LambdaInvocation Invocation(string payload) => new()
    {
        RequestId = "8f507cfc-EXAMPLE",
        Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
        InvokedFunctionArn = FunctionArn,
        Payload = Encoding.UTF8.GetBytes(payload),
    };

    private static LambdaInvocation Sample(string file) =>
        Invocation(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", file)));

    private void IamSays(int mfa) =>
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(new RootMfaObservation(
            Account, AwsPartition.Aws, new AccountSummary(mfa == 1, true, false, false), [], DateTimeOffset.UnixEpoch));

    private static JsonElement Json(ReadOnlyMemory<byte> bytes) => JsonDocument.Parse(bytes).RootElement;

    [Fact]
    public async Task Handle_ScheduledEvent_EvaluatesImportsAndAnswersWithTheSummary()
    {
        IamSays(1);

        var response = Json(await Handler().HandleAsync(Sample("scheduled-event.json"), CancellationToken.None));

        Assert.Equal("evaluated", response.GetProperty("status").GetString());
        var evaluation = response.GetProperty("evaluation");
        Assert.Equal("PASSED", evaluation.GetProperty("complianceStatus").GetString());
        Assert.Equal("HARDWARE_MFA", evaluation.GetProperty("reason").GetString());
        Assert.Equal("Scheduled Event", evaluation.GetProperty("trigger").GetString());
        Assert.True(evaluation.GetProperty("imported").GetBoolean());
        // The evaluation's import, then the one that clears the delivered first-ever change from the finding's outbox.
        await _findings.Received(2).ImportAsync(Arg.Any<AwsSecurityFinding>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_Evaluation_LogsOneStructuredLineAndEmfMetrics()
    {
        IamSays(0);

        await Handler().HandleAsync(Sample("signin-root-nomfa.json"), CancellationToken.None);

        var line = Json(Encoding.UTF8.GetBytes(Assert.Single(_logs.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("evaluation.completed", line.GetProperty("event").GetString());
        Assert.Equal("ConsoleLogin", line.GetProperty("trigger").GetString());
        Assert.Equal(Account, line.GetProperty("account").GetString());
        Assert.Equal("FAILED", line.GetProperty("status").GetString());
        Assert.Equal("NO_ROOT_MFA", line.GetProperty("reason").GetString());
        Assert.Equal("sechubrootmfa/aws/111122223333/root-user-hardware-mfa", line.GetProperty("findingId").GetString());
        Assert.True(line.GetProperty("durationMs").GetInt64() >= 0);

        // The sandbox's first metric line is its ColdStart; the evaluation's is the last.
        var emf = Json(Encoding.UTF8.GetBytes(_metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]));
        Assert.Equal("SecHubRootMfa", emf.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal(1, emf.GetProperty("Evaluations").GetInt32());
        Assert.Equal("FAILED", emf.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Handle_NearMiss_IsIgnoredSuccessfullyWithoutTouchingAws()
    {
        var response = Json(await Handler().HandleAsync(Sample("nearmiss-EnableMFADevice-iamuser.json"), CancellationToken.None));

        Assert.Equal("ignored", response.GetProperty("status").GetString());
        Assert.Contains("does not match", response.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(_state.ReceivedCalls());
        Assert.Contains("\"Ignored\":1", _metrics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_MalformedPayload_IsIgnoredNotFailed()
    {
        var response = Json(await Handler().HandleAsync(Invocation("{{{"), CancellationToken.None));

        Assert.Equal("ignored", response.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Handle_TransientAwsFailure_FailsTheInvocationSoLambdaRetries()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Transient, "Throttling: Rate exceeded"));

        var ex = await Assert.ThrowsAsync<LambdaFunctionException>(() =>
            Handler().HandleAsync(Invocation("""{"action":"evaluate"}"""), CancellationToken.None));

        Assert.Equal("Function.AwsTransientFailure", ex.ErrorType);
        Assert.Contains("evaluation.failed", _errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"Failures\":1", _metrics.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_ClientSetupFails_FailsTheInvocationWithTheFailureLineAndRetriesSetupNextTime()
    {
        IamSays(1);
        var service = Service();
        var builds = 0;
        var handler = Handler(_ => ++builds == 1 ? throw new InvalidOperationException("no endpoint for region 'eu-west-1'") : service);

        var ex = await Assert.ThrowsAsync<LambdaFunctionException>(() =>
            handler.HandleAsync(Invocation("""{"action":"evaluate"}"""), CancellationToken.None));

        Assert.Equal("Function.ClientSetupFailed", ex.ErrorType);
        Assert.Contains("no endpoint for region 'eu-west-1'", ex.Message, StringComparison.Ordinal);
        var line = Json(Encoding.UTF8.GetBytes(_errors.ToString().Trim()));
        Assert.Equal("evaluation.failed", line.GetProperty("event").GetString());
        Assert.Equal("ClientSetup", line.GetProperty("failure").GetString());
        Assert.Contains("\"Failures\":1", _metrics.ToString(), StringComparison.Ordinal);

        var response = Json(await handler.HandleAsync(Invocation("""{"action":"evaluate"}"""), CancellationToken.None));

        Assert.Equal("PASSED", response.GetProperty("evaluation").GetProperty("complianceStatus").GetString());
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task Handle_DeviceEvent_PassesTheEventsExpectationSoTheCheckWaitsForIam()
    {
        // IAM shows the enabled virtual device only on the second read: a handler that dropped the expectation reads once.
        var device = new VirtualMfaDevice($"arn:aws:iam::{Account}:mfa/root-account-mfa-device", $"arn:aws:iam::{Account}:root");
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>()).Returns(
            new RootMfaObservation(Account, AwsPartition.Aws, new AccountSummary(true, true, false, false), [], DateTimeOffset.UtcNow),
            new RootMfaObservation(Account, AwsPartition.Aws, new AccountSummary(true, true, false, false), [device], DateTimeOffset.UtcNow));

        var response = Json(await Handler().HandleAsync(Sample("cloudtrail-EnableMFADevice-root.json"), CancellationToken.None));

        await _state.Received(2).ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>());
        Assert.Equal("FAILED", response.GetProperty("evaluation").GetProperty("complianceStatus").GetString());
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(20 * 60, false)]
    public async Task Handle_DeviceEventIamDoesNotShow_FailsWhileTheEventIsFreshAndLetsIamDecideOnceItIsOld(int ageSeconds, bool fails)
    {
        // The sample enables a virtual device at 2026-10-13T21:19:09Z; IAM keeps showing hardware only.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
            new DateTimeOffset(2026, 10, 13, 21, 19, 9, TimeSpan.Zero).AddSeconds(ageSeconds));
        IamSays(1);
        var context = new DeploymentContext("eu-west-1", Account, "0.1.0");
        var service = new RootMfaCheckService(_state, _findings, _changes, new RootMfaFindingBuilder(context), context,
            new CheckOptions { ConsistencyRetries = 0 }, clock, Substitute.For<ICheckLog>());
        var handler = new RootMfaFunctionHandler(EventRouter.FromEmbeddedPatterns(clock), _ => service,
            new JsonLineLogSink(_logs, _errors, clock), new MetricsWriter(_metrics, clock), clock);

        var run = handler.HandleAsync(Sample("cloudtrail-EnableMFADevice-root.json"), CancellationToken.None);

        if (fails)
        {
            var error = await Assert.ThrowsAsync<LambdaFunctionException>(() => run);
            Assert.Equal("Function.AwsTransientFailure", error.ErrorType);
            await _findings.DidNotReceiveWithAnyArgs().ImportAsync(default!, default);
        }
        else
        {
            Assert.Equal("PASSED", Json(await run).GetProperty("evaluation").GetProperty("complianceStatus").GetString());
        }
    }

    [Fact]
    public async Task Handle_AccessDeniedOnIam_ImportsNotAvailableAndSucceeds()
    {
        _state.ReadAsync(Account, AwsPartition.Aws, Arg.Any<CancellationToken>())
            .ThrowsAsync(new AwsCallException(AwsFailureKind.Permanent, "Access denied for iam:ListVirtualMFADevices"));

        var response = Json(await Handler().HandleAsync(Invocation("""{"action":"evaluate"}"""), CancellationToken.None));

        Assert.Equal("NOT_AVAILABLE", response.GetProperty("evaluation").GetProperty("complianceStatus").GetString());
        await _findings.Received(2).ImportAsync(Arg.Is<AwsSecurityFinding>(f => f.Compliance!.Status == "NOT_AVAILABLE"), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("arn:aws:lambda:eu-west-1:111122223333:function:f", "111122223333")]
    [InlineData("arn:aws:lambda:eu-west-1:111122223333:function:f:live", "111122223333")]
    public void AccountOf_ReadsTheAccountFromTheInvokedArn(string arn, string account)
    {
        Assert.Equal(account, RootMfaFunctionHandler.AccountOf(arn));
    }

    [Fact]
    public void AccountOf_NotALambdaArn_IsAnError()
    {
        Assert.Throws<LambdaFunctionException>(() => RootMfaFunctionHandler.AccountOf("arn:aws:s3:::bucket"));
    }

    [Theory]
    [InlineData("scheduled-event.json")]
    [InlineData(null)]
    public async Task Handle_ScheduledOrDirectRun_ChecksTheEventPathAndEmitsItsMetric(string? sample)
    {
        IamSays(1);
        _eventPath.CheckAsync(Arg.Any<CancellationToken>()).Returns(
            Core.EventPath.EventPathHealth.Of(Core.EventPath.EventPathStatus.Blind, "trail main is not logging (stopped)", DateTimeOffset.UnixEpoch));

        await Handler().HandleAsync(sample is null ? Invocation("""{"action":"evaluate"}""") : Sample(sample), CancellationToken.None);

        await _eventPath.Received(1).CheckAsync(Arg.Any<CancellationToken>());
        await _findings.Received().ImportAsync(Arg.Is<AwsSecurityFinding>(f => f.ProductFields!["SecHubRootMfa/EventPath"] == "blind"), Arg.Any<CancellationToken>());
        Assert.Contains("\"EventPath\":\"blind\",\"EventPathChecks\":1", _metrics.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"eventPath\":\"blind\"", _logs.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cloudtrail-EnableMFADevice-root.json")]
    [InlineData("signin-root-mfa-fido.json")]
    public async Task Handle_EventEvaluation_NeverCallsTheEventPathProbe(string sample)
    {
        IamSays(1);

        await Handler().HandleAsync(Sample(sample), CancellationToken.None);

        await _eventPath.DidNotReceiveWithAnyArgs().CheckAsync(default);
        Assert.DoesNotContain("EventPathChecks", _metrics.ToString(), StringComparison.Ordinal);
    }
}

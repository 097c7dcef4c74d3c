using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Bench.Micro;

/// <summary>Stage 1, parse: routing a real sample event (JSON parse, the rules' patterns, evidence extraction).</summary>
[MemoryDiagnoser]
public class RouteBenchmarks
{
    private EventRouter _router = null!;
    private ReadOnlyMemory<byte> _payload;

    [Params("scheduled-event.json", "cloudtrail-EnableMFADevice-root.json", "signin-root-mfa-fido.json")]
    public string Event { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _router = EventRouter.FromEmbeddedPatterns();
        _payload = Scenario.Event(Event);
        if (_router.Route(_payload, Scenario.AccountId) is not EvaluateDecision)
        {
            throw new InvalidOperationException($"{Event} should route to an evaluation");
        }
    }

    [Benchmark]
    public RouteDecision Route() => _router.Route(_payload, Scenario.AccountId);
}

/// <summary>Stages 2-4 (evaluate, build the finding, serialize it) and the whole service and handler over stub ports.</summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private RootMfaObservation _observation = null!;
    private RootMfaEvaluation _evaluation = null!;
    private RootMfaFindingBuilder _builder = null!;
    private AwsSecurityFinding _finding = null!;
    private RootSignInEvidence _signIn = null!;
    private RootMfaCheckService _firstRun = null!;
    private RootMfaCheckService _unchanged = null!;
    private RootMfaFunctionHandler _handler = null!;
    private LambdaInvocation _invocation = null!;
    private CheckRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _observation = Scenario.Observation();
        _evaluation = RootMfaEvaluator.Evaluate(_observation, PolicyProfile.Level2);
        _builder = new RootMfaFindingBuilder(Scenario.Deployment);
        _signIn = new RootSignInEvidence(new DateTimeOffset(2026, 10, 26, 9, 12, 3, TimeSpan.Zero), true,
            $"arn:aws:iam::{Scenario.AccountId}:u2f/root/root-fido-key-AAAAAAAABBBBBBBBCCCCCCCCDD");
        _finding = _builder.Build(_evaluation, FindingHistory.None, "Scheduled Event", _signIn);
        _firstRun = Scenario.Service(existing: null);
        _unchanged = Scenario.Service(Scenario.Unchanged);
        _request = new CheckRequest(Scenario.AccountId, "Scheduled Event");
        // The production handler with its real router, JSON log sink and EMF writer; output goes nowhere.
        var log = new JsonLineLogSink(TextWriter.Null, TextWriter.Null, TimeProvider.System);
        _handler = new RootMfaFunctionHandler(EventRouter.FromEmbeddedPatterns(), _ => _unchanged, log,
            new MetricsWriter(TextWriter.Null, TimeProvider.System), TimeProvider.System);
        _invocation = new LambdaInvocation
        {
            RequestId = "8f507cfc-0000-4000-8000-000000000001",
            Deadline = DateTimeOffset.MaxValue,
            InvokedFunctionArn = Scenario.FunctionArn,
            Payload = Scenario.Event("scheduled-event.json"),
        };
        if (_evaluation.Status != ComplianceStatus.Failed)
        {
            throw new InvalidOperationException("The scenario should fail Level 2 (virtual device on root).");
        }
    }

    [Benchmark]
    public RootMfaEvaluation Evaluate() => RootMfaEvaluator.Evaluate(_observation, PolicyProfile.Level2);

    [Benchmark]
    public AwsSecurityFinding BuildFinding() => _builder.Build(_evaluation, FindingHistory.None, "Scheduled Event", _signIn);

    /// <summary>What the BatchImportFindings marshaller writes per finding (the source-generated ASFF context).</summary>
    [Benchmark]
    public byte[] SerializeFinding() => JsonSerializer.SerializeToUtf8Bytes(_finding, AsffJsonContext.Default.AwsSecurityFinding);

    /// <summary>First run in an account: no finding yet, so the service also publishes a change.</summary>
    [Benchmark]
    public Task<CheckResult> ServiceRunFirstImport() => _firstRun.RunAsync(_request, CancellationToken.None);

    /// <summary>The common case: a scheduled run that finds the same status.</summary>
    [Benchmark]
    public Task<CheckResult> ServiceRunUnchanged() => _unchanged.RunAsync(_request, CancellationToken.None);

    /// <summary>One whole invocation minus HTTP: route, service, log line, EMF metrics, response JSON.</summary>
    [Benchmark]
    public Task<ReadOnlyMemory<byte>> HandlerInvocation() => _handler.HandleAsync(_invocation, CancellationToken.None);
}

using System.Text.Json;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Aws.Tests.Moto;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.Publishing;

namespace SecHubRootMfa.Function.Tests.EndToEnd;

/// <summary>
/// The published Native AOT bootstrap as Lambda runs it, pointed at the Runtime API emulator and at moto for IAM,
/// Security Hub and EventBridge: sample events in, responses and the finding in moto's Security Hub out.
/// </summary>
[Collection(MotoGroup.Name)]
public sealed class BootstrapEndToEndTests(AotBootstrapFixture bootstrap, MotoServerFixture moto)
    : IClassFixture<AotBootstrapFixture>, IAsyncLifetime
{
    private const string Account = MotoServerFixture.AccountId;
    private const string FunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:sechubrootmfa-test";
    private const string FindingId = $"sechubrootmfa/aws/{Account}/root-user-hardware-mfa";

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        await MotoSeeder.EnableSecurityHubAsync(moto, "us-east-1");
        // A look-alike: a user called rootadmin with a virtual device named "root". It must not count as root's.
        await MotoSeeder.IamAsync(moto, ("Action", "CreateUser"), ("UserName", "rootadmin"));
        await MotoSeeder.IamAsync(moto, ("Action", "CreateVirtualMFADevice"), ("VirtualMFADeviceName", "root"));
        await MotoSeeder.IamAsync(moto, ("Action", "EnableMFADevice"), ("UserName", "rootadmin"),
            ("SerialNumber", $"arn:aws:iam::{Account}:mfa/root"), ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "654321"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private FunctionProcess StartFunction(RuntimeApiEmulator emulator) =>
        FunctionProcess.Start(bootstrap.BootstrapPath, [], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "sechubrootmfa-e2e",
            ["AWS_REGION"] = "us-east-1",
            ["SECHUBROOTMFA_HOME_REGION"] = "us-east-1",
            ["SECHUBROOTMFA_EVENT_BUS"] = "default",
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDMOTOTESTING00001",
            ["AWS_SECRET_ACCESS_KEY"] = "moto-secret-not-real",
        });

    private static string Sample(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", file)).Replace("111122223333", Account, StringComparison.Ordinal);

    private static async Task<JsonElement> Response(RuntimeApiEmulator emulator, string id) =>
        JsonDocument.Parse((await emulator.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(90))).ResponseText).RootElement;

    [Fact]
    public async Task Bootstrap_SampleEvents_EvaluateIgnoreAndLeaveTheFindingInSecurityHub()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var process = StartFunction(emulator);

        var scheduled = await Response(emulator, emulator.Enqueue(Sample("scheduled-event.json"), functionArn: FunctionArn,
            traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
        var signIn = await Response(emulator, emulator.Enqueue(Sample("signin-root-mfa-fido.json"), functionArn: FunctionArn));
        var nearMiss = await Response(emulator, emulator.Enqueue(Sample("nearmiss-EnableMFADevice-iamuser.json"), functionArn: FunctionArn));
        var otherAccount = await Response(emulator, emulator.Enqueue(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "scheduled-event.json")), functionArn: FunctionArn));
        var malformed = await Response(emulator, emulator.Enqueue("""{"detail": [""", functionArn: FunctionArn));
        var direct = await Response(emulator, emulator.Enqueue("""{"action":"evaluate"}""", functionArn: FunctionArn));
        process.Terminate();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // moto's root has AccountMFAEnabled=0 and no AccountPasswordPresent key: credentials unknown, so FAILED.
        var first = scheduled.GetProperty("evaluation");
        Assert.Equal(("FAILED", "NO_ROOT_MFA", FindingId, true), (first.GetProperty("complianceStatus").GetString(),
            first.GetProperty("reason").GetString(), first.GetProperty("findingId").GetString(), first.GetProperty("imported").GetBoolean()));
        Assert.True(first.GetProperty("changePublished").GetBoolean(), process.Transcript());
        Assert.False(signIn.GetProperty("evaluation").GetProperty("changePublished").GetBoolean());
        Assert.Equal("FAILED", signIn.GetProperty("evaluation").GetProperty("previousStatus").GetString());
        Assert.Equal("ignored", nearMiss.GetProperty("status").GetString());
        Assert.Contains("this function evaluates", otherAccount.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("malformed JSON", malformed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("DirectInvocation", direct.GetProperty("evaluation").GetProperty("trigger").GetString());

        using var hub = new AwsClientFactory(moto.Options()).CreateSecurityHub();
        var stored = (await hub.GetFindingsAsync(new GetFindingsRequest
        {
            Filters = new AwsSecurityFindingFilters { Id = [new StringFilter { Value = FindingId, Comparison = StringFilterComparison.EQUALS }] },
        })).Findings;
        var finding = Assert.Single(stored);
        Assert.Equal(("FAILED", "CRITICAL"), (finding.Compliance!.Status, finding.Severity!.Label));
        Assert.Equal($"arn:aws:securityhub:us-east-1:{Account}:product/{Account}/default", finding.ProductArn);
        Assert.Equal("DirectInvocation", finding.ProductFields!["SecHubRootMfa/Trigger"]);
        // The sign-in recorded by the ConsoleLogin event survives the later direct evaluation.
        Assert.Equal("fido", finding.ProductFields["SecHubRootMfa/LastRootSignInMfaType"]);
        Assert.DoesNotContain("mfa/root", finding.ProductFields.GetValueOrDefault("SecHubRootMfa/RootVirtualMfaSerials") ?? "", StringComparison.Ordinal);
        Assert.Contains(process.StdoutLines, l => l.Contains("\"evaluation.completed\"", StringComparison.Ordinal) && l.Contains("\"trigger\":\"ConsoleLogin\"", StringComparison.Ordinal));
        Assert.Contains(process.StdoutLines, l => l.Contains("\"CloudWatchMetrics\"", StringComparison.Ordinal));

        // The keys Lambda log tooling reads; booleans are JSON booleans; the first invocation is the cold one.
        var completed = process.StdoutLines.Where(l => l.Contains("\"evaluation.completed\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(("SecHubRootMfa", "sechubrootmfa-e2e", true, "1-5759e988-bd862e3fe1be46a994272793"),
            (completed[0].GetProperty("service").GetString(), completed[0].GetProperty("function_name").GetString(),
                completed[0].GetProperty("cold_start").GetBoolean(), completed[0].GetProperty("xray_trace_id").GetString()));
        Assert.Equal(JsonValueKind.True, completed[0].GetProperty("changePublished").ValueKind);
        Assert.False(string.IsNullOrEmpty(completed[0].GetProperty("function_request_id").GetString()));
        Assert.All(completed.Skip(1), c => Assert.False(c.GetProperty("cold_start").GetBoolean()));
        Assert.False(completed[1].TryGetProperty("xray_trace_id", out _));
        var coldStart = Assert.Single(process.StdoutLines, l => l.Contains("\"ColdStart\":1", StringComparison.Ordinal));
        Assert.Contains("\"Service\":\"SecHubRootMfa\"", coldStart, StringComparison.Ordinal);
        Assert.DoesNotContain(process.StdoutLines.Concat(process.StderrLines), l => l.Contains("moto-secret-not-real", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_AwsUnreachable_FailsTheInvocationSoLambdaRetriesAndKeepsServing()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        var deadPort = RuntimeApiEmulator.FreePort();
        await using var process = FunctionProcess.Start(bootstrap.BootstrapPath, [], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{deadPort}",
            ["AWS_ACCESS_KEY_ID"] = "AKIDMOTOTESTING00001",
            ["AWS_SECRET_ACCESS_KEY"] = "moto-secret-not-real",
        });

        var failed = await emulator.WaitForOutcomeAsync(emulator.Enqueue("""{"action":"evaluate"}""", functionArn: FunctionArn), TimeSpan.FromSeconds(120));
        var next = await Response(emulator, emulator.Enqueue("""{"action":"nothing"}""", functionArn: FunctionArn));
        process.Terminate();

        Assert.Equal("Function.AwsTransientFailure", failed.ErrorTypeHeader);
        Assert.Contains("securityhub:GetFindings", failed.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("ignored", next.GetProperty("status").GetString());
    }
}

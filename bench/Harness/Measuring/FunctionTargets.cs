using System.Text.Json;
using SecHubRootMfa.Bench.Harness.AwsStub;
using SecHubRootMfa.Function.Tests.Emulator;
using SecHubRootMfa.Function.Tests.Publishing;

namespace SecHubRootMfa.Bench.Harness.Measuring;

/// <summary>A published binary to run under the emulator, the event to give it, and the answer that proves it worked.</summary>
/// <param name="Name">Short name used in reports.</param>
/// <param name="FileName">What to execute.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Payload">The first (or every) invocation's event.</param>
/// <param name="ExpectedStatus">The response's <c>status</c> a working run returns.</param>
/// <param name="CallsAws">True when the invocation must make the AWS calls of a scheduled first evaluation (<see cref="CannedAwsServer.FirstEvaluationCalls"/>).</param>
internal sealed record FunctionTarget(string Name, string FileName, IReadOnlyList<string> Arguments, string Payload, string ExpectedStatus, bool CallsAws)
{
    /// <summary>The ARN the emulator sends; its account is the canned IAM data's, so events are not ignored as foreign.</summary>
    public const string FunctionArn = $"arn:aws:lambda:us-east-1:{CannedAwsServer.AccountId}:function:sechubrootmfa-bench";

    /// <summary>Starts the target with the environment Lambda would give it, pointed at the emulator and the stub.</summary>
    public FunctionProcess Start(RuntimeApiEmulator emulator, CannedAwsServer aws) =>
        FunctionProcess.Start(FileName, Arguments, new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.Address,
            ["AWS_REGION"] = "us-east-1",
            ["SECHUBROOTMFA_HOME_REGION"] = "us-east-1",
            ["SECHUBROOTMFA_EVENT_BUS"] = "default",
            // As the stack sets it: a scheduled run checks the event path (trails and this rule) beside the verdict.
            ["SECHUBROOTMFA_EVENT_RULES"] = CannedAwsServer.EventRuleArn,
            ["AWS_ENDPOINT_URL"] = aws.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDBENCHNOTREAL0001",
            ["AWS_SECRET_ACCESS_KEY"] = "bench-secret-not-real",
        });

    /// <summary>Throws unless <paramref name="outcome"/> is the answer a working run gives.</summary>
    public void Verify(InvocationOutcome outcome, FunctionProcess process)
    {
        if (outcome.IsError)
        {
            throw new InvalidOperationException($"{Name}: the invocation failed: {outcome.Error.ErrorType}: {outcome.Error.ErrorMessage}\n{process.Transcript()}");
        }

        using var doc = JsonDocument.Parse(outcome.Response!);
        var status = doc.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (status != ExpectedStatus)
        {
            throw new InvalidOperationException($"{Name}: expected status '{ExpectedStatus}', got: {outcome.ResponseText}\n{process.Transcript()}");
        }
    }
}

/// <summary>The binaries and events the benchmarks run.</summary>
internal static class FunctionTargets
{
    public static string HelloBootstrap => Path.Combine(RepositoryLayout.Root, "artifacts", "bench", "hello-aot-x86_64", "bootstrap");

    /// <summary>The floor that also makes a scheduled first evaluation's AWS calls (bench/HelloAws).</summary>
    public static string HelloAwsBootstrap => Path.Combine(RepositoryLayout.Root, "artifacts", "bench", "hello-aws-aot-x86_64", "bootstrap");

    /// <summary>A real sample event with its placeholder account replaced by the canned data's account.</summary>
    public static string SampleEvent(string file) =>
        File.ReadAllText(Path.Combine(RepositoryLayout.Root, "tests", "SecHubRootMfa.Function.Tests", "Events", file))
            .Replace("111122223333", CannedAwsServer.AccountId, StringComparison.Ordinal);

    /// <summary>Name of the optional candidate target: another AOT bootstrap, measured in the same rounds as the rest.</summary>
    public const string Candidate = "candidate-aot";

    /// <summary>
    /// Hello floor, hello floor with the first evaluation's AWS calls, AOT function (evaluating; and ignoring an event), managed function
    /// (evaluating), and when given a candidate AOT bootstrap (a build being tried out) evaluating the same event.
    /// </summary>
    public static IReadOnlyList<FunctionTarget> ColdStartSet(string? candidate = null)
    {
        var scheduled = SampleEvent("scheduled-event.json");
        var aot = Require(RepositoryLayout.AotBootstrap());
        List<FunctionTarget> set =
        [
            new("hello-aot", Require(HelloBootstrap), [], scheduled, "hello", CallsAws: false),
            new("hello-aws-aot", Require(HelloAwsBootstrap), [], scheduled, "hello-aws", CallsAws: true),
            new("function-aot", aot, [], scheduled, "evaluated", CallsAws: true),
            new("function-aot-ignored", aot, [], SampleEvent("nearmiss-EnableMFADevice-iamuser.json"), "ignored", CallsAws: false),
            new("function-managed", "dotnet", ["exec", Require(RepositoryLayout.ManagedAssembly)], scheduled, "evaluated", CallsAws: true),
        ];
        if (candidate is not null)
        {
            set.Add(new(Candidate, Require(Path.GetFullPath(candidate)), [], scheduled, "evaluated", CallsAws: true));
        }

        return set;
    }

    public static FunctionTarget Function(string mode) => mode switch
    {
        "aot" => new("function-aot", Require(RepositoryLayout.AotBootstrap()), [], "", "", CallsAws: true),
        "managed" => new("function-managed", "dotnet", ["exec", Require(RepositoryLayout.ManagedAssembly)], "", "", CallsAws: true),
        _ => throw new ArgumentException($"--target must be aot or managed (got '{mode}')"),
    };

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run the publish step first (bench/run-all.sh does).", path);
}

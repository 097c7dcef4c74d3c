using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using SecHubRootMfa.Function.Tests.Emulator;

namespace SecHubRootMfa.Bench.Harness.AwsStub;

/// <summary>
/// The AWS calls a scheduled first evaluation makes (<see cref="FirstEvaluationCalls"/>: the verdict's seven, and the
/// event-path check's reads beside them), answered on 127.0.0.1 with the documented sample bodies from
/// tests/SecHubRootMfa.Aws.Tests/Payloads (IAM query/XML, Security Hub REST-JSON, EventBridge and CloudTrail JSON 1.1). Answers are
/// immediate, so a cold-start figure measures the function and not a stub (moto takes milliseconds per call).
/// Anything else gets a 400 and is counted as unexpected, so a benchmark never silently measures an error path.
/// </summary>
internal sealed class CannedAwsServer : IAsyncDisposable
{
    /// <summary>The account the canned IAM answers describe (the root user in ListVirtualMFADevices.xml).</summary>
    public const string AccountId = "123456789012";

    /// <summary>The one rule the bench deployment names in <c>SECHUBROOTMFA_EVENT_RULES</c> (answered as ENABLED).</summary>
    public const string EventRuleArn = $"arn:aws:events:us-east-1:{AccountId}:rule/sechubrootmfa-root-mfa-api-calls";

    /// <summary>
    /// Every call of a scheduled first evaluation, by operation: the verdict's (the reads, the import, the read-back, the
    /// change event, the import clearing the outbox) and the event-path check's (the trail list, per listed trail its
    /// status and selectors, the rule). The canned DescribeTrails lists two trails.
    /// </summary>
    public static readonly IReadOnlyList<string> FirstEvaluationCalls =
    [
        "BatchImportFindings=2", "DescribeRule=1", "DescribeTrails=1", "GetAccountSummary=1", "GetEventSelectors=2", "GetFindings=2",
        "GetTrailStatus=2", "ListVirtualMFADevices=1", "PutEvents=1",
    ];

    private const string CloudTrailTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly byte[] _accountSummary;
    private readonly byte[] _virtualDevices;
    private readonly byte[] _findings;
    private readonly byte[] _trails;
    private readonly byte[] _trailStatus;
    private readonly byte[] _eventSelectors;
    private readonly byte[] _rule;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _requestCounter;

    private CannedAwsServer(HttpListener listener, Uri endpoint, string payloads)
    {
        _listener = listener;
        Endpoint = endpoint;
        _accountSummary = File.ReadAllBytes(Path.Combine(payloads, "IdentityManagement", "GetAccountSummary.xml"));
        _virtualDevices = File.ReadAllBytes(Path.Combine(payloads, "IdentityManagement", "ListVirtualMFADevices.xml"));
        _findings = File.ReadAllBytes(Path.Combine(payloads, "SecurityHub", "GetFindings.json"));
        _trails = File.ReadAllBytes(Path.Combine(payloads, "CloudTrail", "DescribeTrails.json"));
        _trailStatus = File.ReadAllBytes(Path.Combine(payloads, "CloudTrail", "GetTrailStatus.json"));
        _eventSelectors = File.ReadAllBytes(Path.Combine(payloads, "CloudTrail", "GetEventSelectors.json"));
        // The documented DescribeRule shape of our forwarding rule, answered as the bench's rule in the enabled state.
        _rule = Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(payloads, "EventBridge", "DescribeRule-disabled.json"))
            .Replace("\"DISABLED\"", "\"ENABLED\"", StringComparison.Ordinal));
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The value for <c>AWS_ENDPOINT_URL</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Calls answered so far, by operation name (<c>Unexpected</c> for anything not served).</summary>
    public IReadOnlyDictionary<string, int> Calls => _calls;

    /// <summary>Starts on a free loopback port, reading the sample bodies from <paramref name="repoRoot"/>.</summary>
    public static CannedAwsServer Start(string repoRoot)
    {
        var payloads = Path.Combine(repoRoot, "tests", "SecHubRootMfa.Aws.Tests", "Payloads");
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = new Uri($"http://127.0.0.1:{RuntimeApiEmulator.FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(endpoint.ToString());
            try
            {
                listener.Start();
                return new CannedAwsServer(listener, endpoint, payloads);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // The probed port was taken before we bound it; probe again.
                listener.Close();
            }
        }
    }

    /// <summary>Forgets the call counts (between runs).</summary>
    public void ResetCounts() => _calls.Clear();

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends the loop this way.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var (operation, status, contentType, answer) = Route(context.Request, body);
            _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.Headers["x-amzn-RequestId"] = $"bench-{Interlocked.Increment(ref _requestCounter)}";
            response.ContentLength64 = answer.Length;
            await response.OutputStream.WriteAsync(answer);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            context.Response.Abort();
        }
    }

    private (string Operation, int Status, string ContentType, byte[] Body) Route(HttpListenerRequest request, byte[] body)
    {
        var path = request.Url?.AbsolutePath ?? "/";
        if (request.HttpMethod != "POST")
        {
            return Unexpected($"{request.HttpMethod} {path}");
        }

        switch (path)
        {
            case "/findings":
                return ("GetFindings", 200, "application/json", _findings);
            case "/findings/import":
                // Documented BatchImportFindings response shape; every finding sent is accepted.
                var findings = CountArray(body, "Findings");
                return ("BatchImportFindings", 200, "application/json",
                    Encoding.UTF8.GetBytes($$"""{"FailedCount":0,"SuccessCount":{{findings}},"FailedFindings":[]}"""));
        }

        var target = request.Headers["X-Amz-Target"] ?? "";
        switch (target)
        {
            case CloudTrailTarget + "DescribeTrails":
                return ("DescribeTrails", 200, "application/x-amz-json-1.1", _trails);
            case CloudTrailTarget + "GetTrailStatus":
                return ("GetTrailStatus", 200, "application/x-amz-json-1.1", _trailStatus);
            case CloudTrailTarget + "GetEventSelectors":
                return ("GetEventSelectors", 200, "application/x-amz-json-1.1", _eventSelectors);
            case "AWSEvents.DescribeRule":
                return ("DescribeRule", 200, "application/x-amz-json-1.1", _rule);
        }

        if (target == "AWSEvents.PutEvents")
        {
            // Documented PutEvents response shape; one result per entry, matched by position.
            var entries = Enumerable.Range(0, CountArray(body, "Entries")).Select(i => $$"""{"EventId":"bench-event-{{i}}"}""");
            return ("PutEvents", 200, "application/x-amz-json-1.1",
                Encoding.UTF8.GetBytes($$"""{"Entries":[{{string.Join(',', entries)}}],"FailedEntryCount":0}"""));
        }

        var form = Encoding.UTF8.GetString(body);
        if (form.Contains("Action=GetAccountSummary", StringComparison.Ordinal))
        {
            return ("GetAccountSummary", 200, "text/xml", _accountSummary);
        }

        return form.Contains("Action=ListVirtualMFADevices", StringComparison.Ordinal)
            ? ("ListVirtualMFADevices", 200, "text/xml", _virtualDevices)
            : Unexpected(form.Length > 80 ? form[..80] : form);
    }

    private static (string, int, string, byte[]) Unexpected(string what) =>
        ("Unexpected", 400, "application/json",
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = $"bench stub does not serve {what}" },
                StubJsonContext.Default.DictionaryStringString)));

    private static int CountArray(byte[] body, string name)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StubJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SecHubRootMfa.Bench.Org;

/// <summary>
/// A local AWS stand-in for an organization: Organizations ListAccounts (20 per page), STS AssumeRole (credentials
/// that name the member account), IAM GetAccountSummary/ListVirtualMFADevices and Security Hub GetFindings/
/// BatchImportFindings and EventBridge PutEvents, each answered after a fixed latency. Security Hub enforces 10 requests/second per account
/// (429 TooManyRequestsException beyond it) and throttles a configurable share of calls at random.
/// </summary>
internal sealed partial class OrgStub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TimeSpan _latency;
    private readonly double _throttleRate;
    private readonly List<string> _accounts;
    private readonly ConcurrentDictionary<string, Queue<long>> _hubWindows = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _enforceHubQuota;
    private readonly ConcurrentDictionary<string, string> _findings = new();

    private readonly TimeSpan _sqsLatency;

    public OrgStub(int port, IReadOnlyList<string> accounts, TimeSpan latency, double throttleRate, bool enforceHubQuota = true, TimeSpan? sqsLatency = null)
    {
        _sqsLatency = sqsLatency ?? TimeSpan.Zero;
        _enforceHubQuota = enforceHubQuota;
        _accounts = [.. accounts];
        _latency = latency;
        _throttleRate = throttleRate;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
    }

    public Uri Endpoint { get; }

    /// <summary>The organization run queue (SQS's JSON protocol), with its own latency.</summary>
    public StubQueue Queue { get; } = new(TimeSpan.FromMinutes(2));

    /// <summary>The run queue's progress for the bench and its consumers: GET, no signature, no latency.</summary>
    public const string RunPath = "/__run";

    /// <summary>POST: the dispatcher has queued every member.</summary>
    public const string DispatchedPath = "/__dispatched";

    /// <summary>Requests by operation (e.g. <c>securityhub:BatchImportFindings</c>).</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Requests by member account (AssumeRole counts for the account entered).</summary>
    public ConcurrentDictionary<string, int> CallsByAccount { get; } = new();

    public int Throttled;

    public void Start()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(context));
            }
        });
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        if (request.Url!.AbsolutePath == StatsPath)
        {
            // The bench's own question, answered at once: not an AWS call, not counted, no latency.
            await WriteAsync(context.Response, 200, "application/json", StatsJson());
            return;
        }

        if (request.Url.AbsolutePath == RunPath || request.Url.AbsolutePath == DispatchedPath)
        {
            Queue.Dispatched |= request.Url.AbsolutePath == DispatchedPath;
            await WriteAsync(context.Response, 200, "application/json", string.Create(CultureInfo.InvariantCulture,
                $"{{\"sent\":{Queue.Sent},\"outstanding\":{Queue.Outstanding},\"dispatched\":{(Queue.Dispatched ? "true" : "false")}}}"));
            return;
        }

        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var auth = request.Headers["Authorization"] ?? "";
        var scope = CredentialScope().Match(auth);
        if (request.Headers["X-Amz-Target"] is { } sqsTarget && sqsTarget.StartsWith("AmazonSQS.", StringComparison.Ordinal))
        {
            await Task.Delay(_sqsLatency);
            var sqsOperation = sqsTarget["AmazonSQS.".Length..];
            var answer = await Queue.HandleAsync(sqsOperation, body);
            Calls.AddOrUpdate("sqs:" + sqsOperation, 1, (_, n) => n + 1);
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await WriteAsync(context.Response, 200, "application/x-amz-json-1.0", answer);
            return;
        }

        var keyAccount = scope.Success && scope.Groups["key"].Value.StartsWith("ASIA", StringComparison.Ordinal) ? scope.Groups["key"].Value.Substring(4, 12) : "admin";
        await Task.Delay(_latency);

        var (status, contentType, text, operation, account) = Route(request, body, keyAccount);
        Calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        if (account != "admin")
        {
            CallsByAccount.AddOrUpdate(account, 1, (_, n) => n + 1);
        }

        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (status >= 400 && contentType.Contains("json", StringComparison.Ordinal))
        {
            context.Response.Headers["x-amzn-ErrorType"] = "TooManyRequestsException";
        }

        await WriteAsync(context.Response, status, contentType, text);
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    /// <summary>
    /// The counts as one JSON object: <c>calls</c> by operation, <c>perAccount</c> (accounts, min, max, mean, sum),
    /// <c>throttled</c>. Served at <see cref="StatsPath"/> so a runner in another process can read them.
    /// </summary>
    public string StatsJson()
    {
        var perAccount = CallsByAccount.Values.ToArray();
        var calls = string.Join(',', Calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"\"{c.Key}\":{c.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"calls\":{{{calls}}},\"perAccount\":{{\"accounts\":{perAccount.Length},\"min\":{perAccount.DefaultIfEmpty().Min()},\"max\":{perAccount.DefaultIfEmpty().Max()},\"mean\":{perAccount.DefaultIfEmpty().Average():0.000},\"sum\":{perAccount.Sum()}}},\"throttled\":{Volatile.Read(ref Throttled)}}}");
    }

    /// <summary>The path that answers <see cref="StatsJson"/> (GET, no signature).</summary>
    public const string StatsPath = "/__stats";

    private (int Status, string ContentType, string Body, string Operation, string Account) Route(HttpListenerRequest request, string body, string keyAccount)
    {
        var target = request.Headers["X-Amz-Target"];
        if (target == "AWSOrganizationsV20161128.ListAccounts")
        {
            var start = NextToken().Match(body) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var page = _accounts.Skip(start).Take(20).Select(a => $$"""{"Id":"{{a}}","Arn":"arn:aws:organizations::000000000000:account/o-bench/{{a}}","Name":"bench-{{a}}","Email":"{{a}}@example.com","Status":"ACTIVE","State":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1700000000.0}""");
            var next = start + 20 < _accounts.Count ? $",\"NextToken\":\"page-{start + 20}\"" : "";
            return (200, "application/x-amz-json-1.1", $"{{\"Accounts\":[{string.Join(',', page)}]{next}}}", "organizations:ListAccounts", "admin");
        }

        if (target == "AWSEvents.PutEvents")
        {
            // The administrator's bus: one event id per entry, never a failed entry.
            var entries = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("Entries").GetArrayLength();
            var ids = string.Join(',', Enumerable.Range(0, entries).Select(_ => $"{{\"EventId\":\"{Guid.NewGuid()}\"}}"));
            return (200, "application/x-amz-json-1.1", $"{{\"FailedEntryCount\":0,\"Entries\":[{ids}]}}", "events:PutEvents", "admin");
        }

        var path = request.Url!.AbsolutePath;
        if (path.StartsWith("/findings", StringComparison.Ordinal))
        {
            var op = path == "/findings/import" ? "securityhub:BatchImportFindings" : "securityhub:GetFindings";
            if ((_enforceHubQuota && OverQuota(keyAccount)) || Random.Shared.NextDouble() < _throttleRate)
            {
                Interlocked.Increment(ref Throttled);
                return (429, "application/json", """{"__type":"TooManyRequestsException","message":"Rate exceeded"}""", op + " (throttled)", keyAccount);
            }

            if (op == "securityhub:GetFindings")
            {
                // The account's last imported finding, so a second evaluation sees it as Security Hub would.
                return (200, "application/json", $"{{\"Findings\":[{_findings.GetValueOrDefault(keyAccount, "")}]}}", op, keyAccount);
            }

            var findings = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("Findings");
            _findings[keyAccount] = findings[findings.GetArrayLength() - 1].GetRawText();
            return (200, "application/json", """{"FailedCount":0,"SuccessCount":1,"FailedFindings":[]}""", op, keyAccount);
        }

        var action = Action().Match(body) is { Success: true } a ? a.Groups[1].Value : "";
        switch (action)
        {
            case "AssumeRole":
                var account = RoleAccount().Match(Uri.UnescapeDataString(body)).Groups[1].Value;
                return (200, "text/xml", $"""
                    <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                    <Credentials><AccessKeyId>ASIA{account}BENCH</AccessKeyId><SecretAccessKey>bench-secret</SecretAccessKey>
                    <SessionToken>bench-token</SessionToken><Expiration>{DateTime.UtcNow.AddMinutes(15):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>
                    <AssumedRoleUser><AssumedRoleId>AROABENCH:sechubrootmfa-org</AssumedRoleId><Arn>arn:aws:sts::{account}:assumed-role/SecHubRootMfaAudit/sechubrootmfa-org</Arn></AssumedRoleUser>
                    </AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>
                    """, "sts:AssumeRole", account);
            case "GetAccountSummary":
                return (200, "text/xml", """
                    <GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap>
                    <entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountPasswordPresent</key><value>1</value></entry>
                    <entry><key>AccountAccessKeysPresent</key><value>0</value></entry><entry><key>AccountSigningCertificatesPresent</key><value>0</value></entry>
                    </SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetAccountSummaryResponse>
                    """, "iam:GetAccountSummary", keyAccount);
            case "ListVirtualMFADevices":
                return (200, "text/xml", """
                    <ListVirtualMFADevicesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListVirtualMFADevicesResult>
                    <IsTruncated>false</IsTruncated><VirtualMFADevices/></ListVirtualMFADevicesResult>
                    <ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></ListVirtualMFADevicesResponse>
                    """, "iam:ListVirtualMFADevices", keyAccount);
            default:
                return (400, "text/xml", $"<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>{action}</Message></Error></ErrorResponse>", "unknown", keyAccount);
        }
    }

    // Security Hub's 10 requests per second per account, as a sliding one-second window.
    private bool OverQuota(string account)
    {
        var window = _hubWindows.GetOrAdd(account, _ => new Queue<long>());
        lock (window)
        {
            var now = Environment.TickCount64;
            while (window.Count > 0 && now - window.Peek() >= 1000)
            {
                window.Dequeue();
            }

            if (window.Count >= 10)
            {
                return true;
            }

            window.Enqueue(now);
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    [GeneratedRegex(@"Credential=(?<key>[A-Z0-9]+)/")]
    private static partial Regex CredentialScope();

    [GeneratedRegex(@"""NextToken"":""page-(\d+)""")]
    private static partial Regex NextToken();

    [GeneratedRegex(@"(?:^|&)Action=([A-Za-z]+)")]
    private static partial Regex Action();

    [GeneratedRegex(@"RoleArn=arn:aws:iam::(\d{12}):role")]
    private static partial Regex RoleAccount();
}

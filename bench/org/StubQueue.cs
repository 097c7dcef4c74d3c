using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecHubRootMfa.Bench.Org;

/// <summary>
/// The organization run queue modelled in the stand-in, speaking SQS's JSON protocol to the real AWSSDK.SQS client
/// (SendMessageBatch, ReceiveMessage with long polling and ApproximateReceiveCount, DeleteMessageBatch,
/// ChangeMessageVisibility): a message received and not deleted comes back after its visibility timeout, as in SQS.
/// One queue; the QueueUrl of a request is not checked. moto's SQS was too slow for 50,000 messages on this machine.
/// </summary>
internal sealed class StubQueue(TimeSpan visibility)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Message> _visible = new();
    private readonly Dictionary<string, (Message Message, long VisibleAt)> _inFlight = new(StringComparer.Ordinal);
    private long _sent;
    private long _deleted;

    /// <summary>Messages sent and not deleted yet.</summary>
    public long Outstanding => Interlocked.Read(ref _sent) - Interlocked.Read(ref _deleted);

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Set by the bench once the dispatcher has sent every member.</summary>
    public bool Dispatched { get; set; }

    public async Task<string> HandleAsync(string operation, string body)
    {
        using var request = JsonDocument.Parse(body);
        var root = request.RootElement;
        return operation switch
        {
            "SendMessageBatch" => Send(root),
            "ReceiveMessage" => await ReceiveAsync(root),
            "DeleteMessageBatch" => Delete(root),
            "ChangeMessageVisibility" => ChangeVisibility(root),
            _ => throw new InvalidOperationException($"The stand-in's queue does not model {operation}."),
        };
    }

    private string Send(JsonElement root)
    {
        var ok = new List<string>();
        lock (_gate)
        {
            foreach (var entry in root.GetProperty("Entries").EnumerateArray())
            {
                var body = entry.GetProperty("MessageBody").GetString()!;
                var message = new Message(Guid.NewGuid().ToString(), body, Md5(body));
                _visible.AddLast(message);
                ok.Add($$"""{"Id":"{{entry.GetProperty("Id").GetString()}}","MessageId":"{{message.Id}}","MD5OfMessageBody":"{{message.Md5}}"}""");
            }
        }

        Interlocked.Add(ref _sent, ok.Count);
        return $$"""{"Successful":[{{string.Join(',', ok)}}],"Failed":[]}""";
    }

    private async Task<string> ReceiveAsync(JsonElement root)
    {
        var max = root.TryGetProperty("MaxNumberOfMessages", out var m) ? m.GetInt32() : 1;
        var wait = root.TryGetProperty("WaitTimeSeconds", out var w) ? w.GetInt32() : 0;
        var until = Environment.TickCount64 + (wait * 1000L);
        while (true)
        {
            var taken = Take(max);
            if (taken.Count > 0 || Environment.TickCount64 >= until)
            {
                return $$"""{"Messages":[{{string.Join(',', taken.Select(t => JsonSerializer.Serialize(new ReceivedMessage(t.Message.Id, t.Handle, t.Message.Md5, t.Message.Body,
                    new Dictionary<string, string> { ["ApproximateReceiveCount"] = t.Message.Receives.ToString(CultureInfo.InvariantCulture) }), StubJson.Default.ReceivedMessage)))}}]}""";
            }

            await Task.Delay(25);
        }
    }

    private List<(Message Message, string Handle)> Take(int max)
    {
        var now = Environment.TickCount64;
        var taken = new List<(Message, string)>(max);
        lock (_gate)
        {
            // Messages whose visibility timeout ran out are visible again (a consumer that died, or a retry's backoff).
            foreach (var expired in _inFlight.Where(p => p.Value.VisibleAt <= now).Select(p => p.Key).ToList())
            {
                _visible.AddFirst(_inFlight[expired].Message);
                _inFlight.Remove(expired);
            }

            while (taken.Count < max && _visible.First is { } first)
            {
                _visible.RemoveFirst();
                var message = first.Value;
                message.Receives++;
                var handle = Guid.NewGuid().ToString("N");
                _inFlight[handle] = (message, now + (long)visibility.TotalMilliseconds);
                taken.Add((message, handle));
            }
        }

        return taken;
    }

    private string Delete(JsonElement root)
    {
        var ok = new List<string>();
        lock (_gate)
        {
            foreach (var entry in root.GetProperty("Entries").EnumerateArray())
            {
                if (_inFlight.Remove(entry.GetProperty("ReceiptHandle").GetString()!))
                {
                    Interlocked.Increment(ref _deleted);
                }

                ok.Add($$"""{"Id":"{{entry.GetProperty("Id").GetString()}}"}""");
            }
        }

        return $$"""{"Successful":[{{string.Join(',', ok)}}],"Failed":[]}""";
    }

    private string ChangeVisibility(JsonElement root)
    {
        var handle = root.GetProperty("ReceiptHandle").GetString()!;
        var seconds = root.GetProperty("VisibilityTimeout").GetInt32();
        lock (_gate)
        {
            if (_inFlight.TryGetValue(handle, out var entry))
            {
                _inFlight[handle] = (entry.Message, Environment.TickCount64 + (seconds * 1000L));
            }
        }

        return "{}";
    }

    // SQS's own checksum of a body, which the SDK verifies: not a security use.
#pragma warning disable CA5351
    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351

    private sealed class Message(string id, string body, string md5)
    {
        public string Id { get; } = id;

        public string Body { get; } = body;

        public string Md5 { get; } = md5;

        public int Receives { get; set; }
    }
}

internal sealed record ReceivedMessage(string MessageId, string ReceiptHandle, string MD5OfBody, string Body, Dictionary<string, string> Attributes);

[System.Text.Json.Serialization.JsonSerializable(typeof(ReceivedMessage))]
internal sealed partial class StubJson : System.Text.Json.Serialization.JsonSerializerContext;

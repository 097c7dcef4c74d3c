// The floor for cold start: a Runtime API loop that answers every invocation with a constant, nothing else.
// Same transport as the function (HttpClient over SocketsHttpHandler), no configuration, no logging, no AWS calls.
using System.Net.Http.Headers;

var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrEmpty(api))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set").ConfigureAwait(false);
    return 2;
}

var baseAddress = new Uri($"http://{api}/2018-06-01/runtime/");
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
var hello = "{\"status\":\"hello\"}"u8.ToArray();
while (true)
{
    using var next = await http.GetAsync(new Uri(baseAddress, "invocation/next")).ConfigureAwait(false);
    if (!next.IsSuccessStatusCode || !next.Headers.TryGetValues("Lambda-Runtime-Aws-Request-Id", out var ids))
    {
        return 1;
    }

    _ = await next.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
    using var content = new ByteArrayContent(hello);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var posted = await http.PostAsync(new Uri(baseAddress, $"invocation/{Uri.EscapeDataString(ids.First())}/response"), content)
        .ConfigureAwait(false);
}

using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

/// <summary>Feeds payload files to the production unmarshallers the way the SDK pipeline does.</summary>
internal static class PayloadHarness
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Payloads", relative);

    public static AmazonWebServiceResponse UnmarshallXml(XmlResponseUnmarshaller unmarshaller, string payload, Dictionary<string, string>? headers = null)
        => UnmarshallXmlText(unmarshaller, File.ReadAllText(PathOf(payload)), headers);

    /// <summary>Like <see cref="UnmarshallXml"/> for a body given as text (a payload file with one value changed).</summary>
    public static AmazonWebServiceResponse UnmarshallXmlText(XmlResponseUnmarshaller unmarshaller, string body, Dictionary<string, string>? headers = null)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
        using var context = new XmlUnmarshallerContext(stream, false, new FakeResponseData(HttpStatusCode.OK, "text/xml", headers), false);
        return unmarshaller.Unmarshall((UnmarshallerContext)context);
    }

    public static AmazonServiceException UnmarshallXmlError(XmlResponseUnmarshaller unmarshaller, string payload, HttpStatusCode status)
    {
        using var stream = File.OpenRead(PathOf(payload));
        using var context = new XmlUnmarshallerContext(stream, false, new FakeResponseData(status, "text/xml", null), true);
        return unmarshaller.UnmarshallException((UnmarshallerContext)context, null, status);
    }

    public static AmazonWebServiceResponse UnmarshallJson(JsonResponseUnmarshaller unmarshaller, string payload, Dictionary<string, string>? headers = null)
    {
        using var stream = File.OpenRead(PathOf(payload));
        using var context = new JsonUnmarshallerContext(stream, false, new FakeResponseData(HttpStatusCode.OK, "application/json", headers), false);
        return unmarshaller.Unmarshall((UnmarshallerContext)context);
    }

    public static AmazonServiceException UnmarshallJsonError(
        JsonResponseUnmarshaller unmarshaller, string payload, HttpStatusCode status, Dictionary<string, string>? headers = null)
    {
        using var stream = File.OpenRead(PathOf(payload));
        using var context = new JsonUnmarshallerContext(stream, false, new FakeResponseData(status, "application/json", headers), true);
        return unmarshaller.UnmarshallException((UnmarshallerContext)context, null, status);
    }
}

internal sealed class FakeResponseData(HttpStatusCode status, string contentType, Dictionary<string, string>? headers) : IWebResponseData
{
    private readonly Dictionary<string, string> _headers = new(headers ?? [], StringComparer.OrdinalIgnoreCase);

    public long ContentLength => -1;

    public string ContentType => contentType;

    public HttpStatusCode StatusCode => status;

    public bool IsSuccessStatusCode => (int)status is >= 200 and < 300;

    public IHttpResponseBody ResponseBody => null!;

    public string[] GetHeaderNames() => [.. _headers.Keys];

    public bool IsHeaderPresent(string headerName) => _headers.ContainsKey(headerName);

    public string GetHeaderValue(string headerName) => _headers.TryGetValue(headerName, out var v) ? v : null!;

    public Amazon.Runtime.EventStreams.IEventStreamHeader GetEventStreamHeader(string headerName) => null!;

    public bool IsEventHeaderPresent(string headerName) => false;
}

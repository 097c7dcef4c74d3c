using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>Request building for the AWS Query protocol (form-encoded POST, XML answers).</summary>
internal static class QueryProtocol
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Builds the POST with <c>Action</c>, <c>Version</c> and then the given parameters, in that order.</summary>
    public static IRequest Create(
        AmazonWebServiceRequest original, string serviceName, string action, string version,
        IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var body = new StringBuilder()
            .Append("Action=").Append(Uri.EscapeDataString(action))
            .Append("&Version=").Append(Uri.EscapeDataString(version));
        foreach (var (name, value) in parameters)
        {
            body.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var request = new DefaultRequest(original, serviceName) { HttpMethod = "POST", ResourcePath = "/" };
        request.Headers["Content-Type"] = ContentType;
        request.Content = Encoding.UTF8.GetBytes(body.ToString());
        return request;
    }
}

/// <summary>Reading Query-protocol XML answers without reflection.</summary>
internal static class XmlProtocol
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        MaxCharactersInDocument = 32 * 1024 * 1024,
    };

    /// <summary>Loads the body and returns the <c>&lt;Action&gt;Result</c> element (namespace ignored).</summary>
    public static XElement LoadResult(XmlUnmarshallerContext context, string action)
    {
        var document = Load(context.Stream);
        var root = document.Root ?? throw new XmlException("The response has no root element.");
        if (root.Name.LocalName != action + "Response")
        {
            throw new XmlException($"Expected <{action}Response> but the response's root element is <{root.Name.LocalName}>.");
        }

        return Child(root, action + "Result") ?? throw new XmlException($"The response has no <{action}Result> element.");
    }

    public static XDocument Load(Stream stream)
    {
        using var reader = XmlReader.Create(stream, Settings);
        return XDocument.Load(reader);
    }

    public static XElement? Child(XElement parent, string localName)
        => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(XElement parent, string localName)
        => parent.Elements().Where(e => e.Name.LocalName == localName);

    public static string? Text(XElement parent, string localName) => Child(parent, localName)?.Value;

    public static bool? Bool(XElement parent, string localName) => Text(parent, localName) switch
    {
        null => null,
        var s => bool.Parse(s.Trim()),
    };

    public static DateTime? Date(XElement parent, string localName) => Text(parent, localName) switch
    {
        null => null,
        var s => DateTime.Parse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
    };

    /// <summary>The members of a list shape (<c>&lt;Name&gt;&lt;member&gt;…</c>).</summary>
    public static IEnumerable<XElement> Members(XElement parent, string listName)
        => Child(parent, listName) is { } list ? Children(list, "member") : [];

    /// <summary>Runs <paramref name="parse"/> and reports malformed bodies as <see cref="AmazonUnmarshallingException"/>.</summary>
    public static T Guard<T>(XmlUnmarshallerContext context, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is XmlException or FormatException or OverflowException or InvalidOperationException)
        {
            var requestId = context.ResponseData?.GetHeaderValue("x-amzn-RequestId");
            throw new AmazonUnmarshallingException(
                requestId, context.CurrentPath, $"The service returned a response that is not the XML expected: {e.Message}", e,
                context.ResponseData?.StatusCode ?? HttpStatusCode.OK);
        }
    }

    /// <summary>The SDK's own parse of an <c>ErrorResponse</c> document.</summary>
    public static ErrorResponse ParseError(XmlUnmarshallerContext context)
        => XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(context);
}

/// <summary>Request building and answer reading for AWS JSON protocols (awsJson1.1 and restJson1).</summary>
internal static class JsonProtocol
{
    private const int MaxResponseBytes = 32 * 1024 * 1024;

    /// <summary>An awsJson1.1 timestamp (epoch seconds with a fraction) as UTC, to the millisecond; null stays null.</summary>
    public static DateTime? FromEpochSeconds(double? epochSeconds) =>
        epochSeconds is { } t ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(t * 1000)).UtcDateTime : null;

    // Minimal escaping (\" rather than \u0022), as the AWS SDKs send it; these bodies never reach HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A restJson1 request: method and path identify the operation; the body is JSON.</summary>
    public static IRequest CreateRest(AmazonWebServiceRequest original, string serviceName, string method, string path, byte[] body)
    {
        var request = new DefaultRequest(original, serviceName) { HttpMethod = method, ResourcePath = path };
        request.Headers["Content-Type"] = "application/json";
        request.Content = body;
        return request;
    }

    /// <summary>An awsJson1.1 request: POST / with <c>X-Amz-Target: prefix.Operation</c>.</summary>
    public static IRequest CreateTargeted(AmazonWebServiceRequest original, string serviceName, string target, byte[] body)
    {
        var request = new DefaultRequest(original, serviceName) { HttpMethod = "POST", ResourcePath = "/" };
        request.Headers["X-Amz-Target"] = target;
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        request.Content = body;
        return request;
    }

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads the whole body (bounded) and deserializes it with source-generated metadata.</summary>
    public static T Read<T>(JsonUnmarshallerContext context, JsonTypeInfo<T> typeInfo)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = context.Stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > MaxResponseBytes)
            {
                throw new InvalidDataException($"The response body exceeds {MaxResponseBytes} bytes.");
            }

            copy.Write(buffer, 0, read);
        }

        if (copy.Length == 0)
        {
            throw new JsonException("The response body is empty where a JSON document was expected.");
        }

        return JsonSerializer.Deserialize(copy.ToArray(), typeInfo)
            ?? throw new JsonException("The response body is the JSON literal null.");
    }

    /// <summary>The SDK's own parse of a JSON error (<c>__type</c>, <c>x-amzn-ErrorType</c>, message).</summary>
    public static ErrorResponse ParseError(JsonUnmarshallerContext context)
    {
        var reader = new StreamingUtf8JsonReader(context.Stream);
        return JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(context, ref reader);
    }

    /// <summary><see cref="ParseError"/>, or for a body that is not JSON an error that says so (with the request id).</summary>
    public static ErrorResponse ParseErrorOrDescribe(JsonUnmarshallerContext context, HttpStatusCode statusCode, string service)
    {
        try
        {
            return ParseError(context);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return new ErrorResponse
            {
                Message = $"{service} returned HTTP {(int)statusCode} with a body that is not JSON: {e.Message}",
                RequestId = context.ResponseData?.GetHeaderValue("x-amzn-RequestId"),
            };
        }
    }
}

using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Aws.SecurityHub.Internal;

internal static class SecurityHubRest
{
    public const string ServiceName = "SecHubRootMfa.SecurityHub";
}

/// <summary>BatchImportFindings → <c>POST /findings/import</c> with <c>{"Findings":[…ASFF…]}</c>.</summary>
internal sealed class BatchImportFindingsRequestMarshaller
    : IMarshaller<IRequest, BatchImportFindingsRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static BatchImportFindingsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((BatchImportFindingsRequest)input);

    public IRequest Marshall(BatchImportFindingsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var body = JsonProtocol.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Findings");
            foreach (var finding in input.Findings ?? [])
            {
                JsonSerializer.Serialize(writer, finding, AsffJsonContext.Default.AwsSecurityFinding);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return JsonProtocol.CreateRest(input, SecurityHubRest.ServiceName, "POST", "/findings/import", body);
    }
}

/// <summary>GetFindings → <c>POST /findings</c> with Filters, MaxResults and NextToken.</summary>
internal sealed class GetFindingsRequestMarshaller
    : IMarshaller<IRequest, GetFindingsRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static GetFindingsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((GetFindingsRequest)input);

    public IRequest Marshall(GetFindingsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.MaxResults is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.MaxResults, "Security Hub GetFindings MaxResults must be between 1 and 100.");
        }

        var body = JsonProtocol.Write(writer =>
        {
            writer.WriteStartObject();
            if (input.Filters is { } filters)
            {
                writer.WriteStartObject("Filters");
                WriteStringFilters(writer, "Id", filters.Id);
                WriteStringFilters(writer, "ProductArn", filters.ProductArn);
                WriteStringFilters(writer, "AwsAccountId", filters.AwsAccountId);
                WriteStringFilters(writer, "GeneratorId", filters.GeneratorId);
                WriteStringFilters(writer, "RecordState", filters.RecordState);
                writer.WriteEndObject();
            }

            if (input.MaxResults is { } max)
            {
                writer.WriteNumber("MaxResults", max);
            }

            if (input.NextToken is { } token)
            {
                writer.WriteString("NextToken", token);
            }

            writer.WriteEndObject();
        });
        return JsonProtocol.CreateRest(input, SecurityHubRest.ServiceName, "POST", "/findings", body);
    }

    private static void WriteStringFilters(Utf8JsonWriter writer, string name, List<StringFilter>? filters)
    {
        if (filters is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var filter in filters)
        {
            writer.WriteStartObject();
            if (filter.Value is not null)
            {
                writer.WriteString("Value", filter.Value);
            }

            writer.WriteString("Comparison", (filter.Comparison ?? StringFilterComparison.EQUALS).Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.Organizations.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.Organizations.Internal;

/// <summary>ListAccounts → awsJson1.1 <c>AWSOrganizationsV20161128.ListAccounts</c> with NextToken and MaxResults.</summary>
internal sealed class ListAccountsRequestMarshaller : IMarshaller<IRequest, ListAccountsRequest>, IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public const string TargetPrefix = "AWSOrganizationsV20161128";

    public static ListAccountsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((ListAccountsRequest)input);

    public IRequest Marshall(ListAccountsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.MaxResults is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.MaxResults, "Organizations ListAccounts MaxResults must be between 1 and 20.");
        }

        var body = JsonProtocol.Write(writer =>
        {
            writer.WriteStartObject();
            if (input.NextToken is { } token)
            {
                writer.WriteString("NextToken", token);
            }

            if (input.MaxResults is { } max)
            {
                writer.WriteNumber("MaxResults", max);
            }

            writer.WriteEndObject();
        });
        return JsonProtocol.CreateTargeted(input, "SecHubRootMfa.Organizations", TargetPrefix + ".ListAccounts", body);
    }
}

internal sealed class ListAccountsWire
{
    public List<AccountWire>? Accounts { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class AccountWire
{
    public string? Id { get; set; }

    public string? Arn { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Status { get; set; }

    public string? State { get; set; }

    public string? JoinedMethod { get; set; }

    // awsJson1.1 timestamps are epoch seconds with a fraction.
    public double? JoinedTimestamp { get; set; }
}

[JsonSerializable(typeof(ListAccountsWire))]
internal sealed partial class OrganizationsJsonContext : JsonSerializerContext;

/// <summary>ListAccounts answer: the page's accounts and the next token; errors typed by <c>__type</c>.</summary>
internal sealed class ListAccountsResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static ListAccountsResponseUnmarshaller Instance { get; } = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, OrganizationsJsonContext.Default.ListAccountsWire);
        return new ListAccountsResponse
        {
            Accounts = (wire.Accounts ?? throw new JsonException("ListAccounts answer lacks the Accounts array."))
                .Select(a => new Account
                {
                    Id = a.Id,
                    Arn = a.Arn,
                    Name = a.Name,
                    Email = a.Email,
                    Status = a.Status,
                    State = a.State,
                    JoinedMethod = a.JoinedMethod,
                    JoinedTimestamp = JsonProtocol.FromEpochSeconds(a.JoinedTimestamp),
                })
                .ToList(),
            NextToken = string.IsNullOrEmpty(wire.NextToken) ? null : wire.NextToken,
        };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        ArgumentNullException.ThrowIfNull(input);
        var error = JsonProtocol.ParseErrorOrDescribe(input, statusCode, "Organizations");

        var message = error.Message ?? $"Organizations returned HTTP {(int)statusCode}.";
        return error.Code switch
        {
            "AccessDeniedException" => new AccessDeniedException(
                $"Organizations denied ListAccounts: {message} Run in the management account or a delegated administrator and grant organizations:ListAccounts.",
                innerException, error.Type, error.Code, error.RequestId, statusCode),
            "AWSOrganizationsNotInUseException" => new AWSOrganizationsNotInUseException(
                $"This account is not a member of an AWS Organization: {message} Use an explicit account list instead.",
                innerException, error.Type, error.Code, error.RequestId, statusCode),
            "TooManyRequestsException" => new TooManyRequestsException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "InvalidInputException" => new InvalidInputException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ServiceException" => new ServiceException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            _ => new AmazonOrganizationsException(message, innerException, error.Type, error.Code, error.RequestId, statusCode),
        };
    }
}

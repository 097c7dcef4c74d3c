using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub.Internal;

/// <summary>Shared Security Hub error handling; knows the client's region to phrase "not enabled" errors.</summary>
internal abstract class SecurityHubResponseUnmarshaller(string? region) : JsonResponseUnmarshaller
{
    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        ArgumentNullException.ThrowIfNull(input);
        var error = JsonProtocol.ParseErrorOrDescribe(input, statusCode, "Security Hub");

        return SecurityHubErrors.Create(error, innerException, statusCode, region);
    }
}

internal static partial class SecurityHubErrors
{
    public static AmazonSecurityHubException Create(ErrorResponse error, Exception? inner, HttpStatusCode status, string? region)
    {
        var message = error.Message ?? $"Security Hub returned HTTP {(int)status}.";
        var code = error.Code;
        return code switch
        {
            "InvalidAccessException" => new InvalidAccessException(
                NotEnabledMessage(message, region), inner, error.Type, code, error.RequestId, status),
            "AccessDeniedException" => new AccessDeniedException(
                $"Security Hub denied the request: {message} Grant the caller securityhub:BatchImportFindings and securityhub:GetFindings.",
                inner, error.Type, code, error.RequestId, status),
            "InvalidInputException" => new InvalidInputException(message, inner, error.Type, code, error.RequestId, status),
            "LimitExceededException" => new LimitExceededException(message, inner, error.Type, code, error.RequestId, status),
            "InternalException" => new InternalException(message, inner, error.Type, code, error.RequestId, status),
            "ResourceNotFoundException" => new ResourceNotFoundException(message, inner, error.Type, code, error.RequestId, status),
            _ => new AmazonSecurityHubException(message, inner, error.Type, code, error.RequestId, status),
        };
    }

    private static string NotEnabledMessage(string awsMessage, string? region)
    {
        if (!awsMessage.Contains("not subscribed", StringComparison.OrdinalIgnoreCase))
        {
            return $"Security Hub refused access in {region ?? "this region"}: {awsMessage}";
        }

        var account = AccountIdPattern().Match(awsMessage) is { Success: true } m ? m.Value : "the calling account";
        var where = region ?? "this region";
        return $"Security Hub is not enabled in {where} for account {account}. Enable Security Hub there "
            + $"(console, or `aws securityhub enable-security-hub --region {where}`) or send findings to the region where it is enabled. "
            + $"AWS said: {awsMessage}";
    }

    [GeneratedRegex(@"\b\d{12}\b")]
    private static partial Regex AccountIdPattern();
}

/// <summary>BatchImportFindings answer: counts and the failed findings.</summary>
internal sealed class BatchImportFindingsResponseUnmarshaller(string? region) : SecurityHubResponseUnmarshaller(region)
{
    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, SecurityHubJsonContext.Default.BatchImportFindingsWire);
        if (wire.FailedCount is null || wire.SuccessCount is null)
        {
            throw new JsonException("BatchImportFindings answer lacks FailedCount or SuccessCount.");
        }

        return new BatchImportFindingsResponse
        {
            FailedCount = wire.FailedCount,
            SuccessCount = wire.SuccessCount,
            FailedFindings = (wire.FailedFindings ?? [])
                .Select(f => new ImportFindingsError { Id = f.Id, ErrorCode = f.ErrorCode, ErrorMessage = f.ErrorMessage })
                .ToList(),
        };
    }
}

/// <summary>GetFindings answer: ASFF findings read with the Core model's metadata, and the next token.</summary>
internal sealed class GetFindingsResponseUnmarshaller(string? region) : SecurityHubResponseUnmarshaller(region)
{
    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        var wire = JsonProtocol.Read(input, SecurityHubJsonContext.Default.GetFindingsWire);
        return new GetFindingsResponse
        {
            Findings = wire.Findings ?? throw new JsonException("GetFindings answer lacks the Findings array."),
            NextToken = string.IsNullOrEmpty(wire.NextToken) ? null : wire.NextToken,
        };
    }
}

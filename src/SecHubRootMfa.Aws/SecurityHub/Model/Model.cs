using Amazon.Runtime;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Aws.SecurityHub.Model;

/// <summary>Input of <c>BatchImportFindings</c>: at most 100 findings and 6 MB per call.</summary>
public sealed class BatchImportFindingsRequest : AmazonWebServiceRequest
{
    /// <summary>The ASFF findings to create or update.</summary>
    public List<AwsSecurityFinding> Findings { get; set; } = [];
}

/// <summary>Output of <c>BatchImportFindings</c>; a 200 answer can still carry per-finding failures.</summary>
public sealed class BatchImportFindingsResponse : AmazonWebServiceResponse
{
    /// <summary>How many findings were rejected.</summary>
    public int? FailedCount { get; set; }

    /// <summary>How many findings were imported.</summary>
    public int? SuccessCount { get; set; }

    /// <summary>The rejected findings with their error code and message.</summary>
    public List<ImportFindingsError> FailedFindings { get; set; } = [];
}

/// <summary>One finding Security Hub rejected.</summary>
public sealed class ImportFindingsError
{
    /// <summary>The finding's Id.</summary>
    public string? Id { get; set; }

    /// <summary>The code, e.g. <c>InvalidInput</c> or <c>ThrottlingException</c>.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Why.</summary>
    public string? ErrorMessage { get; set; }
}

// The constant names mirror AWSSDK.SecurityHub (StringFilterComparison.EQUALS) so a later swap is mechanical.
#pragma warning disable CA1707, CA1708
/// <summary>How a <see cref="StringFilter"/> compares.</summary>
public sealed class StringFilterComparison : IEquatable<StringFilterComparison>
{
    /// <summary>Exact match.</summary>
    public static readonly StringFilterComparison EQUALS = new("EQUALS");

    /// <summary>Starts with.</summary>
    public static readonly StringFilterComparison PREFIX = new("PREFIX");

    /// <summary>Not an exact match.</summary>
    public static readonly StringFilterComparison NOT_EQUALS = new("NOT_EQUALS");

    /// <summary>Does not start with.</summary>
    public static readonly StringFilterComparison PREFIX_NOT_EQUALS = new("PREFIX_NOT_EQUALS");

    private StringFilterComparison(string value) => Value = value;

    /// <summary>The wire value.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public bool Equals(StringFilterComparison? other) => other is not null && other.Value == Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StringFilterComparison);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

#pragma warning restore CA1707, CA1708

/// <summary>A string condition of <see cref="AwsSecurityFindingFilters"/>.</summary>
public sealed class StringFilter
{
    /// <summary>The value to compare with.</summary>
    public string? Value { get; set; }

    /// <summary>The comparison; EQUALS when null.</summary>
    public StringFilterComparison? Comparison { get; set; }
}

/// <summary>The subset of Security Hub's finding filters we use; within a field conditions are OR-ed, across fields AND-ed.</summary>
public sealed class AwsSecurityFindingFilters
{
    /// <summary>Filter by finding Id.</summary>
    public List<StringFilter>? Id { get; set; }

    /// <summary>Filter by product ARN.</summary>
    public List<StringFilter>? ProductArn { get; set; }

    /// <summary>Filter by account.</summary>
    public List<StringFilter>? AwsAccountId { get; set; }

    /// <summary>Filter by generator id.</summary>
    public List<StringFilter>? GeneratorId { get; set; }

    /// <summary>Filter by record state (ACTIVE / ARCHIVED).</summary>
    public List<StringFilter>? RecordState { get; set; }
}

/// <summary>Input of <c>GetFindings</c>.</summary>
public sealed class GetFindingsRequest : AmazonWebServiceRequest
{
    /// <summary>Which findings to return.</summary>
    public AwsSecurityFindingFilters? Filters { get; set; }

    /// <summary>Page size, 1–100; null means the service default.</summary>
    public int? MaxResults { get; set; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; set; }
}

/// <summary>Output of <c>GetFindings</c>.</summary>
public sealed class GetFindingsResponse : AmazonWebServiceResponse
{
    /// <summary>The findings on this page, in ASFF.</summary>
    public List<AwsSecurityFinding> Findings { get; set; } = [];

    /// <summary>The token of the next page, or null at the end.</summary>
    public string? NextToken { get; set; }
}

using Amazon.Runtime;

namespace SecHubRootMfa.Aws.Organizations.Model;

/// <summary>Input of <c>ListAccounts</c>.</summary>
public sealed class ListAccountsRequest : AmazonWebServiceRequest
{
    /// <summary>The <c>NextToken</c> of the previous page, or null for the first page.</summary>
    public string? NextToken { get; set; }

    /// <summary>Page size, 1–20; null means the service default.</summary>
    public int? MaxResults { get; set; }
}

/// <summary>Output of <c>ListAccounts</c> (one page; an empty page can still have a NextToken).</summary>
public sealed class ListAccountsResponse : AmazonWebServiceResponse
{
    /// <summary>The accounts on this page.</summary>
    public List<Account> Accounts { get; set; } = [];

    /// <summary>The token for the next page; null only when there are no more.</summary>
    public string? NextToken { get; set; }
}

/// <summary>A member account of the organization.</summary>
public sealed class Account
{
    /// <summary>The 12-digit account id.</summary>
    public string? Id { get; set; }

    /// <summary>The account's ARN in the organization.</summary>
    public string? Arn { get; set; }

    /// <summary>The account name.</summary>
    public string? Name { get; set; }

    /// <summary>The account's email address.</summary>
    public string? Email { get; set; }

    /// <summary>Legacy status: ACTIVE, SUSPENDED or PENDING_CLOSURE (retired by AWS on 2026-09-09).</summary>
    public string? Status { get; set; }

    /// <summary>PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED; null where AWS only sends Status.</summary>
    public string? State { get; set; }

    /// <summary>INVITED or CREATED.</summary>
    public string? JoinedMethod { get; set; }

    /// <summary>When the account joined (UTC).</summary>
    public DateTime? JoinedTimestamp { get; set; }

    /// <summary>True when the account is active: <c>State</c> ACTIVE, or <c>Status</c> ACTIVE where State is absent.</summary>
    public bool IsActive => (State ?? Status) == "ACTIVE";
}

using System.Text.Json.Serialization;

namespace SecHubRootMfa.Function.Handling;

/// <summary>What the function answers for every invocation.</summary>
public sealed record FunctionResponse
{
    /// <summary><c>evaluated</c> or <c>ignored</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why an invocation was ignored.</summary>
    public string? Reason { get; init; }

    /// <summary>The evaluation's outcome.</summary>
    public EvaluationSummary? Evaluation { get; init; }

    /// <summary>Org mode, whole run: the per-account report's totals and failures.</summary>
    public OrganizationSummary? Organization { get; init; }
}

/// <summary>The totals of an organization run.</summary>
public sealed record OrganizationSummary
{
    /// <summary>Accounts evaluated.</summary>
    public required int Evaluated { get; init; }

    /// <summary>Accounts that failed.</summary>
    public required int Failed { get; init; }

    /// <summary>Accounts skipped.</summary>
    public required int Skipped { get; init; }

    /// <summary>Wall time of the run in milliseconds.</summary>
    public required long DurationMs { get; init; }

    /// <summary>The failed accounts with their causes.</summary>
    public required List<AccountFailure> Failures { get; init; }
}

/// <summary>One account that failed in an organization run.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Cause">Why.</param>
/// <param name="FindingImported">True when a NOT_AVAILABLE finding reached the account's Security Hub.</param>
/// <param name="ReachabilityFindingId">The member's reachability finding in the administrator's Security Hub, when one is kept.</param>
public sealed record AccountFailure(string AccountId, string Cause, bool FindingImported, string? ReachabilityFindingId = null);

/// <summary>The outcome of one evaluation.</summary>
public sealed record EvaluationSummary
{
    /// <summary>The account evaluated.</summary>
    public required string AccountId { get; init; }

    /// <summary>PASSED, FAILED or NOT_AVAILABLE.</summary>
    public required string ComplianceStatus { get; init; }

    /// <summary>The reason code.</summary>
    public required string Reason { get; init; }

    /// <summary>The finding's Id in Security Hub.</summary>
    public required string FindingId { get; init; }

    /// <summary>True when Security Hub accepted the finding.</summary>
    public required bool Imported { get; init; }

    /// <summary>What caused the evaluation.</summary>
    public required string Trigger { get; init; }

    /// <summary>The status before this evaluation, when known.</summary>
    public string? PreviousStatus { get; init; }

    /// <summary>True when a Root MFA Compliance Changed event was published.</summary>
    public required bool ChangePublished { get; init; }

    /// <summary>When a provisional verdict is re-checked (IAM could not yet confirm a device removal); omitted otherwise.</summary>
    public string? RecheckAt { get; init; }

    /// <summary>Why the event was evaluated on its identity alone; omitted for a fully read event.</summary>
    public string? Degraded { get; init; }
}

/// <summary>Source-generated JSON for the function's responses (camelCase); writing only.</summary>
// Serialization mode: responses are only ever written, and the write-only fast path skips building property metadata,
// which is first-use work on every cold start. Deserializing with this context throws: add a context if that is needed.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(FunctionResponse))]
public sealed partial class FunctionJsonContext : JsonSerializerContext;

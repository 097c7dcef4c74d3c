using System.Text;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>
/// Builds the administrator's finding about one member's reachability: one per member (a stable Id), imported into the
/// administrator's own Security Hub with the member as its <c>AwsAccount</c> resource, updated in place. An unreachable
/// member is FAILED/HIGH, a reachable one PASSED/INFORMATIONAL, one that only failed transiently so far NOT_AVAILABLE/LOW.
/// Deterministic, and every documented ASFF limit holds by construction.
/// </summary>
public sealed class MemberReachabilityFindingBuilder(DeploymentContext administrator)
{
    /// <summary>The part of the Id and GeneratorId that names this finding.</summary>
    public const string ControlName = "member-reachability";

    /// <summary>Stable across versions and members; a GetFindings filter on it lists every reachability finding.</summary>
    public const string GeneratorId = "sechubrootmfa/" + ControlName;

    /// <summary>The same for every state, so analysts can filter on it.</summary>
    public const string Title = "Member account reachable by the root MFA check (SecHubRootMfa organization mode)";

    /// <summary>
    /// The finding is about the checker's access to a member, not about a CIS requirement: filed with AWS security best
    /// practices, so a CIS report never counts it as a result of the root MFA recommendation.
    /// </summary>
    public const string FindingType = "Software and Configuration Checks/AWS Security Best Practices";

    private readonly DeploymentContext _administrator = administrator ?? throw new ArgumentNullException(nameof(administrator));

    /// <summary><c>sechubrootmfa/&lt;partition&gt;/&lt;administrator&gt;/member-reachability/&lt;member&gt;</c>.</summary>
    public static string FindingId(AwsPartition partition, string administratorAccountId, string memberAccountId) =>
        $"sechubrootmfa/{partition.Name}/{AccountIds.Require(administratorAccountId)}/{ControlName}/{AccountIds.Require(memberAccountId)}";

    /// <summary>The ASFF compliance status for a state: what an analyst filters on.</summary>
    public static ComplianceStatus StatusOf(MemberReachState state) => state switch
    {
        MemberReachState.Reachable => ComplianceStatus.Passed,
        MemberReachState.Unreachable => ComplianceStatus.Failed,
        _ => ComplianceStatus.NotAvailable,
    };

    /// <summary>The ASFF severity for a state.</summary>
    public static SeverityLabel SeverityOf(MemberReachState state) => state switch
    {
        MemberReachState.Reachable => SeverityLabel.Informational,
        MemberReachState.Unreachable => SeverityLabel.High,
        _ => SeverityLabel.Low,
    };

    /// <summary>Builds the finding.</summary>
    /// <param name="r">The member's reachability after the latest attempt.</param>
    /// <param name="history">CreatedAt/FirstObservedAt of the stored finding, if any.</param>
    /// <param name="transientGrace">How long transient failures may last before the member counts as unreachable.</param>
    /// <param name="memberName">The member's name in AWS Organizations, when known.</param>
    public AwsSecurityFinding Build(MemberReachability r, FindingHistory history, TimeSpan transientGrace, string? memberName = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(history);
        var partition = _administrator.Partition;
        var attempted = RootMfaFindingBuilder.Timestamp(r.LastAttemptAt);
        var status = StatusOf(r.State);
        var severity = new Severity { Label = SeverityOf(r.State).ToAsff(), Original = SeverityOf(r.State).ToAsff() };
        var name = new DeploymentContext(_administrator.HomeRegion, r.MemberAccountId) { AccountName = memberName }.AccountName;
        var memberFindingId = ControlIdentity.FindingId(partition, r.MemberAccountId);
        var (head, tail) = Description(r, name, memberFindingId, transientGrace);

        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ProviderName"] = ControlIdentity.ProviderName,
            ["ProviderVersion"] = _administrator.ProviderVersion,
            [RootMfaFindingBuilder.FieldPrefix + "MemberFindingId"] = memberFindingId,
        };
        MemberReachabilityFields.Write(fields, r);
        if (r.UnreachableFrom(transientGrace) is { } from)
        {
            fields[RootMfaFindingBuilder.FieldPrefix + "UnreachableFrom"] = RootMfaFindingBuilder.Timestamp(from);
        }

        return new AwsSecurityFinding
        {
            SchemaVersion = "2018-10-08",
            Id = FindingId(partition, _administrator.ImportingAccountId, r.MemberAccountId),
            ProductArn = _administrator.ProductArn,
            GeneratorId = GeneratorId,
            AwsAccountId = _administrator.ImportingAccountId,
            ProductName = ControlIdentity.ProductName,
            CompanyName = ControlIdentity.CompanyName,
            Types = [FindingType],
            CreatedAt = history.CreatedAt is { } created ? RootMfaFindingBuilder.Timestamp(created) : attempted,
            FirstObservedAt = history.FirstObservedAt is { } first ? RootMfaFindingBuilder.Timestamp(first) : attempted,
            // Security Hub ignores an update whose UpdatedAt is not later than the stored one's: the attempt's start time
            // orders concurrent attempts (a scheduled run and a member event) the way the member finding's reads are ordered.
            UpdatedAt = attempted,
            LastObservedAt = attempted,
            Severity = severity,
            Title = Title,
            Description = AsffText.FitTail(head, tail, AsffLimits.Description),
            Remediation = new Remediation
            {
                Recommendation = new Recommendation
                {
                    Text = AsffText.Fit(MemberReachabilityRemediation.TextFor(r, _administrator.HomeRegion), AsffLimits.RecommendationText),
                },
            },
            ProductFields = fields,
            Resources =
            [
                new Resource
                {
                    Type = "AwsAccount",
                    Id = $"AWS::::Account:{r.MemberAccountId}",
                    Partition = partition.Name,
                    Region = _administrator.HomeRegion,
                },
            ],
            Compliance = new Compliance
            {
                Status = status.ToAsff(),
                StatusReasons =
                [
                    new StatusReason
                    {
                        ReasonCode = ReasonCode(r),
                        Description = AsffText.Fit(head + tail, AsffLimits.StatusReasonDescription),
                    },
                ],
            },
            RecordState = "ACTIVE",
            Workflow = new Workflow { Status = "NEW" },
            FindingProviderFields = new FindingProviderFields { Severity = severity with { }, Types = [FindingType] },
        };
    }

    /// <summary>The reason code: <c>MEMBER_REACHABLE</c>, or the failed step (<c>MEMBER_ROLE_NOT_ASSUMABLE</c>, …).</summary>
    public static string ReasonCode(MemberReachability r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.State == MemberReachState.Reachable ? "MEMBER_REACHABLE" : r.Failure?.Stage switch
        {
            MemberFailureStage.EnterAccount => "MEMBER_ROLE_NOT_ASSUMABLE",
            MemberFailureStage.ReadFinding => "MEMBER_SECURITY_HUB_UNREADABLE",
            MemberFailureStage.ImportFinding => "MEMBER_IMPORT_REFUSED",
            _ => "MEMBER_CHECK_INCOMPLETE",
        };
    }

    // The head says state, since when and what it means for the member's own finding (never cut); the tail carries the
    // causes, which come from outside and are cut first.
    private static (string Head, string Tail) Description(MemberReachability r, string? name, string memberFindingId, TimeSpan grace)
    {
        var who = name is null ? $"Member account {r.MemberAccountId}" : $"Member account {r.MemberAccountId} ({name})";
        var since = RootMfaFindingBuilder.Timestamp(r.Since);
        var last = RootMfaFindingBuilder.Timestamp(r.LastAttemptAt);
        var tail = new StringBuilder();
        string head;
        switch (r.State)
        {
            case MemberReachState.Unreachable:
                head = $"{who} is UNREACHABLE since {since}: {StepSentence(r.Failure!.Stage)} Its own root MFA finding ({memberFindingId}) "
                    + $"was not updated and may be out of date. Last attempt {last} ({AsffText.Fit(r.Trigger, 64)}). ";
                tail.Append(r.Failure.Transient ? "Transient failure: " : "Cause: ").Append(r.Failure.Cause);
                break;
            case MemberReachState.Reachable when r.Failure is { } pending:
                head = $"{who} is reachable since {since}, but the latest attempt ({last}, {AsffText.Fit(r.Trigger, 64)}) failed with a transient error; "
                    + $"it counts as unreachable if failures go on until {RootMfaFindingBuilder.Timestamp(r.UnreachableFrom(grace)!.Value)}. ";
                tail.Append("Cause: ").Append(pending.Cause);
                break;
            case MemberReachState.Reachable:
                head = $"{who} is reachable since {since}: the latest attempt ({last}, {AsffText.Fit(r.Trigger, 64)}) entered it through its audit "
                    + $"role and its own root MFA finding ({memberFindingId}) is current.";
                if (r.PreviouslyUnreachableSince is { } previous)
                {
                    tail.Append(" It was unreachable from ").Append(RootMfaFindingBuilder.Timestamp(previous)).Append(" until then");
                    if (r.PreviousFailure is { } pf)
                    {
                        tail.Append("; last cause: ").Append(pf.Cause.TrimEnd('.'));
                    }

                    tail.Append('.');
                }

                break;
            default:
                head = $"{who}: reachability not confirmed yet. Every attempt since {RootMfaFindingBuilder.Timestamp(r.FailingSince ?? r.Since)} "
                    + $"failed with a transient error (latest {last}, {AsffText.Fit(r.Trigger, 64)}); it counts as unreachable if failures go on "
                    + $"until {RootMfaFindingBuilder.Timestamp(r.UnreachableFrom(grace) ?? r.LastAttemptAt)}. ";
                tail.Append("Cause: ").Append(r.Failure?.Cause ?? "unknown");
                break;
        }

        return (head, tail.ToString());
    }

    private static string StepSentence(MemberFailureStage stage) => stage switch
    {
        MemberFailureStage.EnterAccount => "the check could not assume its audit role.",
        MemberFailureStage.ReadFinding => "its Security Hub did not answer the read of its root MFA finding.",
        MemberFailureStage.ImportFinding => "its Security Hub refused the root MFA finding.",
        _ => "its root MFA check did not finish.",
    };
}

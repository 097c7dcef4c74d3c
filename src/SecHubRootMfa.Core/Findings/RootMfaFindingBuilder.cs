using System.Globalization;
using System.Text;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;

namespace SecHubRootMfa.Core.Findings;

/// <summary>Timestamps kept from the finding already in Security Hub; both null for a first import.</summary>
/// <param name="CreatedAt">The existing finding's CreatedAt.</param>
/// <param name="FirstObservedAt">The existing finding's FirstObservedAt.</param>
public sealed record FindingHistory(DateTimeOffset? CreatedAt, DateTimeOffset? FirstObservedAt)
{
    /// <summary>No earlier finding.</summary>
    public static FindingHistory None { get; } = new(null, null);
}

/// <summary>
/// Builds the one ASFF finding per account from an evaluation. Deterministic: the same inputs give byte-identical JSON.
/// Every documented ASFF limit holds by construction; a cut is marked with an ellipsis and never removes decisive evidence.
/// </summary>
public sealed class RootMfaFindingBuilder(DeploymentContext context)
{
    /// <summary>The ProductFields prefix for our evidence keys.</summary>
    public const string FieldPrefix = "SecHubRootMfa/";

    private readonly DeploymentContext _context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>Builds the finding.</summary>
    /// <param name="evaluation">The verdict and its evidence.</param>
    /// <param name="history">CreatedAt/FirstObservedAt of the existing finding, if any.</param>
    /// <param name="trigger">What caused this evaluation, for example <c>Scheduled Event</c> or <c>EnableMFADevice</c>.</param>
    /// <param name="lastRootSignIn">The last root console sign-in seen, if any.</param>
    /// <param name="bookkeeping">The writing run's id and the change outbox; null writes neither (evaluation only).</param>
    /// <param name="eventPath">The last event-path check (live, blind or unknown, when); null when none has run yet.</param>
    public AwsSecurityFinding Build(
        RootMfaEvaluation evaluation, FindingHistory history, string trigger, RootSignInEvidence? lastRootSignIn = null,
        FindingBookkeeping? bookkeeping = null, EventPathHealth? eventPath = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        if (evaluation.Partition != _context.Partition)
        {
            throw new ArgumentException(
                $"Account {evaluation.AccountId} is in {evaluation.Partition} but Security Hub home region {_context.HomeRegion} is in {_context.Partition}.",
                nameof(evaluation));
        }

        var observed = Timestamp(evaluation.ObservedAt);

        // Security Hub ignores an update whose UpdatedAt is not later than the stored one's, so UpdatedAt is the time
        // IAM was read: an older observation can never replace a newer one, whatever order the imports arrive in.
        var updated = Timestamp(evaluation.ObservedAt.AddMilliseconds(bookkeeping?.Revision ?? 0));
        var severity = new Severity { Label = evaluation.Severity.ToAsff(), Original = evaluation.Severity.ToAsff() };
        var reasonText = ReasonDescription(evaluation);

        return new AwsSecurityFinding
        {
            SchemaVersion = "2018-10-08",
            Id = ControlIdentity.FindingId(evaluation.Partition, evaluation.AccountId),
            ProductArn = _context.ProductArn,
            GeneratorId = ControlIdentity.GeneratorId,
            AwsAccountId = evaluation.AccountId,
            AwsAccountName = _context.AccountName,
            ProductName = ControlIdentity.ProductName,
            CompanyName = ControlIdentity.CompanyName,
            Types = [ControlIdentity.FindingType],
            CreatedAt = history.CreatedAt is { } created ? Timestamp(created) : observed,
            FirstObservedAt = history.FirstObservedAt is { } first ? Timestamp(first) : observed,
            UpdatedAt = updated,
            LastObservedAt = observed,
            Severity = severity,
            Title = ControlIdentity.Title,
            Description = Description(evaluation, reasonText, lastRootSignIn, eventPath, bookkeeping?.Provisional),
            Remediation = new Remediation
            {
                Recommendation = new Recommendation
                {
                    Text = AsffText.Fit(RootMfaRemediation.TextFor(evaluation.Reason), AsffLimits.RecommendationText),
                    Url = RootMfaRemediation.HardwareMfaForRootUrl,
                },
            },
            ProductFields = ProductFields(evaluation, trigger, lastRootSignIn, bookkeeping, eventPath),
            Resources =
            [
                new Resource
                {
                    Type = "AwsAccount",
                    Id = $"AWS::::Account:{evaluation.AccountId}",
                    Partition = evaluation.Partition.Name,
                    Region = _context.HomeRegion,
                },
            ],
            Compliance = new Compliance
            {
                Status = evaluation.Status.ToAsff(),
                RelatedRequirements = [.. ControlIdentity.RelatedRequirements],
                StatusReasons =
                [
                    new StatusReason
                    {
                        ReasonCode = evaluation.Reason.ToAsff(),
                        Description = AsffText.Fit(reasonText, AsffLimits.StatusReasonDescription),
                    },
                ],
            },
            RecordState = "ACTIVE",
            Workflow = new Workflow { Status = "NEW" },
            FindingProviderFields = new FindingProviderFields
            {
                Severity = severity with { },
                Types = [ControlIdentity.FindingType],
            },
        };
    }

    /// <summary>
    /// <paramref name="value"/> cut to the millisecond in UTC: the precision findings store times with, so a time compares
    /// equal to its stored form.
    /// </summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>RFC 3339, UTC, milliseconds: <c>2026-11-28T04:00:00.000Z</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // The reason in one or two sentences; its head (status-deciding facts) is fixed length, the device list is the tail.
    private static string ReasonDescription(RootMfaEvaluation e)
    {
        var rootArn = e.Partition.RootUserArn(e.AccountId);
        var s = e.Summary;
        return e.Reason switch
        {
            ReasonCode.RootNotApplicableGovCloud =>
                $"Account {e.AccountId} is in {e.Partition}, where accounts have no usable root user.",
            ReasonCode.HardwareMfa =>
                $"Root MFA is enabled (AccountMFAEnabled=1) and no virtual MFA device is assigned to {rootArn}: root signs in with a hardware TOTP token or FIDO security key.",
            ReasonCode.HardwareMfaWithVirtual =>
                $"Root has {e.Inventory?.HardwareCount ?? 0} hardware TOTP or FIDO device(s) and {e.RootVirtualMfaSerials.Count} virtual device(s); accepted under the at-least-one-hardware policy. Virtual devices: {string.Join(", ", e.RootVirtualMfaSerials)}",
            ReasonCode.VirtualMfaOnRoot when e.Inventory is { } inv && inv.HardwareCount > 0 =>
                $"{e.RootVirtualMfaSerials.Count} virtual MFA device(s) on {rootArn} beside {inv.HardwareCount} hardware or FIDO device(s); the strict policy fails any virtual device. Devices: {string.Join(", ", e.RootVirtualMfaSerials)}",
            ReasonCode.VirtualMfaOnRoot =>
                $"{e.RootVirtualMfaSerials.Count} virtual MFA device(s) assigned to {rootArn}; Level 2 requires a hardware TOTP token or FIDO security key. Devices: {string.Join(", ", e.RootVirtualMfaSerials)}",
            ReasonCode.Level1VirtualMfaAccepted =>
                $"Root MFA is enabled with {e.RootVirtualMfaSerials.Count} virtual device(s) assigned to {rootArn}, accepted under the Level 1 profile. Devices: {string.Join(", ", e.RootVirtualMfaSerials)}",
            ReasonCode.RootCredentialsAbsent =>
                "Root MFA is not enabled (AccountMFAEnabled=0), but root has no password, access keys or signing certificates (all 0), so root cannot sign in.",
            ReasonCode.NoRootMfa =>
                $"Root MFA is not enabled (AccountMFAEnabled=0) and root credentials are present or unknown: password {Presence(s?.AccountPasswordPresent)}, access keys {Presence(s?.AccountAccessKeysPresent)}, signing certificates {Presence(s?.AccountSigningCertificatesPresent)}.",
            ReasonCode.EvaluationError =>
                $"The root user's MFA state could not be evaluated: {e.ErrorCause}",
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        };
    }

    /// <summary>
    /// The Description's sentence about the event path: what it is, as of when, and why, in at most
    /// <see cref="MaxEventPathSentence"/> characters (the reason is cut first).
    /// </summary>
    public static string EventPathSentence(EventPathHealth eventPath)
    {
        ArgumentNullException.ThrowIfNull(eventPath);
        var lead = $" Event path (trail and rules that re-check on every root MFA change) {eventPath.Status.ToEvidence()} as of {Timestamp(eventPath.CheckedAt)}";
        var effect = eventPath.Status switch
        {
            EventPathStatus.Live => "",
            EventPathStatus.Blind => " Until it is fixed, changes are seen only by the scheduled evaluation.",
            _ => " Whether changes are seen before the scheduled evaluation is not known.",
        };
        return lead + ": " + AsffText.Fit(eventPath.Reason, MaxEventPathSentence - lead.Length - effect.Length - 3) + "." + effect;
    }

    /// <summary>The most characters of the Description's event-path sentence.</summary>
    public const int MaxEventPathSentence = 360;

    private static string Description(
        RootMfaEvaluation e, string reasonText, RootSignInEvidence? signIn, EventPathHealth? eventPath, ProvisionalVerdict? provisional)
    {
        var head = $"Account {e.AccountId}, profile {e.Profile}, status {e.Status.ToAsff()} ({e.Reason.ToAsff()}). ";
        if (provisional is not null)
        {
            // Part of the head, never cut: the verdict itself is not yet confirmed.
            head += $"Provisional: IAM may not yet show the {AsffText.Fit(provisional.Trigger, 64)} event"
                + $"{(provisional.EventTime is { } at ? $" of {Timestamp(at)}" : "")}; re-checked at {Timestamp(provisional.RecheckAt)}. ";
        }

        var body = new StringBuilder(reasonText);
        if (e.Inventory is { } inventory)
        {
            body.Append(CultureInfo.InvariantCulture, $" Root MFA devices (AssumeRoot inventory, {inventory.Devices.Count}): ")
                .Append(inventory.Devices.Count == 0 ? "none" : string.Join(", ", inventory.Sorted.Select(d => $"{d.Kind.ToEvidence()} {d.SerialNumber}")))
                .Append('.');
            if (inventory.Unknown.Count > 0)
            {
                body.Append(CultureInfo.InvariantCulture,
                    $" {inventory.Unknown.Count} of them of unknown kind, never counted as hardware.");
            }
        }

        if (e.InventoryError is { } inventoryError)
        {
            body.Append(CultureInfo.InvariantCulture, $" Root MFA device inventory (AssumeRoot) not available: {inventoryError}");
        }

        if (signIn is not null)
        {
            body.Append(CultureInfo.InvariantCulture,
                $" Last root console sign-in: {Timestamp(signIn.At)}, {(signIn.MfaUsed ? "with MFA" : "without MFA")}");
            if (signIn.MfaKind is { } kind)
            {
                body.Append(CultureInfo.InvariantCulture, $" ({kind.ToEvidence()} device {signIn.MfaSerial})");
            }

            body.Append('.');
        }

        // The device list is the tail of reasonText: when it must be cut, the count and status before it survive. The
        // event-path sentence closes the Description and is never cut away by a long device list.
        var closing = eventPath is null ? "" : EventPathSentence(eventPath);
        return AsffText.FitTail(head, body.ToString(), AsffLimits.Description - closing.Length) + closing;
    }

    private Dictionary<string, string> ProductFields(
        RootMfaEvaluation e, string trigger, RootSignInEvidence? signIn, FindingBookkeeping? bookkeeping, EventPathHealth? eventPath)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ProviderName"] = ControlIdentity.ProviderName,
            ["ProviderVersion"] = _context.ProviderVersion,
            [FindingFields.ReasonCodeKey] = e.Reason.ToAsff(),
            [FieldPrefix + "PolicyProfile"] = e.Profile.ToString(),
            [FieldPrefix + "PolicyMode"] = e.Mode.ToConfig(),
            [FieldPrefix + "Trigger"] = AsffText.Fit(trigger, 256),
            [FieldPrefix + "ObservedAt"] = Timestamp(e.ObservedAt),
        };
        if (e.Summary is { } s)
        {
            fields[FieldPrefix + "AccountMFAEnabled"] = AccountSummary.FlagText(s.AccountMfaEnabled);
            fields[FieldPrefix + "AccountPasswordPresent"] = AccountSummary.FlagText(s.AccountPasswordPresent);
            fields[FieldPrefix + "AccountAccessKeysPresent"] = AccountSummary.FlagText(s.AccountAccessKeysPresent);
            fields[FieldPrefix + "AccountSigningCertificatesPresent"] = AccountSummary.FlagText(s.AccountSigningCertificatesPresent);
        }

        if (e.Inventory is { } inventory)
        {
            fields[FieldPrefix + "RootMfaDeviceCount"] = inventory.Devices.Count.ToString(CultureInfo.InvariantCulture);
            fields[FieldPrefix + "RootHardwareMfaCount"] = inventory.HardwareCount.ToString(CultureInfo.InvariantCulture);
            if (inventory.Unknown.Count > 0)
            {
                fields[FieldPrefix + "RootUnknownMfaCount"] = inventory.Unknown.Count.ToString(CultureInfo.InvariantCulture);
            }
            if (inventory.Devices.Count > 0)
            {
                fields[FieldPrefix + "RootMfaDevices"] = AsffText.Fit(
                    string.Join(",", inventory.Sorted.Select(d => $"{d.Kind.ToEvidence()}:{d.SerialNumber}")), AsffLimits.ProductFieldValue);
            }
        }

        if (e.Reason is ReasonCode.VirtualMfaOnRoot or ReasonCode.Level1VirtualMfaAccepted or ReasonCode.HardwareMfaWithVirtual
            || e.RootVirtualMfaSerials.Count > 0)
        {
            fields[FieldPrefix + "RootVirtualMfaCount"] = e.RootVirtualMfaSerials.Count.ToString(CultureInfo.InvariantCulture);
            if (e.RootVirtualMfaSerials.Count > 0)
            {
                fields[FieldPrefix + "RootVirtualMfaSerials"] =
                    AsffText.Fit(string.Join(",", e.RootVirtualMfaSerials), AsffLimits.ProductFieldValue);
            }
        }

        if (e.InventoryError is { } inventoryError)
        {
            fields[FieldPrefix + "RootInventory"] = "unavailable";
            fields[FieldPrefix + "RootInventoryError"] = AsffText.Fit(inventoryError, AsffLimits.ProductFieldValue);
        }

        if (e.ErrorCause is { } cause)
        {
            fields[FieldPrefix + "ErrorCause"] = AsffText.Fit(cause, AsffLimits.ProductFieldValue);
        }

        if (signIn is not null)
        {
            fields[FieldPrefix + "LastRootSignInAt"] = Timestamp(signIn.At);
            fields[FieldPrefix + "LastRootSignInMfaUsed"] = signIn.MfaUsed ? "true" : "false";
            if (signIn.MfaKind is { } kind)
            {
                fields[FieldPrefix + "LastRootSignInMfaType"] = kind.ToEvidence();
                fields[FieldPrefix + "LastRootSignInMfaSerial"] = AsffText.Fit(signIn.MfaSerial!, AsffLimits.ProductFieldValue);
            }
        }

        if (eventPath is not null)
        {
            FindingFields.Write(fields, eventPath);
        }

        if (bookkeeping is not null)
        {
            FindingFields.Write(fields, bookkeeping);
        }

        return fields;
    }

    private static string Presence(bool? value) => value switch
    {
        true => "present",
        false => "absent",
        null => "unknown",
    };
}

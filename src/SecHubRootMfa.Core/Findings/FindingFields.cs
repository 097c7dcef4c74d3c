using System.Globalization;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;

namespace SecHubRootMfa.Core.Findings;

/// <summary>What a writing run adds to the finding besides the evidence: who wrote it and which changes are undelivered.</summary>
/// <param name="RunId">A fresh id per evaluation, so a run can tell its own write from another run's with the same timestamp.</param>
/// <param name="PendingChanges">Transitions whose event EventBridge has not accepted yet, oldest first.</param>
/// <param name="ChangesDropped">Transitions dropped because the outbox was full, for the record (0 omits the key).</param>
/// <param name="Revision">0 for the evaluation's import; 1 for the re-import that clears the delivered outbox (UpdatedAt + 1 ms).</param>
/// <param name="Provisional">Set when IAM could not yet confirm a device removal and a re-check is queued; null for a confirmed verdict.</param>
public sealed record FindingBookkeeping(
    string RunId, IReadOnlyList<PendingChange> PendingChanges, int ChangesDropped = 0, int Revision = 0, ProvisionalVerdict? Provisional = null);

/// <summary>A verdict IAM may not reflect yet: an event removed a root MFA device moments ago, and a re-check is queued.</summary>
/// <param name="Trigger">The event, e.g. <c>DeactivateMFADevice</c>.</param>
/// <param name="EventTime">When it happened; null when the event did not say readably.</param>
/// <param name="RecheckAt">When the queued re-check becomes due; its write replaces this finding and clears the mark.</param>
public sealed record ProvisionalVerdict(string Trigger, DateTimeOffset? EventTime, DateTimeOffset RecheckAt);

/// <summary>Our bookkeeping and evidence as read back from a stored finding's ProductFields.</summary>
/// <param name="RunId">The run that wrote it; null for findings written before runs had ids.</param>
/// <param name="PendingChanges">Its undelivered transitions.</param>
/// <param name="LastRootSignIn">The root sign-in evidence it carries.</param>
/// <param name="UnreadableChanges">Outbox entries that could not be parsed (reported, never guessed).</param>
/// <param name="Reason">The stored verdict's reason code (<c>SecHubRootMfa/ReasonCode</c>); null when absent or unreadable.</param>
public sealed record StoredFields(
    string? RunId, IReadOnlyList<PendingChange> PendingChanges, RootSignInEvidence? LastRootSignIn, int UnreadableChanges,
    ReasonCode? Reason = null)
{
    /// <summary>Nothing stored.</summary>
    public static StoredFields Empty { get; } = new(null, [], null, 0);

    /// <summary>The last event-path check it carries, with when it ran; null when none was recorded or it is unreadable.</summary>
    public EventPathHealth? EventPath { get; init; }
}

/// <summary>Writes and reads the ProductFields keys that carry state from one evaluation to the next.</summary>
public static class FindingFields
{
    /// <summary>Key of the writing run's id.</summary>
    public const string RunIdKey = RootMfaFindingBuilder.FieldPrefix + "RunId";

    /// <summary>Key of the change outbox.</summary>
    public const string PendingChangesKey = RootMfaFindingBuilder.FieldPrefix + "PendingChanges";

    /// <summary>Key of the verdict's reason code (written by the builder with the evidence).</summary>
    public const string ReasonCodeKey = RootMfaFindingBuilder.FieldPrefix + "ReasonCode";

    /// <summary>Key of a provisional verdict's re-check time: present only until the re-check's write replaces the finding.</summary>
    public const string RecheckAtKey = RootMfaFindingBuilder.FieldPrefix + "RecheckAt";

    /// <summary>Key of the count of transitions dropped from a full outbox.</summary>
    public const string ChangesDroppedKey = RootMfaFindingBuilder.FieldPrefix + "ChangesDropped";

    /// <summary>Key of the event-path status: <c>live</c>, <c>blind</c> or <c>unknown</c>.</summary>
    public const string EventPathKey = RootMfaFindingBuilder.FieldPrefix + "EventPath";

    /// <summary>Key of the event-path status's reason.</summary>
    public const string EventPathReasonKey = RootMfaFindingBuilder.FieldPrefix + "EventPathReason";

    /// <summary>Key of when the event path was checked.</summary>
    public const string EventPathCheckedAtKey = RootMfaFindingBuilder.FieldPrefix + "EventPathCheckedAt";

    private const string SignInAt = RootMfaFindingBuilder.FieldPrefix + "LastRootSignInAt";
    private const string SignInMfaUsed = RootMfaFindingBuilder.FieldPrefix + "LastRootSignInMfaUsed";
    private const string SignInSerial = RootMfaFindingBuilder.FieldPrefix + "LastRootSignInMfaSerial";

    /// <summary>Adds the bookkeeping keys to <paramref name="fields"/>.</summary>
    public static void Write(IDictionary<string, string> fields, FindingBookkeeping bookkeeping)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(bookkeeping);
        fields[RunIdKey] = AsffText.Fit(bookkeeping.RunId, 64);
        if (ChangeOutbox.Encode(bookkeeping.PendingChanges) is { } outbox)
        {
            // 16 entries of at most ~110 characters fit the 2,048-character value limit; Fit is a guard, not a cut we expect.
            fields[PendingChangesKey] = AsffText.Fit(outbox, AsffLimits.ProductFieldValue);
        }

        if (bookkeeping.Provisional is { } provisional)
        {
            fields[RecheckAtKey] = RootMfaFindingBuilder.Timestamp(provisional.RecheckAt);
        }

        if (bookkeeping.ChangesDropped > 0)
        {
            fields[ChangesDroppedKey] = bookkeeping.ChangesDropped.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Adds the event-path keys to <paramref name="fields"/>.</summary>
    public static void Write(IDictionary<string, string> fields, EventPathHealth eventPath)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(eventPath);
        fields[EventPathKey] = eventPath.Status.ToEvidence();
        fields[EventPathReasonKey] = AsffText.Fit(eventPath.Reason, AsffLimits.ProductFieldValue);
        fields[EventPathCheckedAtKey] = RootMfaFindingBuilder.Timestamp(eventPath.CheckedAt);
    }

    /// <summary>Reads our keys from a stored finding's ProductFields; missing or unreadable values are left out.</summary>
    public static StoredFields Read(IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null)
        {
            return StoredFields.Empty;
        }

        fields.TryGetValue(RunIdKey, out var runId);
        fields.TryGetValue(PendingChangesKey, out var outbox);
        var pending = ChangeOutbox.Parse(outbox, out var unreadable);
        fields.TryGetValue(ReasonCodeKey, out var reason);
        return new StoredFields(string.IsNullOrWhiteSpace(runId) ? null : runId, pending, SignIn(fields), unreadable,
            AsffNames.ParseReasonCode(reason))
        {
            EventPath = EventPath(fields),
        };
    }

    /// <summary>Parses an ASFF timestamp as Security Hub returns it; null when absent or not a timestamp.</summary>
    public static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    // The last check is carried forward by runs that do not check (event evaluations) with the time it ran; a value this
    // version cannot read is dropped rather than guessed at.
    private static EventPathHealth? EventPath(IReadOnlyDictionary<string, string> fields) =>
        fields.TryGetValue(EventPathKey, out var status) && EventPathStatuses.TryParse(status, out var parsed)
        && fields.TryGetValue(EventPathCheckedAtKey, out var at) && Time(at) is { } checkedAt
            ? EventPathHealth.Of(parsed, fields.TryGetValue(EventPathReasonKey, out var reason) ? reason : "", checkedAt)
            : null;

    // Root sign-in evidence lives in our ProductFields; carry it forward so a scheduled run does not forget it.
    private static RootSignInEvidence? SignIn(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue(SignInAt, out var at) || Time(at) is not { } when)
        {
            return null;
        }

        fields.TryGetValue(SignInSerial, out var serial);
        return new RootSignInEvidence(
            when,
            fields.TryGetValue(SignInMfaUsed, out var used) && used == "true",
            string.IsNullOrWhiteSpace(serial) || serial.EndsWith(AsffText.Ellipsis) ? null : serial);
    }
}

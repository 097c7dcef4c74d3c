using System.Globalization;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>The step of a member's check that failed, which decides what the administrator must do about it.</summary>
public enum MemberFailureStage
{
    /// <summary>sts:AssumeRole into the member's audit role failed (role missing, trust policy or external id changed).</summary>
    EnterAccount,

    /// <summary>The member's Security Hub did not answer the read of its finding (not enabled in the home region, or refused).</summary>
    ReadFinding,

    /// <summary>The member's Security Hub refused to import the finding.</summary>
    ImportFinding,

    /// <summary>The account was entered but the check did not finish (IAM throttled, a timeout, an unexpected answer).</summary>
    CompleteCheck,
}

/// <summary>What the administrator's finding says about a member.</summary>
public enum MemberReachState
{
    /// <summary>The last attempt wrote the member's own finding (or found a newer one there).</summary>
    Reachable,

    /// <summary>A permanent failure, or transient failures for longer than the grace time.</summary>
    Unreachable,

    /// <summary>Only transient failures so far, within the grace time, and the member was never seen reachable.</summary>
    Unconfirmed,
}

/// <summary>Why one attempt on a member failed.</summary>
/// <param name="Stage">The step that failed.</param>
/// <param name="Transient">True when a later attempt may succeed (throttling, 5xx, timeouts).</param>
/// <param name="Cause">What failed, in words (plain text; it is cut to fit the finding).</param>
public sealed record MemberFailure(MemberFailureStage Stage, bool Transient, string Cause);

/// <summary>One attempt to check a member from the administrator account.</summary>
/// <param name="MemberAccountId">The member.</param>
/// <param name="At">When the attempt started.</param>
/// <param name="Trigger">What caused it (<c>Scheduled Event</c>, an event name, <c>CLI check --org</c>).</param>
/// <param name="Failure">Why it failed; null when the member's own finding was written.</param>
public sealed record MemberAttempt(string MemberAccountId, DateTimeOffset At, string Trigger, MemberFailure? Failure);

/// <summary>
/// A member's reachability as the administrator's finding records it, and how one attempt moves it on: a permanent failure
/// makes the member unreachable at once; transient failures only once they have lasted <c>transientGrace</c> since the
/// first of them, so one throttled run does not make a member unreachable (one with no finding yet is unconfirmed until
/// then); any success makes it reachable.
/// </summary>
/// <param name="MemberAccountId">The member.</param>
/// <param name="State">Reachable, unreachable or unconfirmed.</param>
/// <param name="Since">When the member entered <paramref name="State"/> (for unreachable: the first failed attempt in a row).</param>
/// <param name="LastAttemptAt">The latest attempt this record reflects.</param>
/// <param name="Trigger">What caused the latest attempt.</param>
/// <param name="Failure">The latest attempt's failure; null when it reached the member.</param>
/// <param name="FailingSince">The first of the failed attempts in a row up to the latest; null when the latest succeeded.</param>
public sealed record MemberReachability(
    string MemberAccountId,
    MemberReachState State,
    DateTimeOffset Since,
    DateTimeOffset LastAttemptAt,
    string Trigger,
    MemberFailure? Failure,
    DateTimeOffset? FailingSince)
{
    /// <summary>For a member reachable again: when its last unreachable period began.</summary>
    public DateTimeOffset? PreviouslyUnreachableSince { get; init; }

    /// <summary>For a member reachable again: the last failure of its unreachable period.</summary>
    public MemberFailure? PreviousFailure { get; init; }

    /// <summary>The state after <paramref name="attempt"/>, given what the finding said before (null: no finding yet).</summary>
    public static MemberReachability Next(MemberReachability? stored, MemberAttempt attempt, TimeSpan transientGrace)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        AccountIds.Require(attempt.MemberAccountId);
        if (stored is not null && stored.MemberAccountId != attempt.MemberAccountId)
        {
            throw new ArgumentException($"The stored finding is about {stored.MemberAccountId}, the attempt about {attempt.MemberAccountId}.", nameof(stored));
        }

        if (attempt.Failure is null)
        {
            return stored is { State: MemberReachState.Reachable }
                ? stored with { LastAttemptAt = attempt.At, Trigger = attempt.Trigger, Failure = null, FailingSince = null }
                : new MemberReachability(attempt.MemberAccountId, MemberReachState.Reachable, attempt.At, attempt.At, attempt.Trigger, null, null)
                {
                    PreviouslyUnreachableSince = stored is { State: MemberReachState.Unreachable } ? stored.Since : null,
                    PreviousFailure = stored is { State: MemberReachState.Unreachable } ? stored.Failure : null,
                };
        }

        var failingSince = stored?.FailingSince is { } since && since <= attempt.At ? since : attempt.At;
        if (stored is { State: MemberReachState.Unreachable })
        {
            return stored with { LastAttemptAt = attempt.At, Trigger = attempt.Trigger, Failure = attempt.Failure, FailingSince = failingSince };
        }

        if (!attempt.Failure.Transient || attempt.At - failingSince >= transientGrace)
        {
            return new MemberReachability(
                attempt.MemberAccountId, MemberReachState.Unreachable, failingSince, attempt.At, attempt.Trigger, attempt.Failure, failingSince);
        }

        // Transient and young: a reachable member stays reachable (the finding says an attempt failed); one never seen
        // reachable is unconfirmed.
        return stored is { State: MemberReachState.Reachable }
            ? stored with { LastAttemptAt = attempt.At, Trigger = attempt.Trigger, Failure = attempt.Failure, FailingSince = failingSince }
            : new MemberReachability(
                attempt.MemberAccountId, MemberReachState.Unconfirmed, stored?.Since ?? attempt.At, attempt.At, attempt.Trigger, attempt.Failure, failingSince);
    }

    /// <summary>When the member will count as unreachable if transient failures go on; null unless that is pending.</summary>
    public DateTimeOffset? UnreachableFrom(TimeSpan transientGrace) =>
        State != MemberReachState.Unreachable && Failure is { Transient: true } && FailingSince is { } since ? since + transientGrace : null;
}

/// <summary>Writes a <see cref="MemberReachability"/> into ProductFields and reads it back from a stored finding.</summary>
public static class MemberReachabilityFields
{
    /// <summary>The member the finding is about.</summary>
    public const string MemberAccountIdKey = RootMfaFindingBuilder.FieldPrefix + "MemberAccountId";

    /// <summary><c>reachable</c>, <c>unreachable</c> or <c>unconfirmed</c>.</summary>
    public const string StateKey = RootMfaFindingBuilder.FieldPrefix + "MemberReachability";

    /// <summary>When the member entered its state.</summary>
    public const string SinceKey = RootMfaFindingBuilder.FieldPrefix + "MemberReachabilitySince";

    /// <summary>The latest attempt.</summary>
    public const string LastAttemptAtKey = RootMfaFindingBuilder.FieldPrefix + "LastAttemptAt";

    /// <summary>What caused the latest attempt.</summary>
    public const string TriggerKey = RootMfaFindingBuilder.FieldPrefix + "Trigger";

    /// <summary>The step that failed (<c>enter-account</c>, <c>read-finding</c>, <c>import-finding</c>, <c>complete-check</c>).</summary>
    public const string FailureStageKey = RootMfaFindingBuilder.FieldPrefix + "FailureStage";

    /// <summary><c>permanent</c> or <c>transient</c>.</summary>
    public const string FailureKindKey = RootMfaFindingBuilder.FieldPrefix + "FailureKind";

    /// <summary>The latest failure's cause.</summary>
    public const string FailureCauseKey = RootMfaFindingBuilder.FieldPrefix + "FailureCause";

    /// <summary>The first of the failed attempts in a row.</summary>
    public const string FailingSinceKey = RootMfaFindingBuilder.FieldPrefix + "FailingSince";

    /// <summary>When a member reachable again had become unreachable.</summary>
    public const string PreviouslyUnreachableSinceKey = RootMfaFindingBuilder.FieldPrefix + "PreviouslyUnreachableSince";

    /// <summary>The step that failed in the member's previous unreachable period.</summary>
    public const string PreviousFailureStageKey = RootMfaFindingBuilder.FieldPrefix + "PreviousFailureStage";

    /// <summary>The last cause of the member's previous unreachable period.</summary>
    public const string PreviousFailureCauseKey = RootMfaFindingBuilder.FieldPrefix + "PreviousFailureCause";

    /// <summary>The most characters of a cause kept in the finding.</summary>
    public const int MaxCauseLength = 600;

    /// <summary>Adds the state's keys to <paramref name="fields"/>.</summary>
    public static void Write(IDictionary<string, string> fields, MemberReachability r)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(r);
        fields[MemberAccountIdKey] = r.MemberAccountId;
        fields[StateKey] = StateName(r.State);
        fields[SinceKey] = RootMfaFindingBuilder.Timestamp(r.Since);
        fields[LastAttemptAtKey] = RootMfaFindingBuilder.Timestamp(r.LastAttemptAt);
        fields[TriggerKey] = AsffText.Fit(r.Trigger, 256);
        if (r.Failure is { } f)
        {
            fields[FailureStageKey] = StageName(f.Stage);
            fields[FailureKindKey] = f.Transient ? "transient" : "permanent";
            fields[FailureCauseKey] = Cause(f.Cause);
        }

        if (r.FailingSince is { } failing)
        {
            fields[FailingSinceKey] = RootMfaFindingBuilder.Timestamp(failing);
        }

        if (r.PreviouslyUnreachableSince is { } previous)
        {
            fields[PreviouslyUnreachableSinceKey] = RootMfaFindingBuilder.Timestamp(previous);
        }

        if (r.PreviousFailure is { } pf)
        {
            fields[PreviousFailureStageKey] = StageName(pf.Stage);
            fields[PreviousFailureCauseKey] = Cause(pf.Cause);
        }
    }

    /// <summary>
    /// The state a stored finding records for <paramref name="memberAccountId"/>; null when it records none we can read (a
    /// missing or unknown state or time), so the next attempt starts afresh rather than guessing.
    /// </summary>
    public static MemberReachability? Read(IReadOnlyDictionary<string, string>? fields, string memberAccountId)
    {
        if (fields is null
            || !fields.TryGetValue(MemberAccountIdKey, out var member) || member != memberAccountId
            || !fields.TryGetValue(StateKey, out var stateName) || ParseState(stateName) is not { } state
            || Time(fields, SinceKey) is not { } since || Time(fields, LastAttemptAtKey) is not { } last)
        {
            return null;
        }

        fields.TryGetValue(TriggerKey, out var trigger);
        return new MemberReachability(member, state, since, last, string.IsNullOrWhiteSpace(trigger) ? "unknown" : trigger,
            Failure(fields, FailureStageKey, FailureCauseKey, fields.TryGetValue(FailureKindKey, out var kind) && kind == "transient"),
            Time(fields, FailingSinceKey))
        {
            PreviouslyUnreachableSince = Time(fields, PreviouslyUnreachableSinceKey),
            PreviousFailure = Failure(fields, PreviousFailureStageKey, PreviousFailureCauseKey, transient: false),
        };
    }

    /// <summary>The state's name in ProductFields.</summary>
    public static string StateName(MemberReachState state) => state switch
    {
        MemberReachState.Reachable => "reachable",
        MemberReachState.Unreachable => "unreachable",
        MemberReachState.Unconfirmed => "unconfirmed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>The stage's name in ProductFields.</summary>
    public static string StageName(MemberFailureStage stage) => stage switch
    {
        MemberFailureStage.EnterAccount => "enter-account",
        MemberFailureStage.ReadFinding => "read-finding",
        MemberFailureStage.ImportFinding => "import-finding",
        MemberFailureStage.CompleteCheck => "complete-check",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <summary>A cause as the finding keeps it: one line, cut visibly.</summary>
    public static string Cause(string cause) =>
        AsffText.Fit(string.Join(' ', (cause ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } line ? line : "unknown", MaxCauseLength);

    private static MemberReachState? ParseState(string value) =>
        Enum.GetValues<MemberReachState>().Cast<MemberReachState?>().FirstOrDefault(s => StateName(s!.Value) == value);

    private static MemberFailure? Failure(IReadOnlyDictionary<string, string> fields, string stageKey, string causeKey, bool transient) =>
        fields.TryGetValue(stageKey, out var stageName)
        && Enum.GetValues<MemberFailureStage>().Cast<MemberFailureStage?>().FirstOrDefault(s => StageName(s!.Value) == stageName) is { } stage
            ? new MemberFailure(stage, transient, fields.TryGetValue(causeKey, out var cause) ? cause : "unknown")
            : null;

    private static DateTimeOffset? Time(IReadOnlyDictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value)
        && DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
}

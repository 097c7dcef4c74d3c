namespace SecHubRootMfa.Core.EventPath;

/// <summary>
/// Decides from an <see cref="EventPathObservation"/> whether root MFA events can reach the checker, as AWS documents
/// it: EventBridge receives "AWS API Call via CloudTrail" events only while a trail that records them is logging, IAM
/// and root sign-in events arrive in one region only, and a disabled rule matches nothing. Anything it cannot read or
/// does not understand makes the answer unknown, never live.
/// </summary>
public static class EventPathAssessor
{
    /// <summary>The event sources of the events our rules match: IAM calls and console sign-ins.</summary>
    public static readonly IReadOnlyList<string> EventSources = ["iam.amazonaws.com", "signin.amazonaws.com"];

    /// <summary>Rule states in which EventBridge matches events against the rule.</summary>
    public static readonly IReadOnlyList<string> EnabledStates = ["ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"];

    private const int MaxQuoted = 128;
    private const int MaxListed = 3;

    /// <summary>Live, blind or unknown, with the reason, as of <see cref="EventPathObservation.ObservedAt"/>.</summary>
    public static EventPathHealth Assess(EventPathObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var blind = new List<string>();
        var unknown = new List<string>();
        var live = new List<string>();

        Collect(Trails(observation), blind, unknown, live);
        foreach (var finding in Rules(observation))
        {
            Collect(finding, blind, unknown, live);
        }

        foreach (var queue in observation.Queues)
        {
            Collect(Queue(queue), blind, unknown, live);
        }

        var status = blind.Count > 0 ? EventPathStatus.Blind : unknown.Count > 0 ? EventPathStatus.Unknown : EventPathStatus.Live;
        // What decided the status comes first (the reason is bounded); what is fine follows, so a reader sees the whole path.
        return EventPathHealth.Of(status, string.Join("; ", blind.Concat(unknown).Concat(live)), observation.ObservedAt);
    }

    private static void Collect((EventPathStatus Status, string Reason) part, List<string> blind, List<string> unknown, List<string> live) =>
        (part.Status switch
        {
            EventPathStatus.Blind => blind,
            EventPathStatus.Unknown => unknown,
            _ => live,
        }).Add(part.Reason);

    // The best trail decides: one live trail is enough; otherwise an unreadable one keeps the answer unknown.
    private static (EventPathStatus, string) Trails(EventPathObservation o)
    {
        if (o.Trails is not { } trails)
        {
            return (EventPathStatus.Unknown, $"trails in {o.EventsRegion} not readable: {o.TrailsError ?? "no answer"}");
        }

        if (trails.Count == 0)
        {
            return (EventPathStatus.Blind, $"no CloudTrail trail records events in {o.EventsRegion}, so EventBridge receives no IAM or sign-in events");
        }

        var assessed = trails.Select(t => Trail(t, o.EventsRegion)).ToList();
        if (assessed.FirstOrDefault(a => a.Status == EventPathStatus.Live) is { Reason: not null } liveTrail)
        {
            return liveTrail;
        }

        var worst = assessed.Any(a => a.Status == EventPathStatus.Unknown) ? EventPathStatus.Unknown : EventPathStatus.Blind;
        var listed = assessed.Where(a => a.Status == worst).Select(a => a.Reason).ToList();
        var text = string.Join("; ", listed.Take(MaxListed)) + (listed.Count > MaxListed ? $"; and {listed.Count - MaxListed} more trail(s)" : "");
        return (worst, text);
    }

    private static (EventPathStatus Status, string Reason) Trail(TrailObservation t, string region)
    {
        var name = $"trail {Quote(t.Name)}";
        if (t.StatusError is { } statusError)
        {
            return (EventPathStatus.Unknown, $"{name}: logging status not readable: {statusError}");
        }

        if (t.IsLogging is not { } logging)
        {
            return (EventPathStatus.Unknown, $"{name}: GetTrailStatus did not say whether it is logging");
        }

        if (!logging)
        {
            return (EventPathStatus.Blind, $"{name} is not logging (stopped)");
        }

        var covers = t.IsMultiRegion == true || string.Equals(t.HomeRegion, region, StringComparison.Ordinal);
        if (!covers)
        {
            return t.IsMultiRegion == false && t.HomeRegion is not null
                ? (EventPathStatus.Blind, $"{name} is a single-region trail of {Quote(t.HomeRegion)} and records nothing in {region}")
                : (EventPathStatus.Unknown, $"{name}: DescribeTrails did not say whether it covers {region}");
        }

        if (t.IncludeGlobalServiceEvents == false)
        {
            return (EventPathStatus.Blind, $"{name} leaves out global service events (IAM and sign-in)");
        }

        if (t.SelectorsError is { } selectorsError)
        {
            return (EventPathStatus.Unknown, $"{name}: event selectors not readable: {selectorsError}");
        }

        if (t.Selectors is not { } selectors || (selectors.Basic.Count == 0 && selectors.Advanced.Count == 0))
        {
            return (EventPathStatus.Unknown, $"{name}: GetEventSelectors returned no selectors");
        }

        foreach (var source in EventSources)
        {
            var records = Records(selectors, source);
            if (records != true)
            {
                return records is null
                    ? (EventPathStatus.Unknown, $"{name}: its event selectors use a field or value this check does not understand, so whether it records {source} write events is unknown")
                    : (EventPathStatus.Blind, $"{name} does not record management write events from {source}{SelectorSummary(selectors)}");
            }
        }

        var scope = t.IsOrganization == true ? "organization trail" : t.IsMultiRegion == true ? "multi-region trail" : $"trail of {region}";
        return (EventPathStatus.Live, $"{name} ({scope}) is logging and records management write events from IAM and sign-in");
    }

    // True when a selector records a management write event from the source; null when that depends on something not understood.
    private static bool? Records(EventSelectorSet selectors, string source)
    {
        var undetermined = false;
        foreach (var basic in selectors.Basic)
        {
            var type = basic.ReadWriteType ?? "All";
            if (type is not ("All" or "WriteOnly" or "ReadOnly"))
            {
                undetermined = true;
            }
            else if ((basic.IncludeManagementEvents ?? true) && type != "ReadOnly" && !basic.ExcludedSources.Contains(source, StringComparer.Ordinal))
            {
                return true;
            }
        }

        foreach (var advanced in selectors.Advanced)
        {
            switch (Selects(advanced, source))
            {
                case true:
                    return true;
                case null:
                    undetermined = true;
                    break;
            }
        }

        return undetermined ? null : false;
    }

    // An advanced selector applied to a management write event of the source: every condition must hold.
    private static bool? Selects(AdvancedEventSelector selector, string source)
    {
        bool? all = true;
        foreach (var condition in selector.Conditions)
        {
            var value = condition.Field switch
            {
                "eventCategory" => "Management",
                "readOnly" => "false",
                "eventSource" => source,
                _ => null,
            };
            var holds = value is null ? null : Holds(condition, value);
            if (holds == false)
            {
                return false;
            }

            if (holds is null)
            {
                all = null;
            }
        }

        return selector.Conditions.Count == 0 ? null : all;
    }

    private static bool? Holds(FieldCondition c, string value)
    {
        var any = false;
        bool Check(IReadOnlyList<string>? values, Func<string, bool> test, bool positive)
        {
            if (values is null)
            {
                return true;
            }

            any = true;
            return positive ? values.Any(test) : !values.Any(test);
        }

        var holds = Check(c.EqualsAny, v => string.Equals(value, v, StringComparison.Ordinal), positive: true)
            & Check(c.StartsWith, v => value.StartsWith(v, StringComparison.Ordinal), positive: true)
            & Check(c.EndsWith, v => value.EndsWith(v, StringComparison.Ordinal), positive: true)
            & Check(c.NotEquals, v => string.Equals(value, v, StringComparison.Ordinal), positive: false)
            & Check(c.NotStartsWith, v => value.StartsWith(v, StringComparison.Ordinal), positive: false)
            & Check(c.NotEndsWith, v => value.EndsWith(v, StringComparison.Ordinal), positive: false);
        return any ? holds : null;
    }

    private static string SelectorSummary(EventSelectorSet s) =>
        s.Basic.Count > 0
            ? $" (basic selectors: {string.Join(", ", s.Basic.Take(MaxListed).Select(b => $"management events {((b.IncludeManagementEvents ?? true) ? "on" : "off")}, {Quote(b.ReadWriteType ?? "All")}{(b.ExcludedSources.Count > 0 ? $", excluding {Quote(string.Join(" ", b.ExcludedSources))}" : "")}"))})"
            : $" ({s.Advanced.Count} advanced selector(s))";

    private static IEnumerable<(EventPathStatus, string)> Rules(EventPathObservation o)
    {
        if (o.Rules is not { } rules)
        {
            yield return (EventPathStatus.Unknown, $"EventBridge rules not checked: {o.RulesNotChecked ?? "no rules configured"}");
            yield break;
        }

        if (rules.Count == 0)
        {
            // No rule read is no rule seen enabled: without one EventBridge matches nothing, so this is never live.
            yield return (EventPathStatus.Unknown, "EventBridge rules not checked: none was named");
            yield break;
        }

        var enabled = 0;
        foreach (var rule in rules)
        {
            var label = $"rule {Quote(rule.Rule.Label)}";
            if (rule.Error is { } error)
            {
                yield return (EventPathStatus.Unknown, $"{label}: state not readable: {error}");
            }
            else if (rule.Missing)
            {
                yield return (EventPathStatus.Blind, $"{label} does not exist");
            }
            else if (rule.State is { } state && EnabledStates.Contains(state, StringComparer.Ordinal))
            {
                enabled++;
            }
            else if (rule.State == "DISABLED")
            {
                yield return (EventPathStatus.Blind, $"{label} is DISABLED");
            }
            else
            {
                yield return (EventPathStatus.Unknown, $"{label} has state {Quote(rule.State ?? "(none)")}, which this check does not know");
            }
        }

        if (enabled > 0)
        {
            yield return (EventPathStatus.Live, $"{enabled} EventBridge rule(s) enabled");
        }
    }

    private static (EventPathStatus, string) Queue(QueueObservation q) => q switch
    {
        { Error: { } error } => (EventPathStatus.Unknown, $"dead-letter queue {Quote(q.Name)} not readable: {error}"),
        { Depth: > 0 } => (EventPathStatus.Blind, $"{q.Depth} undelivered event(s) in dead-letter queue {Quote(q.Name)}"),
        { Depth: 0 } => (EventPathStatus.Live, $"dead-letter queue {Quote(q.Name)} empty"),
        _ => (EventPathStatus.Unknown, $"dead-letter queue {Quote(q.Name)}: depth not reported"),
    };

    // Names come from AWS answers: one line, bounded.
    private static string Quote(string value) => EventPathHealth.OneLine(value, MaxQuoted);
}

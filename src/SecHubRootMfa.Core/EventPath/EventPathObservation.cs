namespace SecHubRootMfa.Core.EventPath;

/// <summary>What one event-path check read: the trails of the events region, our rules and the dead-letter queues.</summary>
/// <param name="EventsRegion">Where IAM and root sign-in events arrive (us-east-1 in the commercial partition).</param>
/// <param name="ObservedAt">When the reads started.</param>
public sealed record EventPathObservation(string EventsRegion, DateTimeOffset ObservedAt)
{
    /// <summary>The trails DescribeTrails listed in the events region (shadow trails included); null when it could not be read.</summary>
    public IReadOnlyList<TrailObservation>? Trails { get; init; }

    /// <summary>Why the trails could not be listed; null when they were.</summary>
    public string? TrailsError { get; init; }

    /// <summary>Our EventBridge rules as read; null when they were not checked (see <see cref="RulesNotChecked"/>).</summary>
    public IReadOnlyList<RuleObservation>? Rules { get; init; }

    /// <summary>Why the rules were not checked (e.g. the CLI does not know the deployment's rules).</summary>
    public string? RulesNotChecked { get; init; }

    /// <summary>Dead-letter queues whose messages are events that never reached the checker.</summary>
    public IReadOnlyList<QueueObservation> Queues { get; init; } = [];
}

/// <summary>One trail as read: its settings (DescribeTrails), whether it logs (GetTrailStatus) and its event selectors.</summary>
/// <param name="Name">The trail's name.</param>
/// <param name="Arn">The trail's ARN.</param>
public sealed record TrailObservation(string Name, string Arn)
{
    /// <summary>The region the trail was created in.</summary>
    public string? HomeRegion { get; init; }

    /// <summary>True when it logs in every region.</summary>
    public bool? IsMultiRegion { get; init; }

    /// <summary>True for an organization trail.</summary>
    public bool? IsOrganization { get; init; }

    /// <summary>True when it logs global services' events (IAM, sign-in); false leaves them out.</summary>
    public bool? IncludeGlobalServiceEvents { get; init; }

    /// <summary>GetTrailStatus IsLogging; null when unread or absent.</summary>
    public bool? IsLogging { get; init; }

    /// <summary>Why GetTrailStatus could not be read.</summary>
    public string? StatusError { get; init; }

    /// <summary>The event selectors; null when unread.</summary>
    public EventSelectorSet? Selectors { get; init; }

    /// <summary>Why GetEventSelectors could not be read.</summary>
    public string? SelectorsError { get; init; }
}

/// <summary>A trail's event selectors: basic or advanced (CloudTrail keeps one kind per trail).</summary>
/// <param name="Basic">Basic selectors.</param>
/// <param name="Advanced">Advanced selectors.</param>
public sealed record EventSelectorSet(IReadOnlyList<BasicEventSelector> Basic, IReadOnlyList<AdvancedEventSelector> Advanced);

/// <summary>A basic event selector; null values take CloudTrail's documented defaults (management events on, All).</summary>
/// <param name="IncludeManagementEvents">Whether management events are logged.</param>
/// <param name="ReadWriteType">ReadOnly, WriteOnly or All.</param>
/// <param name="ExcludedSources">Event sources whose management events are not logged.</param>
public sealed record BasicEventSelector(bool? IncludeManagementEvents, string? ReadWriteType, IReadOnlyList<string> ExcludedSources);

/// <summary>An advanced event selector: it selects an event when every condition holds.</summary>
/// <param name="Name">Its optional name.</param>
/// <param name="Conditions">Its field selectors.</param>
public sealed record AdvancedEventSelector(string? Name, IReadOnlyList<FieldCondition> Conditions);

/// <summary>One advanced field selector: every operator given must hold.</summary>
/// <param name="Field">The event field, e.g. <c>eventCategory</c>.</param>
public sealed record FieldCondition(string Field)
{
    /// <summary>The field equals one of these.</summary>
    public IReadOnlyList<string>? EqualsAny { get; init; }

    /// <summary>The field starts with one of these.</summary>
    public IReadOnlyList<string>? StartsWith { get; init; }

    /// <summary>The field ends with one of these.</summary>
    public IReadOnlyList<string>? EndsWith { get; init; }

    /// <summary>The field equals none of these.</summary>
    public IReadOnlyList<string>? NotEquals { get; init; }

    /// <summary>The field starts with none of these.</summary>
    public IReadOnlyList<string>? NotStartsWith { get; init; }

    /// <summary>The field ends with none of these.</summary>
    public IReadOnlyList<string>? NotEndsWith { get; init; }
}

/// <summary>One of our rules as DescribeRule answered.</summary>
/// <param name="Rule">Which rule.</param>
/// <param name="State">Its State; null when it could not be read or does not exist.</param>
/// <param name="Missing">True when EventBridge says the rule does not exist.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record RuleObservation(EventRuleReference Rule, string? State, bool Missing = false, string? Error = null);

/// <summary>A dead-letter queue's depth.</summary>
/// <param name="Name">The queue's name (and account, for a member's).</param>
/// <param name="Depth">ApproximateNumberOfMessages; null when unread.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record QueueObservation(string Name, long? Depth, string? Error = null);

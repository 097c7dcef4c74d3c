using Amazon.SQS;
using Amazon.SQS.Model;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Service.Ports;
using CoreAdvanced = SecHubRootMfa.Core.EventPath.AdvancedEventSelector;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>What one account's event-path check reads.</summary>
/// <param name="EventsRegion">Where IAM and root sign-in events arrive (the trails are listed there).</param>
public sealed record EventPathTargets(string EventsRegion)
{
    /// <summary>Our rules, read with DescribeRule in their own regions; null when they are not known (see <see cref="RulesNotChecked"/>).</summary>
    public IReadOnlyList<EventRuleReference>? Rules { get; init; }

    /// <summary>Why the rules are not checked, when <see cref="Rules"/> is null.</summary>
    public string? RulesNotChecked { get; init; }

    /// <summary>Dead-letter queues of forwarding rules, by name, in the events region of the account (their depth should be 0).</summary>
    public IReadOnlyList<string> DeadLetterQueues { get; init; } = [];

    /// <summary>The account that owns the queues (sqs:GetQueueUrl's QueueOwnerAWSAccountId); null for the caller's own.</summary>
    public string? QueueOwner { get; init; }
}

/// <summary>Clients of one service, one per region, built on first use and disposed together.</summary>
/// <typeparam name="T">The client type.</typeparam>
public sealed class RegionalClients<T>(Func<string, T> create) : IDisposable
    where T : IDisposable
{
    private readonly Dictionary<string, T> _clients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The client for <paramref name="region"/>.</summary>
    public T In(string region)
    {
        lock (_gate)
        {
            if (!_clients.TryGetValue(region, out var client))
            {
                client = create(region);
                _clients[region] = client;
            }

            return client;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }
}

/// <summary>
/// Reads the event path with CloudTrail (DescribeTrails in the events region, shadow and organization trails included;
/// GetTrailStatus there by ARN; GetEventSelectors in the trail's home region), EventBridge (DescribeRule for each of our
/// rules) and SQS (the depth of forwarding dead-letter queues), then lets <see cref="EventPathAssessor"/> decide. A call
/// that fails is recorded as its cause (the answer becomes unknown), never guessed around.
/// </summary>
/// <param name="cloudTrail">CloudTrail clients by region.</param>
/// <param name="eventBridge">EventBridge clients by region.</param>
/// <param name="sqs">SQS client of the events region; null when no queue is checked.</param>
/// <param name="targets">What to read.</param>
/// <param name="clock">Stamps the observation.</param>
/// <param name="sharedRules">Rules read with other credentials (org mode: the central bus's rules), appended to this account's.</param>
public sealed class AwsEventPathProbe(
    Func<string, IAmazonCloudTrail> cloudTrail,
    Func<string, IAmazonEventBridge> eventBridge,
    IAmazonSQS? sqs,
    EventPathTargets targets,
    TimeProvider clock,
    Func<CancellationToken, Task<IReadOnlyList<RuleObservation>>>? sharedRules = null) : IEventPathProbe
{
    /// <summary>The most trails one check reads (a region holds 5 trails of its own plus shadow trails).</summary>
    public const int MaxTrails = 50;

    /// <inheritdoc />
    public async Task<EventPathHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var observedAt = clock.GetUtcNow();
        var trails = ReadTrailsAsync(cancellationToken);
        var rules = targets.Rules is { } own ? ReadRulesAsync(eventBridge, own, cancellationToken) : Task.FromResult<IReadOnlyList<RuleObservation>>([]);
        var shared = sharedRules?.Invoke(cancellationToken) ?? Task.FromResult<IReadOnlyList<RuleObservation>>([]);
        var queues = Task.WhenAll(targets.DeadLetterQueues.Select(q => ReadQueueAsync(q, cancellationToken)));
        var (list, listError) = await trails.ConfigureAwait(false);
        var allRules = (await rules.ConfigureAwait(false)).Concat(await shared.ConfigureAwait(false)).ToList();
        return EventPathAssessor.Assess(new EventPathObservation(targets.EventsRegion, observedAt)
        {
            Trails = list,
            TrailsError = listError,
            Rules = targets.Rules is null && sharedRules is null ? null : allRules,
            RulesNotChecked = targets.RulesNotChecked,
            Queues = await queues.ConfigureAwait(false),
        });
    }

    /// <summary>DescribeRule for each rule in its region: state, missing, or the cause it could not be read.</summary>
    public static async Task<IReadOnlyList<RuleObservation>> ReadRulesAsync(
        Func<string, IAmazonEventBridge> eventBridge, IReadOnlyList<EventRuleReference> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventBridge);
        ArgumentNullException.ThrowIfNull(rules);
        return await Task.WhenAll(rules.Select(async rule =>
        {
            try
            {
                var answer = await eventBridge(rule.Region).DescribeRuleAsync(
                    new DescribeRuleRequest { Name = rule.Name, EventBusName = rule.BusName }, cancellationToken).ConfigureAwait(false);
                return new RuleObservation(rule, answer.State);
            }
            catch (Aws.EventBridge.ResourceNotFoundException)
            {
                return new RuleObservation(rule, null, Missing: true);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new RuleObservation(rule, null, Error: AwsErrors.Classify(ex, "events:DescribeRule", rule.Region).Message);
            }
        })).ConfigureAwait(false);
    }

    private async Task<(IReadOnlyList<TrailObservation>? Trails, string? Error)> ReadTrailsAsync(CancellationToken cancellationToken)
    {
        var region = targets.EventsRegion;
        List<Trail> listed;
        try
        {
            listed = (await cloudTrail(region).DescribeTrailsAsync(new DescribeTrailsRequest { IncludeShadowTrails = true }, cancellationToken)
                .ConfigureAwait(false)).TrailList;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, AwsErrors.Classify(ex, "cloudtrail:DescribeTrails", region).Message);
        }

        if (listed.Count > MaxTrails)
        {
            return (null, $"DescribeTrails listed {listed.Count} trails in {region}, more than the {MaxTrails} this check reads");
        }

        return (await Task.WhenAll(listed.Select(t => ReadTrailAsync(t, cancellationToken))).ConfigureAwait(false), null);
    }

    private async Task<TrailObservation> ReadTrailAsync(Trail trail, CancellationToken cancellationToken)
    {
        var region = targets.EventsRegion;
        // A shadow or organization trail is only found by its ARN; its selectors are read where it lives.
        var id = trail.TrailARN ?? trail.Name ?? "";
        var home = trail.HomeRegion is { } h && Core.Evaluation.RegionName.IsValid(h) ? h : region;
        var observation = new TrailObservation(trail.Name ?? id, id)
        {
            HomeRegion = trail.HomeRegion,
            IsMultiRegion = trail.IsMultiRegionTrail,
            IsOrganization = trail.IsOrganizationTrail,
            IncludeGlobalServiceEvents = trail.IncludeGlobalServiceEvents,
        };
        if (id.Length == 0)
        {
            return observation with { StatusError = "DescribeTrails listed a trail without a name or ARN" };
        }

        var status = ReadAsync(() => cloudTrail(region).GetTrailStatusAsync(new GetTrailStatusRequest { Name = id }, cancellationToken),
            "cloudtrail:GetTrailStatus", region, cancellationToken);
        var selectors = ReadSelectorsAsync(trail, id, home, cancellationToken);
        var (statusAnswer, statusError) = await status.ConfigureAwait(false);
        var (selectorSet, selectorError) = await selectors.ConfigureAwait(false);
        return observation with
        {
            IsLogging = statusAnswer?.IsLogging,
            StatusError = statusError,
            Selectors = selectorSet,
            SelectorsError = selectorError,
        };
    }

    private static readonly EventSelectorSet DefaultSelectors = new([new BasicEventSelector(true, "All", [])], []);

    private async Task<(EventSelectorSet? Selectors, string? Error)> ReadSelectorsAsync(Trail trail, string id, string home, CancellationToken cancellationToken)
    {
        const string operation = "cloudtrail:GetEventSelectors";
        try
        {
            return (Selectors(await cloudTrail(home).GetEventSelectorsAsync(new GetEventSelectorsRequest { TrailName = id }, cancellationToken)
                .ConfigureAwait(false)), null);
        }
        catch (CloudTrailARNInvalidException) when (trail.HasCustomEventSelectors == false)
        {
            // Another account's trail (a member looking at the organization trail): CloudTrail refuses its selectors.
            // A trail without custom selectors logs all read and write management events (AWS's EventSelector
            // reference), so DescribeTrails's HasCustomEventSelectors=false answers for it; custom ones stay unknown.
            return (DefaultSelectors, null);
        }
        catch (CloudTrailARNInvalidException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var owner = id.Split(':') is [_, _, "cloudtrail", _, var account, ..] && Core.Evaluation.AccountIds.IsValid(account) ? account : "its owner";
            return (null, $"{AwsErrors.Classify(ex, operation, home).Message} (a trail's custom selectors are readable only in the account that owns it, {owner})");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, AwsErrors.Classify(ex, operation, home).Message);
        }
    }

    private static async Task<(T? Answer, string? Error)> ReadAsync<T>(Func<Task<T>> call, string operation, string region, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await call().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, AwsErrors.Classify(ex, operation, region).Message);
        }
    }

    private static EventSelectorSet Selectors(GetEventSelectorsResponse answer) => new(
        [.. answer.EventSelectors.Select(s => new BasicEventSelector(s.IncludeManagementEvents, s.ReadWriteType, s.ExcludeManagementEventSources))],
        [.. answer.AdvancedEventSelectors.Select(a => new CoreAdvanced(a.Name, [.. a.FieldSelectors.Select(f => new FieldCondition(f.Field ?? "")
        {
            EqualsAny = f.EqualsValues,
            StartsWith = f.StartsWith,
            EndsWith = f.EndsWith,
            NotEquals = f.NotEquals,
            NotStartsWith = f.NotStartsWith,
            NotEndsWith = f.NotEndsWith,
        })]))]);

    private async Task<QueueObservation> ReadQueueAsync(string name, CancellationToken cancellationToken)
    {
        var label = targets.QueueOwner is { } owner ? $"{name} ({owner}, {targets.EventsRegion})" : $"{name} ({targets.EventsRegion})";
        if (sqs is null)
        {
            return new QueueObservation(label, null, "no SQS client");
        }

        try
        {
            var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name, QueueOwnerAWSAccountId = targets.QueueOwner }, cancellationToken)
                .ConfigureAwait(false)).QueueUrl;
            var attributes = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessages"] }, cancellationToken).ConfigureAwait(false);
            return attributes.Attributes is { } a && a.TryGetValue("ApproximateNumberOfMessages", out var text)
                && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var depth)
                ? new QueueObservation(label, depth)
                : new QueueObservation(label, null, "GetQueueAttributes returned no ApproximateNumberOfMessages");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new QueueObservation(label, null, AwsErrors.Classify(ex, "sqs:GetQueueAttributes", targets.EventsRegion).Message);
        }
    }
}

/// <summary>
/// Rules every member's events pass (org mode: the central bus's rules in the administrator account), read with the
/// administrator's credentials at most once per <paramref name="window"/> however many members ask.
/// </summary>
/// <param name="eventBridge">The administrator's EventBridge clients by region.</param>
/// <param name="rules">The rules.</param>
/// <param name="clock">For the window.</param>
/// <param name="window">How long one reading serves.</param>
public sealed class SharedRuleCheck(
    Func<string, IAmazonEventBridge> eventBridge, IReadOnlyList<EventRuleReference> rules, TimeProvider clock, TimeSpan window)
{
    /// <summary>
    /// How long one reading serves (5 min): an org run's members checked within it share one DescribeRule per rule, and
    /// a rule disabled meanwhile shows from the next window on, well within the schedule's period.
    /// </summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private (Task<IReadOnlyList<RuleObservation>> Reading, DateTimeOffset At)? _last;

    /// <summary>The rules' states, read now or within the window.</summary>
    public Task<IReadOnlyList<RuleObservation>> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is not { } last || now - last.At >= window || last.Reading.IsFaulted || last.Reading.IsCanceled)
            {
                // Not tied to one member's cancellation: the reading serves every member of the window.
                _last = (AwsEventPathProbe.ReadRulesAsync(eventBridge, rules, CancellationToken.None), now);
            }

            return _last.Value.Reading.WaitAsync(cancellationToken);
        }
    }
}

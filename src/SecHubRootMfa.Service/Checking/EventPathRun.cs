using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// One run's event-path check: started beside the IAM read, waited for at most a grace period once the verdict is ready,
/// and never able to fail the run (any failure or a late answer is an unknown with its cause). A run that does not
/// check carries the stored finding's last check forward, with the time it ran.
/// </summary>
internal sealed class EventPathRun : IDisposable
{
    private readonly Task<EventPathHealth>? _probe;
    private readonly CancellationTokenSource _stop;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _grace;
    private readonly bool _incomplete;

    private EventPathRun(IEventPathProbe? probe, TimeProvider clock, TimeSpan grace, bool incomplete, CancellationToken cancellationToken)
    {
        _incomplete = incomplete;
        _clock = clock;
        _grace = grace;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _probe = probe is null ? null : ProbeAsync(probe, clock, _stop.Token);
    }

    /// <summary>This run's own check, once <see cref="SettleAsync"/> has run; null when it does not check.</summary>
    public EventPathHealth? Checked { get; private set; }

    /// <summary>
    /// Starts the probe now (null when this run does not check the event path). An <paramref name="incomplete"/> check
    /// (one that cannot see every part, such as the CLI without the deployment's rules) never records an unknown over a stored check.
    /// </summary>
    public static EventPathRun Start(IEventPathProbe? probe, TimeProvider clock, TimeSpan grace, CancellationToken cancellationToken, bool incomplete = false) =>
        new(probe, clock, grace, incomplete, cancellationToken);

    /// <summary>Waits for the probe at most the grace period; a probe still running then is stopped and reported as unknown.</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        if (_probe is null || Checked is not null)
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var late = Task.Delay(_grace, _clock, timer.Token);
        var first = await Task.WhenAny(_probe, late).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        if (first == _probe)
        {
            Checked = await _probe.ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await _stop.CancelAsync().ConfigureAwait(false);
        Checked = EventPathHealth.Unknown(
            $"the event-path check did not finish within {_grace.TotalSeconds:0.#} s of the verdict; it was stopped so the verdict is not delayed",
            _clock.GetUtcNow());
    }

    /// <summary>
    /// What the finding carries: this run's check, or the stored finding's last one. An incomplete check's unknown keeps
    /// the stored one (the deployment's own full check stands); its live or blind is recorded, since blind needs no more parts.
    /// </summary>
    public EventPathHealth? For(ExistingFinding? stored) =>
        _incomplete && Checked is { Status: EventPathStatus.Unknown } && stored?.EventPath is { } full ? full : Checked ?? stored?.EventPath;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task<EventPathHealth> ProbeAsync(IEventPathProbe probe, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Off the caller's stack: a probe that blocks before its first await must not hold up the IAM read.
        await Task.Yield();
        try
        {
            return await probe.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return EventPathHealth.Unknown($"the event-path check failed: {AwsErrors.Classify(ex, "event-path check").Message}", clock.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            return EventPathHealth.Unknown("the event-path check was stopped", clock.GetUtcNow());
        }
    }
}

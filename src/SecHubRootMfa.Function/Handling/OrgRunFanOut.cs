using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Function.Handling;

/// <summary>
/// Org mode's fan-out on the organization run queue: the dispatcher that lists and queues a run's members, the consumer
/// that evaluates them, and the size below which a run stays in one invocation.
/// </summary>
/// <param name="Dispatcher">Lists and queues.</param>
/// <param name="Consumer">Evaluates the queued members.</param>
/// <param name="Options">Per-account budget, in-process share and retry backoff.</param>
/// <param name="Concurrency">Members one invocation evaluates at once (<c>SECHUBROOTMFA_ORG_CONCURRENCY</c>).</param>
public sealed record OrgRunFanOut(OrgRunDispatcher Dispatcher, MemberQueueConsumer Consumer, OrgFanOutOptions Options, int Concurrency)
{
    /// <summary>
    /// The most members this invocation evaluates in-process: from its remaining time (the function's timeout, read from
    /// Lambda's deadline), the concurrency and the per-account budget (<see cref="OrgFanOutOptions.InProcessLimit"/>).
    /// </summary>
    public int InProcessLimit(LambdaInvocation invocation, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return Options.InProcessLimit(invocation.RemainingTime(clock), Concurrency);
    }
}

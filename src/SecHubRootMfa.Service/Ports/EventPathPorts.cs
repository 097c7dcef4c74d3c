using SecHubRootMfa.Core.EventPath;

namespace SecHubRootMfa.Service.Ports;

/// <summary>Checks whether root MFA events can reach the checker: the trail, our EventBridge rules, dead-letter queues.</summary>
public interface IEventPathProbe
{
    /// <summary>
    /// Live, blind or unknown, with the reason. AWS failures (a permission missing, an unreadable answer) become
    /// unknown with the cause; the probe does not throw for them.
    /// </summary>
    Task<EventPathHealth> CheckAsync(CancellationToken cancellationToken);
}

using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>The parsed options of <c>check --org</c>.</summary>
/// <param name="Import">Import each member's finding into its own Security Hub.</param>
/// <param name="Level">The profile for every account; null is Level 2 (Level 1 for none).</param>
/// <param name="Mode">The Level 2 policy mode.</param>
/// <param name="Region">The Security Hub home region; null uses the standard AWS region resolution.</param>
/// <param name="Accounts">Explicit accounts; empty lists the organization with Organizations.</param>
/// <param name="RoleName">The member audit role's name.</param>
/// <param name="RolePath">The member audit role's path.</param>
/// <param name="ExternalId">The member role's external id; null sends none.</param>
/// <param name="Concurrency">Accounts evaluated at once.</param>
/// <param name="RootInventory">Read root's device inventory with sts:AssumeRoot.</param>
public sealed record OrgSettings(
    bool Import, PolicyProfile? Level, MfaPolicyMode Mode, string? Region, IReadOnlyList<string> Accounts, string RoleName, string RolePath,
    string? ExternalId, int Concurrency, bool RootInventory);

using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Service.Checking;

/// <summary>What one write of the finding carries: the finding and the parts a second write (clearing the outbox) reuses.</summary>
internal sealed record FindingWrite(
    AwsSecurityFinding Finding, FindingBookkeeping Bookkeeping, FindingHistory History, RootSignInEvidence? SignIn, EventPathHealth? EventPath);

using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Tests.Evaluation;

/// <summary>
/// The finding shows root's last console sign-in: the one from the event being handled or the one the stored finding
/// carries, whichever happened later, whatever order the events arrive in.
/// </summary>
public sealed class LatestRootSignInTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly RootSignInEvidence WithoutMfa = new(Noon, false, null);
    private static readonly RootSignInEvidence LaterWithFido = new(Noon.AddMinutes(3), true, "arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE");

    [Fact]
    public void Latest_TheLaterSignInWins_InEitherPosition()
    {
        Assert.Same(LaterWithFido, RootSignInEvidence.Latest(WithoutMfa, LaterWithFido));
        Assert.Same(LaterWithFido, RootSignInEvidence.Latest(LaterWithFido, WithoutMfa));
    }

    [Fact]
    public void Latest_OneMillisecondLaterIsLater()
    {
        var justAfter = WithoutMfa with { At = Noon.AddMilliseconds(1), MfaUsed = true };

        Assert.Same(justAfter, RootSignInEvidence.Latest(WithoutMfa, justAfter));
        Assert.Same(justAfter, RootSignInEvidence.Latest(justAfter, WithoutMfa));
    }

    [Fact]
    public void Latest_TwoSignInsAtTheSameInstant_KeepsTheFirst()
    {
        // The check passes the event being handled first, so its evidence replaces nothing newer and is never lost to a copy.
        var sameInstantWithMfa = new RootSignInEvidence(Noon, true, "GAHT12345678");

        Assert.Same(sameInstantWithMfa, RootSignInEvidence.Latest(sameInstantWithMfa, WithoutMfa));
        Assert.Same(WithoutMfa, RootSignInEvidence.Latest(WithoutMfa, sameInstantWithMfa));
    }

    [Fact]
    public void Latest_WithOnlyOneSignInKnown_IsThatOne()
    {
        Assert.Same(WithoutMfa, RootSignInEvidence.Latest(WithoutMfa, null));
        Assert.Same(WithoutMfa, RootSignInEvidence.Latest(null, WithoutMfa));
        Assert.Null(RootSignInEvidence.Latest(null, null));
    }
}

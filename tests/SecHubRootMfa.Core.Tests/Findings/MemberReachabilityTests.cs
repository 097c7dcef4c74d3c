using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>How one attempt on a member moves the administrator's reachability finding on.</summary>
public class MemberReachabilityTests
{
    private const string Member = "111122223333";
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);
    private static readonly MemberFailure RoleRefused = new(MemberFailureStage.EnterAccount, false, "sts:AssumeRole: AccessDenied");
    private static readonly MemberFailure Throttled = new(MemberFailureStage.EnterAccount, true, "sts:AssumeRole: Throttling: Rate exceeded");

    private static MemberAttempt Attempt(DateTimeOffset at, MemberFailure? failure = null, string trigger = "Scheduled Event") =>
        new(Member, at, trigger, failure);

    [Fact]
    public void Next_PermanentFailure_MakesTheMemberUnreachableAtOnceSinceThatAttempt()
    {
        var r = MemberReachability.Next(null, Attempt(T0, RoleRefused), Grace);

        Assert.Equal((MemberReachState.Unreachable, T0, RoleRefused), (r.State, r.Since, r.Failure));
    }

    [Fact]
    public void Next_OneTransientFailureOfAReachableMember_KeepsItReachableAndSaysWhenItWouldCount()
    {
        var reachable = MemberReachability.Next(null, Attempt(T0), Grace);

        var r = MemberReachability.Next(reachable, Attempt(T0.AddHours(12), Throttled), Grace);

        Assert.Equal((MemberReachState.Reachable, T0, Throttled), (r.State, r.Since, r.Failure));
        Assert.Equal(T0.AddHours(13), r.UnreachableFrom(Grace));
    }

    [Fact]
    public void Next_TransientFailuresLastingTheGraceTime_MakeTheMemberUnreachableSinceTheFirstOfThem()
    {
        var reachable = MemberReachability.Next(null, Attempt(T0), Grace);
        var first = MemberReachability.Next(reachable, Attempt(T0.AddHours(12), Throttled), Grace);

        var r = MemberReachability.Next(first, Attempt(T0.AddHours(24), Throttled), Grace);

        Assert.Equal((MemberReachState.Unreachable, T0.AddHours(12)), (r.State, r.Since));
    }

    [Fact]
    public void Next_TransientFailureOfAMemberNeverSeen_IsUnconfirmedNotUnreachable()
    {
        var r = MemberReachability.Next(null, Attempt(T0, Throttled), Grace);

        Assert.Equal(MemberReachState.Unconfirmed, r.State);
        Assert.Equal(T0 + Grace, r.UnreachableFrom(Grace));
    }

    [Fact]
    public void Next_RetriesWithinTheGraceTime_DoNotMakeAnUnconfirmedMemberUnreachable()
    {
        var r = MemberReachability.Next(null, Attempt(T0, Throttled), Grace);
        r = MemberReachability.Next(r, Attempt(T0.AddMinutes(1), Throttled), Grace);
        r = MemberReachability.Next(r, Attempt(T0.AddMinutes(59), Throttled), Grace);

        Assert.Equal((MemberReachState.Unconfirmed, T0), (r.State, r.FailingSince));
    }

    [Fact]
    public void Next_SuccessAfterUnreachable_IsReachableAgainSinceThenAndRemembersThePeriodAndCause()
    {
        var unreachable = MemberReachability.Next(null, Attempt(T0, RoleRefused), Grace);

        var r = MemberReachability.Next(unreachable, Attempt(T0.AddHours(12)), Grace);

        Assert.Equal((MemberReachState.Reachable, T0.AddHours(12), null, null), (r.State, r.Since, r.Failure, r.FailingSince));
        Assert.Equal((T0, RoleRefused), (r.PreviouslyUnreachableSince, r.PreviousFailure));
    }

    [Fact]
    public void Next_ReachableAgainAndStillReachable_KeepsTheSinceTime()
    {
        var again = MemberReachability.Next(MemberReachability.Next(null, Attempt(T0, RoleRefused), Grace), Attempt(T0.AddHours(12)), Grace);

        var r = MemberReachability.Next(again, Attempt(T0.AddHours(24)), Grace);

        Assert.Equal((T0.AddHours(12), T0.AddHours(24)), (r.Since, r.LastAttemptAt));
    }

    [Fact]
    public void Next_UnreachableMemberWithANewCause_StaysUnreachableSinceTheFirstFailureAndShowsTheNewCause()
    {
        var unreachable = MemberReachability.Next(null, Attempt(T0, RoleRefused), Grace);
        var hubOff = new MemberFailure(MemberFailureStage.ReadFinding, false, "Security Hub is not enabled");

        var r = MemberReachability.Next(unreachable, Attempt(T0.AddHours(12), hubOff), Grace);

        Assert.Equal((MemberReachState.Unreachable, T0, hubOff), (r.State, r.Since, r.Failure));
    }

    [Fact]
    public void Fields_RoundTripEveryState()
    {
        var unreachable = MemberReachability.Next(null, Attempt(T0, RoleRefused), Grace);
        var again = MemberReachability.Next(unreachable, Attempt(T0.AddHours(12)), Grace);
        var pending = MemberReachability.Next(again, Attempt(T0.AddHours(24), Throttled, "EnableMFADevice"), Grace);
        foreach (var r in new[] { unreachable, again, pending, MemberReachability.Next(null, Attempt(T0, Throttled), Grace) })
        {
            var fields = new Dictionary<string, string>();
            MemberReachabilityFields.Write(fields, r);

            Assert.Equal(r, MemberReachabilityFields.Read(fields, Member));
        }
    }

    [Fact]
    public void Fields_OfAnotherMemberOrWithAnUnknownState_AreNotRead()
    {
        var fields = new Dictionary<string, string>();
        MemberReachabilityFields.Write(fields, MemberReachability.Next(null, Attempt(T0, RoleRefused), Grace));

        Assert.Null(MemberReachabilityFields.Read(fields, "444455556666"));
        fields[MemberReachabilityFields.StateKey] = "sometimes";
        Assert.Null(MemberReachabilityFields.Read(fields, Member));
    }
}

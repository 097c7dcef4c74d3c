using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Tests.Support;
using static SecHubRootMfa.Core.Tests.Support.Observations;

namespace SecHubRootMfa.Core.Tests.Findings;

/// <summary>
/// What one run writes into ProductFields the next run reads back: root's last sign-in is carried forward as it was seen,
/// and a value that is missing, blank or cut is left out, never guessed.
/// </summary>
public sealed class StoredEvidenceReadBackTests
{
    private static readonly RootMfaFindingBuilder Builder = new(GoldenCases.Context);

    private static StoredFields WrittenThenRead(RootSignInEvidence? signIn, FindingBookkeeping? bookkeeping = null) =>
        FindingFields.Read(Builder.Build(
            RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), FindingHistory.None, "ConsoleLogin", signIn, bookkeeping)
            .ProductFields);

    [Theory]
    [InlineData(true, "arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE")]
    [InlineData(true, "GAHT12345678")]
    [InlineData(false, null)]
    public void Read_RootSignInWithOrWithoutMfa_ComesBackAsItWasWritten(bool mfaUsed, string? serial)
    {
        var signIn = new RootSignInEvidence(ReadAt.AddHours(-2), mfaUsed, serial);

        Assert.Equal(signIn, WrittenThenRead(signIn).LastRootSignIn);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("arn:aws:iam::111122223333:mfa/root-ph…")]
    public void Read_SignInSerialThatIsBlankOrWasCut_IsLeftOutRatherThanReadAsAnotherDevice(string storedSerial)
    {
        var fields = new Dictionary<string, string>
        {
            ["SecHubRootMfa/LastRootSignInAt"] = "2026-11-28T02:00:00.123Z",
            ["SecHubRootMfa/LastRootSignInMfaUsed"] = "true",
            ["SecHubRootMfa/LastRootSignInMfaSerial"] = storedSerial,
        };

        var signIn = FindingFields.Read(fields).LastRootSignIn;

        Assert.Equal(new RootSignInEvidence(ReadAt.AddHours(-2), true, null), signIn);
    }

    [Fact]
    public void Read_SignInWhoseMfaFlagIsMissing_ReadsAsWithoutMfa()
    {
        var signIn = FindingFields.Read(new Dictionary<string, string> { ["SecHubRootMfa/LastRootSignInAt"] = "2026-11-28T02:00:00.123Z" })
            .LastRootSignIn;

        Assert.Equal(new RootSignInEvidence(ReadAt.AddHours(-2), false, null), signIn);
    }

    [Fact]
    public void Read_FindingWithoutProductFields_HasNoRunNoOutboxAndNoSignIn()
    {
        Assert.Equal(StoredFields.Empty, FindingFields.Read(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Read_BlankRunId_IsNoRunId(string runId)
    {
        Assert.Null(FindingFields.Read(new Dictionary<string, string> { [FindingFields.RunIdKey] = runId }).RunId);
    }

    [Fact]
    public void Write_ChangesDroppedOnlyWhenSomeWere()
    {
        var none = Builder.Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), FindingHistory.None, "Scheduled Event",
            null, new FindingBookkeeping("run-1", [], ChangesDropped: 0));
        var three = Builder.Build(RootMfaEvaluator.Evaluate(Observe(Summary(mfa: 1)), PolicyProfile.Level2), FindingHistory.None, "Scheduled Event",
            null, new FindingBookkeeping("run-1", [], ChangesDropped: 3));

        Assert.DoesNotContain(FindingFields.ChangesDroppedKey, none.ProductFields!.Keys);
        Assert.Equal("3", three.ProductFields![FindingFields.ChangesDroppedKey]);
    }
}

using System.Net;
using Amazon.Runtime;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Tests.Adapters;

/// <summary>
/// What IAM answers, read through the state source and the check as the function runs them: an answer IAM cannot give
/// is NOT_AVAILABLE with a bounded cause, never a PASSED and never a crash; a failure worth retrying fails the run.
/// </summary>
public sealed class RootMfaStateFromIamTests
{
    private const string Account = "111122223333";
    private static readonly DeploymentContext Context = new("eu-west-1", Account, "0.1.0");
    private static readonly string RootArn = $"arn:aws:iam::{Account}:root";
    private readonly IAmazonIdentityManagementService _iam = Substitute.For<IAmazonIdentityManagementService>();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));

    private void Summary(Dictionary<string, int> map) =>
        _iam.GetAccountSummaryAsync(Arg.Any<GetAccountSummaryRequest>(), Arg.Any<CancellationToken>())
            .Returns(new GetAccountSummaryResponse { SummaryMap = map });

    private static Dictionary<string, int> MfaOn => new() { ["AccountMFAEnabled"] = 1, ["AccountPasswordPresent"] = 1 };

    private void Devices(params VirtualMFADevice[] devices) =>
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .Returns(new ListVirtualMFADevicesResponse { VirtualMFADevices = [.. devices], IsTruncated = false });

    private Task<CheckResult> CheckAsync() =>
        new RootMfaCheckService(new IamRootMfaStateSource(_iam, _clock), Substitute.For<IFindingStore>(), null, new RootMfaFindingBuilder(Context),
                Context, new CheckOptions(), _clock, Substitute.For<ICheckLog>())
            .RunAsync(new CheckRequest(Account, "Scheduled Event", Import: false), CancellationToken.None);

    [Fact]
    public async Task DeviceWhoseUserCarriesNoArn_IsUnassignedAndTheAccountStaysReadable()
    {
        Summary(MfaOn);
        Devices(new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/spare", User = new User { Arn = "" } });

        var result = await CheckAsync();

        Assert.Equal((ComplianceStatus.Passed, ReasonCode.HardwareMfa), (result.Summary.Status, result.Summary.Reason));
    }

    [Theory]
    [InlineData("AIDACKCEVSQ6C2EXAMPLE")]
    [InlineData("urn:aws:iam::111122223333:root")]
    public async Task DeviceUserThatIsNotAnArn_IsNotAvailableNamingIt(string userArn)
    {
        Summary(MfaOn);
        Devices(new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/phone", User = new User { Arn = userArn } });

        var result = await CheckAsync();

        Assert.Equal(ComplianceStatus.NotAvailable, result.Summary.Status);
        Assert.Contains($"User.Arn '{userArn}'", result.Evaluation.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceUserArnAtIamsLengthLimit_IsReadAndOneCharacterLongerIsNotAvailable()
    {
        // IAM's ARNs are at most 2048 characters; a user path can make a user's ARN reach that.
        var prefix = $"arn:aws:iam::{Account}:user/";
        var longest = prefix + new string('p', 2048 - prefix.Length);
        Summary(MfaOn);
        Devices(new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/phone", User = new User { Arn = longest } });
        var atLimit = await CheckAsync();

        Devices(new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/phone", User = new User { Arn = longest + "p" } });
        var overLimit = await CheckAsync();

        Assert.Equal(ComplianceStatus.Passed, atLimit.Summary.Status);
        Assert.Equal(ComplianceStatus.NotAvailable, overLimit.Summary.Status);
    }

    [Fact]
    public async Task AnotherUsersDeviceWithASerialThatIsNotPrintableAscii_IsNotAvailableNotIgnored()
    {
        // No IAM device ARN holds a non-ASCII character: such an answer is not IAM's, so nothing in it is trusted.
        Summary(MfaOn);
        Devices(new VirtualMFADevice { SerialNumber = $"arn:aws:iam::{Account}:mfa/t\u00e9l\u00e9phone" });

        var result = await CheckAsync();

        Assert.Equal(ComplianceStatus.NotAvailable, result.Summary.Status);
        Assert.Contains("not printable ASCII", result.Evaluation.ErrorCause, StringComparison.Ordinal);
        Assert.Contains("mfa/t?l?phone", result.Evaluation.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedValueInTheCause_IsCutToSixtyFourCharactersAndMarked()
    {
        // The value comes from outside and ends up in the finding: it is bounded before it gets there.
        var serial = $"arn:aws:iam::{Account}:mfa/" + new string('x', 5000) + "\u00e9";
        Summary(MfaOn);
        Devices(new VirtualMFADevice { SerialNumber = serial, User = new User { Arn = RootArn } });

        var result = await CheckAsync();

        Assert.Equal(ComplianceStatus.NotAvailable, result.Summary.Status);
        Assert.Contains($"'{serial[..64]}…'", result.Evaluation.ErrorCause, StringComparison.Ordinal);
        Assert.DoesNotContain(serial[..65], result.Evaluation.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedValueOfExactlySixtyFourCharacters_IsShownWhole()
    {
        var serial = $"arn:aws:iam::{Account}:mfa/root phone".PadRight(64, 'x');
        Summary(MfaOn);
        Devices(new VirtualMFADevice { SerialNumber = serial, User = new User { Arn = RootArn } });

        var result = await CheckAsync();

        Assert.Contains($"'{serial}'", result.Evaluation.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThrottledDeviceList_FailsTheRunSoItIsRetriedAndNoNotAvailableIsWritten()
    {
        Summary(MfaOn);
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AmazonServiceException("Rate exceeded", null, ErrorType.Sender, "Throttling", "req-9", HttpStatusCode.BadRequest));

        var ex = await Assert.ThrowsAsync<AwsCallException>(CheckAsync);

        Assert.Equal(AwsFailureKind.Transient, ex.Kind);
        Assert.Contains("iam:ListVirtualMFADevices", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancels_TheReadEndsAsCancelledNotAsAnAwsFailure()
    {
        // A cancelled invocation must not be mistaken for a transient AWS failure (retried) or a permanent one (NOT_AVAILABLE).
        using var cancel = new CancellationTokenSource();
        Summary(MfaOn);
        _iam.ListVirtualMFADevicesAsync(Arg.Any<ListVirtualMFADevicesRequest>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await cancel.CancelAsync();
                call.Arg<CancellationToken>().ThrowIfCancellationRequested();
                return new ListVirtualMFADevicesResponse { VirtualMFADevices = [], IsTruncated = false };
            });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() =>
            new IamRootMfaStateSource(_iam, _clock).ReadAsync(Account, AwsPartition.Aws, cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
    }
}

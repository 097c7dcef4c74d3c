using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Tests.Support;

/// <summary>Builders for IAM states used across the tests.</summary>
internal static class Observations
{
    public const string Account = "111122223333";
    public static readonly DateTimeOffset ReadAt = new(2026, 11, 28, 4, 0, 0, 123, TimeSpan.Zero);

    public static AccountSummary Summary(int? mfa, int? password = 1, int? keys = 0, int? certs = 0)
    {
        var map = new Dictionary<string, int>
        {
            ["Users"] = 3,
            ["MFADevices"] = 2,
        };
        Add(map, AccountSummary.MfaEnabledKey, mfa);
        Add(map, AccountSummary.PasswordPresentKey, password);
        Add(map, AccountSummary.AccessKeysPresentKey, keys);
        Add(map, AccountSummary.SigningCertificatesPresentKey, certs);
        return AccountSummary.FromSummaryMap(map);
    }

    public static VirtualMfaDevice RootVirtual(string name, AwsPartition? partition = null, string account = Account) =>
        new($"arn:{(partition ?? AwsPartition.Aws).Name}:iam::{account}:mfa/{name}",
            $"arn:{(partition ?? AwsPartition.Aws).Name}:iam::{account}:root",
            new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero));

    public static VirtualMfaDevice UserVirtual(string user, string deviceName) =>
        new($"arn:aws:iam::{Account}:mfa/{deviceName}", $"arn:aws:iam::{Account}:user/{user}",
            new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero));

    public static VirtualMfaDevice Unassigned(string deviceName) => new($"arn:aws:iam::{Account}:mfa/{deviceName}", null);

    public static RootMfaObservation Observe(
        AccountSummary summary, IEnumerable<VirtualMfaDevice>? devices = null, AwsPartition? partition = null,
        string account = Account, RootMfaInventory? inventory = null) =>
        new(account, partition ?? AwsPartition.Aws, summary, [.. devices ?? []], ReadAt, inventory);

    /// <summary>Root's devices as ListMFADevices lists them under AssumeRoot credentials.</summary>
    public static RootMfaInventory Inventory(params string[] serials) =>
        new([.. serials.Select(s => new RootMfaDevice(s, new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero), Account))]);

    public const string HardwareToken = "GAHT12345678";
    public const string FidoKey = "arn:aws:iam::111122223333:u2f/root/YubiKey-EXAMPLE";
    public const string VirtualSerial = "arn:aws:iam::111122223333:mfa/backup-phone";

    private static void Add(Dictionary<string, int> map, string key, int? value)
    {
        if (value is { } v)
        {
            map[key] = v;
        }
    }
}

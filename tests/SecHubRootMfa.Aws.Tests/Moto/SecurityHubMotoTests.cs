using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.Tests.Moto;

[Collection(MotoGroup.Name)]
public sealed class SecurityHubMotoTests(MotoServerFixture moto) : IAsyncLifetime
{
    private const string Region = "eu-west-1";

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task BatchImportThenGetFindings_EnabledHub_RoundTripsTheFinding()
    {
        await MotoSeeder.EnableSecurityHubAsync(moto, Region);
        using var hub = new AwsClientFactory(moto.Options(Region)).CreateSecurityHub();
        var finding = TestFindings.Create("sechubrootmfa/aws/123456789012/iam.6", region: Region);

        var imported = await hub.BatchImportFindingsAsync(new BatchImportFindingsRequest { Findings = [finding] });
        var read = await hub.GetFindingsAsync(new GetFindingsRequest
        {
            Filters = new AwsSecurityFindingFilters
            {
                Id = [new StringFilter { Value = finding.Id, Comparison = StringFilterComparison.EQUALS }],
                ProductArn = [new StringFilter { Value = finding.ProductArn, Comparison = StringFilterComparison.EQUALS }],
            },
            MaxResults = 1,
        });

        Assert.Equal(1, imported.SuccessCount);
        Assert.Equal(0, imported.FailedCount);
        Assert.Empty(imported.FailedFindings);
        var back = Assert.Single(read.Findings);
        Assert.Equal(finding.Id, back.Id);
        Assert.Equal(finding.CreatedAt, back.CreatedAt);
        Assert.Equal(finding.FirstObservedAt, back.FirstObservedAt);
        Assert.Equal("FAILED", back.Compliance?.Status);
    }

    [Fact]
    public async Task BatchImportFindings_FindingWithoutResources_ReportsItAsFailedWithIdAndCode()
    {
        await MotoSeeder.EnableSecurityHubAsync(moto, Region);
        using var hub = new AwsClientFactory(moto.Options(Region)).CreateSecurityHub();
        var good = TestFindings.Create("good", region: Region);
        var bad = TestFindings.Create("bad", region: Region) with { Resources = [] };

        var response = await hub.BatchImportFindingsAsync(new BatchImportFindingsRequest { Findings = [good, bad] });

        Assert.Equal(1, response.SuccessCount);
        Assert.Equal(1, response.FailedCount);
        var failure = Assert.Single(response.FailedFindings);
        Assert.Equal("bad", failure.Id);
        Assert.Equal("InvalidInput", failure.ErrorCode);
    }

    [Fact]
    public async Task Importer_150FindingsAgainstMoto_ImportsAllAndGetFindingsPagesThroughThem()
    {
        await MotoSeeder.EnableSecurityHubAsync(moto, Region);
        using var hub = new AwsClientFactory(moto.Options(Region)).CreateSecurityHub();
        var findings = Enumerable.Range(0, 150).Select(i => TestFindings.Create($"bulk-{i}", region: Region)).ToList();

        var result = await new SecurityHubFindingImporter(hub).ImportAsync(findings);
        var seen = new List<string>();
        string? token = null;
        for (var page = 0; page < 10; page++)
        {
            var response = await hub.GetFindingsAsync(new GetFindingsRequest { MaxResults = 100, NextToken = token });
            seen.AddRange(response.Findings.Select(f => f.Id!));
            token = response.NextToken;
            if (token is null)
            {
                break;
            }
        }

        Assert.True(result.AllImported);
        Assert.Equal(findings.Select(f => f.Id).Order(), seen.Order());
    }
}

using System.Net;
using System.Text;
using SecHubRootMfa.Aws.Organizations;
using SecHubRootMfa.Aws.Organizations.Internal;
using SecHubRootMfa.Aws.Organizations.Model;
using static SecHubRootMfa.Aws.Tests.Marshalling.PayloadHarness;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

public sealed class OrganizationsMarshallingTests
{
    [Fact]
    public void ListAccountsMarshaller_WithTokenAndPageSize_WritesAwsJson11WithTarget()
    {
        var request = ListAccountsRequestMarshaller.Instance.Marshall(new ListAccountsRequest { NextToken = "AAQAAAAB-EXAMPLE", MaxResults = 20 });

        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/", request.ResourcePath);
        Assert.Equal("AWSOrganizationsV20161128.ListAccounts", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal("""{"NextToken":"AAQAAAAB-EXAMPLE","MaxResults":20}""", Encoding.UTF8.GetString(request.Content));
    }

    [Fact]
    public void ListAccountsMarshaller_FirstPage_SendsAnEmptyObject()
    {
        var request = ListAccountsRequestMarshaller.Instance.Marshall(new ListAccountsRequest());

        Assert.Equal("{}", Encoding.UTF8.GetString(request.Content));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void ListAccountsMarshaller_PageSizeOutsideOneToTwenty_IsRejectedBeforeSending(int maxResults)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ListAccountsRequestMarshaller.Instance.Marshall(new ListAccountsRequest { MaxResults = maxResults }));
    }

    [Fact]
    public void ListAccountsUnmarshaller_DocumentedPayload_ReadsEveryAccountWithStateAndTimestamp()
    {
        var response = (ListAccountsResponse)UnmarshallJson(ListAccountsResponseUnmarshaller.Instance, "Organizations/ListAccounts.json");

        Assert.Equal(["111111111111", "222222222222", "333333333333", "444444444444"], response.Accounts.Select(a => a.Id));
        Assert.Null(response.NextToken);
        var production = response.Accounts[1];
        Assert.Equal("Production Account", production.Name);
        Assert.Equal("arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222", production.Arn);
        Assert.Equal(new DateTime(2016, 12, 15, 21, 2, 21, 44, DateTimeKind.Utc), production.JoinedTimestamp);
        Assert.Equal(DateTimeKind.Utc, production.JoinedTimestamp!.Value.Kind);
    }

    [Fact]
    public void Account_IsActive_UsesStateAndFallsBackToLegacyStatus()
    {
        var response = (ListAccountsResponse)UnmarshallJson(ListAccountsResponseUnmarshaller.Instance, "Organizations/ListAccounts.json");

        Assert.Equal([true, true, false, true], response.Accounts.Select(a => a.IsActive));
        Assert.Null(response.Accounts[3].State);
    }

    [Fact]
    public void ListAccountsUnmarshaller_EmptyPageWithToken_KeepsTheToken()
    {
        var response = (ListAccountsResponse)UnmarshallJson(ListAccountsResponseUnmarshaller.Instance, "Organizations/ListAccounts-page-with-token.json");

        Assert.Empty(response.Accounts);
        Assert.Equal("AAQAAAAB-EXAMPLE-page-2", response.NextToken);
    }

    [Fact]
    public void ListAccountsErrorUnmarshaller_AccessDenied_IsTypedAndSaysWhereToRun()
    {
        var error = UnmarshallJsonError(ListAccountsResponseUnmarshaller.Instance, "Organizations/Error-AccessDenied.json", HttpStatusCode.BadRequest);

        var denied = Assert.IsType<AccessDeniedException>(error);
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.Contains("delegated administrator", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAccountsErrorUnmarshaller_NotInOrganization_IsTypedAndSuggestsAnAccountList()
    {
        var error = UnmarshallJsonError(ListAccountsResponseUnmarshaller.Instance, "Organizations/Error-NotInUse.json", HttpStatusCode.BadRequest);

        Assert.IsType<AWSOrganizationsNotInUseException>(error);
        Assert.Contains("explicit account list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAccountsErrorUnmarshaller_TooManyRequests_IsTypedThrottling()
    {
        var error = UnmarshallJsonError(ListAccountsResponseUnmarshaller.Instance, "Organizations/Error-TooManyRequests.json", HttpStatusCode.BadRequest);

        Assert.IsType<TooManyRequestsException>(error);
        Assert.Equal("TooManyRequestsException", error.ErrorCode);
    }
}

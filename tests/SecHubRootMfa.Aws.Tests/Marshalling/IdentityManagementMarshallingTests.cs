using System.Net;
using System.Text;
using Amazon.Runtime;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.IdentityManagement.Internal;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using static SecHubRootMfa.Aws.Tests.Marshalling.PayloadHarness;

namespace SecHubRootMfa.Aws.Tests.Marshalling;

public sealed class IdentityManagementMarshallingTests
{
    [Fact]
    public void GetAccountSummaryMarshaller_Always_PostsActionAndVersionForm()
    {
        var request = GetAccountSummaryRequestMarshaller.Instance.Marshall(new GetAccountSummaryRequest());

        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/", request.ResourcePath);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("Action=GetAccountSummary&Version=2010-05-08", Encoding.UTF8.GetString(request.Content));
    }

    [Fact]
    public void ListVirtualMFADevicesMarshaller_WithFilterAndPaging_EncodesEveryParameter()
    {
        var request = ListVirtualMFADevicesRequestMarshaller.Instance.Marshall(new ListVirtualMFADevicesRequest
        {
            AssignmentStatus = AssignmentStatusType.Assigned,
            Marker = "AAE/marker+=",
            MaxItems = 1000,
        });

        Assert.Equal(
            "Action=ListVirtualMFADevices&Version=2010-05-08&AssignmentStatus=Assigned&Marker=AAE%2Fmarker%2B%3D&MaxItems=1000",
            Encoding.UTF8.GetString(request.Content));
    }

    [Fact]
    public void ListVirtualMFADevicesMarshaller_MaxItemsOutOfRange_RejectsBeforeSending()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => ListVirtualMFADevicesRequestMarshaller.Instance.Marshall(new ListVirtualMFADevicesRequest { MaxItems = 1001 }));
    }

    [Fact]
    public void ListMFADevicesMarshaller_WithoutUserName_SendsNoUserNameSoIamUsesTheCaller()
    {
        var withUser = ListMFADevicesRequestMarshaller.Instance.Marshall(new ListMFADevicesRequest { UserName = "Bob" });
        var caller = ListMFADevicesRequestMarshaller.Instance.Marshall(new ListMFADevicesRequest());

        Assert.Equal("Action=ListMFADevices&Version=2010-05-08&UserName=Bob", Encoding.UTF8.GetString(withUser.Content));
        Assert.Equal("Action=ListMFADevices&Version=2010-05-08", Encoding.UTF8.GetString(caller.Content));
    }

    [Fact]
    public void GetAccountSummaryUnmarshaller_DocumentationSample_ReadsEveryEntryAndRequestId()
    {
        var response = (GetAccountSummaryResponse)UnmarshallXml(
            GetAccountSummaryResponseUnmarshaller.Instance, "IdentityManagement/GetAccountSummary.xml");

        Assert.Equal(14, response.SummaryMap.Count);
        Assert.Equal(1, response.SummaryMap["AccountMFAEnabled"]);
        Assert.Equal(35, response.SummaryMap["Users"]);
        Assert.Equal(20, response.SummaryMap["MFADevices"]);
        Assert.Equal("f1e38443-f1ad-11df-b1ef-a9265EXAMPLE", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public void ListVirtualMFADevicesUnmarshaller_DocumentationSample_ReadsUnassignedRootAndUserDevices()
    {
        var response = (ListVirtualMFADevicesResponse)UnmarshallXml(
            ListVirtualMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/ListVirtualMFADevices.xml");

        Assert.False(response.IsTruncated);
        Assert.Null(response.Marker);
        Assert.Equal(3, response.VirtualMFADevices.Count);
        var unassigned = response.VirtualMFADevices[0];
        Assert.Null(unassigned.User);
        Assert.Null(unassigned.EnableDate);
        var root = response.VirtualMFADevices[1];
        Assert.Equal("arn:aws:iam::123456789012:mfa/RootMFAdeviceName", root.SerialNumber);
        Assert.Equal("arn:aws:iam::123456789012:root", root.User?.Arn);
        Assert.Equal("123456789012", root.User?.UserId);
        Assert.Equal(new DateTime(2011, 10, 20, 20, 49, 3, DateTimeKind.Utc), root.EnableDate);
        Assert.Equal(DateTimeKind.Utc, root.EnableDate!.Value.Kind);
        Assert.Equal("ExampleUser", response.VirtualMFADevices[2].User?.UserName);
        Assert.Equal("/", response.VirtualMFADevices[2].User?.Path);
    }

    [Fact]
    public void ListVirtualMFADevicesUnmarshaller_TruncatedPage_ExposesMarker()
    {
        var response = (ListVirtualMFADevicesResponse)UnmarshallXml(
            ListVirtualMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/ListVirtualMFADevices-truncated.xml");

        Assert.True(response.IsTruncated);
        Assert.Equal("AAEAAdGhpcyBpcyBhbiBvcGFxdWUgbWFya2VyEXAMPLE=", response.Marker);
        Assert.Single(response.VirtualMFADevices);
    }

    [Fact]
    public void ListMFADevicesUnmarshaller_DocumentationSample_ReadsHardwareSerial()
    {
        var response = (ListMFADevicesResponse)UnmarshallXml(ListMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/ListMFADevices.xml");

        var device = Assert.Single(response.MFADevices);
        Assert.Equal("Bob", device.UserName);
        Assert.Equal("R1234", device.SerialNumber);
        Assert.Equal(new DateTime(2011, 10, 20, 20, 49, 3, DateTimeKind.Utc), device.EnableDate);
    }

    [Fact]
    public void IamErrorUnmarshaller_NoSuchEntity_IsTypedWithCodeMessageRequestIdAndStatus()
    {
        var error = UnmarshallXmlError(ListMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/Error-NoSuchEntity.xml", HttpStatusCode.NotFound);

        var typed = Assert.IsType<NoSuchEntityException>(error);
        Assert.Equal("NoSuchEntity", typed.ErrorCode);
        Assert.Equal("The user with name Bob cannot be found.", typed.Message);
        Assert.Equal("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", typed.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, typed.StatusCode);
        Assert.Equal(ErrorType.Sender, typed.ErrorType);
    }

    [Fact]
    public void IamErrorUnmarshaller_AccessDenied_NamesTheMissingPermission()
    {
        var error = UnmarshallXmlError(
            ListVirtualMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/Error-AccessDenied.xml", HttpStatusCode.Forbidden);

        var typed = Assert.IsType<AccessDeniedException>(error);
        Assert.Contains("iam:ListVirtualMFADevices", typed.Message, StringComparison.Ordinal);
        Assert.Equal("b61ce1b1-0401-11e1-b2f8-2dEXAMPLEbfc", typed.RequestId);
    }

    [Fact]
    public void IamErrorUnmarshaller_InvalidInput_IsTyped()
    {
        var error = UnmarshallXmlError(
            ListVirtualMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/Error-InvalidInput.xml", HttpStatusCode.BadRequest);

        Assert.IsType<InvalidInputException>(error);
    }

    [Fact]
    public void IamErrorUnmarshaller_Throttling_KeepsTheCodeTheSdkRetriesOn()
    {
        var error = UnmarshallXmlError(GetAccountSummaryResponseUnmarshaller.Instance, "IdentityManagement/Error-Throttling.xml", HttpStatusCode.BadRequest);

        Assert.IsAssignableFrom<AmazonIdentityManagementServiceException>(error);
        Assert.Equal("Throttling", error.ErrorCode);
    }

    [Fact]
    public void IamUnmarshaller_TruncatedXml_ThrowsUnmarshallingErrorInsteadOfPartialResult()
    {
        var error = Assert.Throws<AmazonUnmarshallingException>(
            () => UnmarshallXml(GetAccountSummaryResponseUnmarshaller.Instance, "IdentityManagement/Malformed-truncated.xml"));

        Assert.Contains("not the XML expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IamUnmarshaller_AnswerOfAnotherOperation_IsRejected()
    {
        Assert.Throws<AmazonUnmarshallingException>(
            () => UnmarshallXml(ListMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/GetAccountSummary.xml"));
    }

    [Fact]
    public void ListVirtualMFADevicesUnmarshaller_WithoutIsTruncated_IsMalformedNotTheLastPage()
    {
        // The page carries a Marker: treating the missing IsTruncated as "done" would drop every later page.
        var error = Assert.Throws<AmazonUnmarshallingException>(() => UnmarshallXml(
            ListVirtualMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/Malformed-ListVirtualMFADevices-no-IsTruncated.xml"));

        Assert.Contains("IsTruncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("True")]
    [InlineData("1")]
    public void ListVirtualMFADevicesUnmarshaller_NonBooleanIsTruncated_IsMalformed(string value)
    {
        var body = File.ReadAllText(PathOf("IdentityManagement/ListVirtualMFADevices-truncated.xml"))
            .Replace("<IsTruncated>true</IsTruncated>", $"<IsTruncated>{value}</IsTruncated>", StringComparison.Ordinal);

        var error = Assert.Throws<AmazonUnmarshallingException>(() => UnmarshallXmlText(ListVirtualMFADevicesResponseUnmarshaller.Instance, body));

        Assert.Contains("IsTruncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListMFADevicesUnmarshaller_WithoutIsTruncated_IsMalformedNotTheLastPage()
    {
        var body = File.ReadAllText(PathOf("IdentityManagement/ListMFADevices.xml"))
            .Replace("<IsTruncated>false</IsTruncated>", "", StringComparison.Ordinal);

        Assert.Throws<AmazonUnmarshallingException>(() => UnmarshallXmlText(ListMFADevicesResponseUnmarshaller.Instance, body));
    }

    [Fact]
    public void ListVirtualMFADevicesUnmarshaller_ValuesWrappedInWhitespace_AreReadAsIamMeantThem()
    {
        var response = (ListVirtualMFADevicesResponse)UnmarshallXml(
            ListVirtualMFADevicesResponseUnmarshaller.Instance, "IdentityManagement/ListVirtualMFADevices-padded.xml");

        Assert.False(response.IsTruncated);
        var root = Assert.Single(response.VirtualMFADevices);
        Assert.Equal("arn:aws:iam::123456789012:mfa/RootMFAdeviceName", root.SerialNumber);
        Assert.Equal("arn:aws:iam::123456789012:root", root.User?.Arn);
    }

    [Fact]
    public void GetAccountSummaryUnmarshaller_DuplicateKey_IsMalformedNotTheLastValue()
    {
        var error = Assert.Throws<AmazonUnmarshallingException>(() => UnmarshallXml(
            GetAccountSummaryResponseUnmarshaller.Instance, "IdentityManagement/Malformed-GetAccountSummary-duplicate-key.xml"));

        Assert.Contains("'AccountMFAEnabled' more than once", error.Message, StringComparison.Ordinal);
    }
}

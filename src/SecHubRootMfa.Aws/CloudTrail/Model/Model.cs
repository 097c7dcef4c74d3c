using Amazon.Runtime;

namespace SecHubRootMfa.Aws.CloudTrail.Model;

/// <summary>Input of <c>DescribeTrails</c>.</summary>
public sealed class DescribeTrailsRequest : AmazonWebServiceRequest
{
    /// <summary>Trail names or ARNs; empty describes every trail of the region.</summary>
    public List<string> TrailNameList { get; set; } = [];

    /// <summary>Whether shadow trails (other regions' multi-region trails, organization trails in members) are included; null is CloudTrail's default, true.</summary>
    public bool? IncludeShadowTrails { get; set; }
}

/// <summary>Output of <c>DescribeTrails</c>.</summary>
public sealed class DescribeTrailsResponse : AmazonWebServiceResponse
{
    /// <summary>The trails; string values appear only when set in the trail's configuration.</summary>
    public List<Trail> TrailList { get; set; } = [];
}

/// <summary>One trail's settings as DescribeTrails returns them.</summary>
public sealed class Trail
{
    /// <summary>The trail's name.</summary>
    public string? Name { get; set; }

    /// <summary>The trail's ARN (its account is the organization's management account for an organization trail seen from a member).</summary>
    public string? TrailARN { get; set; }

    /// <summary>The region the trail was created in.</summary>
    public string? HomeRegion { get; set; }

    /// <summary>True when the trail logs in every region.</summary>
    public bool? IsMultiRegionTrail { get; set; }

    /// <summary>True for an organization trail.</summary>
    public bool? IsOrganizationTrail { get; set; }

    /// <summary>True when the trail logs global services' events (IAM, sign-in).</summary>
    public bool? IncludeGlobalServiceEvents { get; set; }

    /// <summary>True when the trail has custom (basic or advanced) event selectors.</summary>
    public bool? HasCustomEventSelectors { get; set; }

    /// <summary>The bucket log files go to.</summary>
    public string? S3BucketName { get; set; }
}

/// <summary>Input of <c>GetTrailStatus</c>.</summary>
public sealed class GetTrailStatusRequest : AmazonWebServiceRequest
{
    /// <summary>The trail's name or ARN; a shadow or organization trail needs its ARN.</summary>
    public string? Name { get; set; }
}

/// <summary>Output of <c>GetTrailStatus</c> (the fields this product reads).</summary>
public sealed class GetTrailStatusResponse : AmazonWebServiceResponse
{
    /// <summary>Whether the trail is currently logging; null when the answer lacks it.</summary>
    public bool? IsLogging { get; set; }

    /// <summary>When logging last started (UTC).</summary>
    public DateTime? StartLoggingTime { get; set; }

    /// <summary>When logging last stopped (UTC).</summary>
    public DateTime? StopLoggingTime { get; set; }

    /// <summary>When log files were last delivered to S3 (UTC).</summary>
    public DateTime? LatestDeliveryTime { get; set; }

    /// <summary>The latest S3 delivery error, if any.</summary>
    public string? LatestDeliveryError { get; set; }
}

/// <summary>Input of <c>GetEventSelectors</c>.</summary>
public sealed class GetEventSelectorsRequest : AmazonWebServiceRequest
{
    /// <summary>The trail's name or ARN.</summary>
    public string? TrailName { get; set; }
}

/// <summary>Output of <c>GetEventSelectors</c>: basic or advanced selectors.</summary>
public sealed class GetEventSelectorsResponse : AmazonWebServiceResponse
{
    /// <summary>The trail's ARN.</summary>
    public string? TrailARN { get; set; }

    /// <summary>Basic event selectors; empty when the trail uses advanced ones.</summary>
    public List<EventSelector> EventSelectors { get; set; } = [];

    /// <summary>Advanced event selectors; empty when the trail uses basic ones.</summary>
    public List<AdvancedEventSelector> AdvancedEventSelectors { get; set; } = [];
}

/// <summary>A basic event selector.</summary>
public sealed class EventSelector
{
    /// <summary><c>ReadOnly</c>, <c>WriteOnly</c> or <c>All</c>; CloudTrail's default is All.</summary>
    public string? ReadWriteType { get; set; }

    /// <summary>Whether management events are logged; CloudTrail's default is true.</summary>
    public bool? IncludeManagementEvents { get; set; }

    /// <summary>Event sources whose management events are not logged (kms.amazonaws.com, rdsdata.amazonaws.com).</summary>
    public List<string> ExcludeManagementEventSources { get; set; } = [];

    /// <summary>Data event resources (not read by this product beyond their count).</summary>
    public int DataResourceCount { get; set; }
}

/// <summary>An advanced event selector: every field selector must match (AND); selectors are OR'd.</summary>
public sealed class AdvancedEventSelector
{
    /// <summary>The selector's optional name.</summary>
    public string? Name { get; set; }

    /// <summary>Its field selectors.</summary>
    public List<AdvancedFieldSelector> FieldSelectors { get; set; } = [];
}

/// <summary>One condition on one event field.</summary>
public sealed class AdvancedFieldSelector
{
    /// <summary>The event record field, e.g. <c>eventCategory</c>, <c>readOnly</c>, <c>eventSource</c>.</summary>
    public string? Field { get; set; }

    /// <summary>Matches when the field equals one of these.</summary>
    public List<string>? EqualsValues { get; set; }

    /// <summary>Matches when the field starts with one of these.</summary>
    public List<string>? StartsWith { get; set; }

    /// <summary>Matches when the field ends with one of these.</summary>
    public List<string>? EndsWith { get; set; }

    /// <summary>Matches when the field equals none of these.</summary>
    public List<string>? NotEquals { get; set; }

    /// <summary>Matches when the field starts with none of these.</summary>
    public List<string>? NotStartsWith { get; set; }

    /// <summary>Matches when the field ends with none of these.</summary>
    public List<string>? NotEndsWith { get; set; }
}

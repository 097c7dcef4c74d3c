using SecHubRootMfa.Aws.CloudTrail.Model;

namespace SecHubRootMfa.Aws.CloudTrail;

/// <summary>The CloudTrail operations this product uses (all read-only); names follow AWSSDK.CloudTrail.</summary>
public interface IAmazonCloudTrail : IDisposable
{
    /// <summary>The trails of the client's region, with the shadow trails of other regions and of the organization by default.</summary>
    Task<DescribeTrailsResponse> DescribeTrailsAsync(DescribeTrailsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Whether a trail is logging, and its latest delivery times and errors, as seen from the client's region.</summary>
    Task<GetTrailStatusResponse> GetTrailStatusAsync(GetTrailStatusRequest request, CancellationToken cancellationToken = default);

    /// <summary>A trail's basic or advanced event selectors (a trail has one kind or the other).</summary>
    Task<GetEventSelectorsResponse> GetEventSelectorsAsync(GetEventSelectorsRequest request, CancellationToken cancellationToken = default);
}

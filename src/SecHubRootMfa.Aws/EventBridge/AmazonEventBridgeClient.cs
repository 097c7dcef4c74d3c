using Amazon.Runtime;
using Amazon.Runtime.Internal;
using SecHubRootMfa.Aws.EventBridge.Internal;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.EventBridge;

/// <summary>EventBridge over AWSSDK.Core's pipeline (awsJson1.1, target prefix AWSEvents).</summary>
public sealed class AmazonEventBridgeClient : ServiceClientBase, IAmazonEventBridge
{
    /// <summary>Uses the SDK's default credential chain.</summary>
    public AmazonEventBridgeClient(AmazonEventBridgeConfig config)
        : base(null, config, AwsServiceDefinition.EventBridge.ServiceId)
    {
    }

    /// <summary>Uses the given credentials.</summary>
    public AmazonEventBridgeClient(AWSCredentials credentials, AmazonEventBridgeConfig config)
        : base(credentials, config, AwsServiceDefinition.EventBridge.ServiceId)
    {
    }

    /// <inheritdoc />
    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<PutEventsResponse>(request, new InvokeOptions
        {
            RequestMarshaller = PutEventsRequestMarshaller.Instance,
            ResponseUnmarshaller = PutEventsResponseUnmarshaller.Instance,
        }, "PutEvents", cancellationToken);


    /// <inheritdoc />
    public Task<DescribeRuleResponse> DescribeRuleAsync(DescribeRuleRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<DescribeRuleResponse>(request, new InvokeOptions
        {
            RequestMarshaller = DescribeRuleRequestMarshaller.Instance,
            ResponseUnmarshaller = DescribeRuleResponseUnmarshaller.Instance,
        }, "DescribeRule", cancellationToken);
}

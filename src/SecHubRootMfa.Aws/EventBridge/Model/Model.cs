using Amazon.Runtime;

namespace SecHubRootMfa.Aws.EventBridge.Model;

/// <summary>Input of <c>PutEvents</c>: 1–10 entries, 256 KB in total.</summary>
public sealed class PutEventsRequest : AmazonWebServiceRequest
{
    /// <summary>The events.</summary>
    public List<PutEventsRequestEntry> Entries { get; set; } = [];
}

/// <summary>One event to put.</summary>
public sealed class PutEventsRequestEntry
{
    /// <summary>The event source, e.g. <c>sechubrootmfa</c>.</summary>
    public string? Source { get; set; }

    /// <summary>The detail-type.</summary>
    public string? DetailType { get; set; }

    /// <summary>The detail, a JSON object as text.</summary>
    public string? Detail { get; set; }

    /// <summary>The bus name or ARN; null means the default bus.</summary>
    public string? EventBusName { get; set; }

    /// <summary>ARNs the event is about.</summary>
    public List<string>? Resources { get; set; }

    /// <summary>The event time (UTC); null means the time EventBridge receives it.</summary>
    public DateTime? Time { get; set; }
}

/// <summary>Output of <c>PutEvents</c>; entries line up with the request's entries by position.</summary>
public sealed class PutEventsResponse : AmazonWebServiceResponse
{
    /// <summary>How many entries failed.</summary>
    public int? FailedEntryCount { get; set; }

    /// <summary>One result per request entry, in order.</summary>
    public List<PutEventsResultEntry> Entries { get; set; } = [];
}

/// <summary>The result of one entry: an EventId on success, an ErrorCode and ErrorMessage on failure.</summary>
public sealed class PutEventsResultEntry
{
    /// <summary>The id of the stored event.</summary>
    public string? EventId { get; set; }

    /// <summary>Why the entry failed, e.g. <c>InternalFailure</c> or <c>ThrottlingException</c>.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The failure in words.</summary>
    public string? ErrorMessage { get; set; }
}

/// <summary>Input of <c>DescribeRule</c>.</summary>
public sealed class DescribeRuleRequest : AmazonWebServiceRequest
{
    /// <summary>The rule's name (1-64 of letters, digits and .-_).</summary>
    public string? Name { get; set; }

    /// <summary>The rule's bus name or ARN; null means the default bus.</summary>
    public string? EventBusName { get; set; }
}

/// <summary>Output of <c>DescribeRule</c> (the fields this product reads).</summary>
public sealed class DescribeRuleResponse : AmazonWebServiceResponse
{
    /// <summary>The rule's name.</summary>
    public string? Name { get; set; }

    /// <summary>The rule's ARN.</summary>
    public string? Arn { get; set; }

    /// <summary><c>ENABLED</c>, <c>DISABLED</c> or <c>ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS</c>.</summary>
    public string? State { get; set; }

    /// <summary>The bus the rule is on.</summary>
    public string? EventBusName { get; set; }

    /// <summary>The event pattern, for pattern rules.</summary>
    public string? EventPattern { get; set; }

    /// <summary>The schedule, for schedule rules.</summary>
    public string? ScheduleExpression { get; set; }
}

// The alarms an operator needs, with every threshold a named setting. Each one answers "is the finding still
// current?": the function failed, an event was dropped (failure queue, dead-letter queues, a rule that could not
// deliver), the product could not see (NOT_AVAILABLE), nothing has evaluated for longer than the schedule, or the
// scheduled check of the event path (trail logging and recording management write events, our rules enabled) found
// it blind or could not tell.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { contractMetric, loadMetricContract } from "./metricContract";

const CONTRACT = loadMetricContract();
const EVALUATIONS = contractMetric("Evaluations", CONTRACT);
const EVENT_PATH_CHECKS = contractMetric("EventPathChecks", CONTRACT);
const FAILURES = contractMetric("Failures", CONTRACT);

/** Namespace, metrics and dimensions the alarms read, from the metric contract (contracts/metrics.json). */
export const PRODUCT_METRICS = {
  namespace: CONTRACT.namespace,
  evaluations: EVALUATIONS.name,
  statusDimension: EVALUATIONS.dimension,
  eventPathChecks: EVENT_PATH_CHECKS.name,
  eventPathDimension: EVENT_PATH_CHECKS.dimension,
} as const;
/** Event-path results that mean root MFA changes may not reach the checker before the schedule. */
export const NOT_LIVE_EVENT_PATHS = ["blind", "unknown"] as const;
/** The function's failure count and the Status it carries, from the metric contract. */
export const FAILURE_METRIC = { name: FAILURES.name, status: FAILURES.value ?? "" } as const;
if (FAILURE_METRIC.status === "") throw new Error("contracts/metrics.json: Failures needs the fixed Status value the org alarm filters on");
/** Evaluation statuses that mean the check ran and saw root's state. */
export const SUCCESSFUL_STATUSES = ["PASSED", "FAILED"] as const;

/** Alarm thresholds and periods. */
export const ALARM_SETTINGS = {
  /** Seconds per evaluation period of the event-driven alarms. */
  periodSeconds: 300,
  /** Function errors in one period: the function runs rarely, so a single error is worth a look. */
  functionErrors: 1,
  /** Messages waiting in the failure queue or a dead-letter queue: each one is an evaluation that never ran. */
  queueDepth: 1,
  /** FailedInvocations of one rule in one period: EventBridge could not deliver to its target. */
  ruleFailedInvocations: 1,
  /** NOT_AVAILABLE evaluations in one period: the product could not read root's state. */
  notAvailableEvaluations: 1,
  /**
   * Org mode: failures in one heartbeatPeriodSeconds period (a member not evaluated or unreachable, its reachability finding not written,
   * the account list unreadable). Any one is worth a look; the alarm stays in ALARM for the heartbeat's window after it.
   */
  orgFailures: 1,
  /** Successful evaluations (PASSED or FAILED) the heartbeat expects in its window: fewer is breaching. */
  heartbeatMinimumEvaluations: 1,
  /** The heartbeat's period; its window is heartbeatHours of these. */
  heartbeatPeriodSeconds: 3600,
  /** Event-path checks that were not live, in any period of the window: one is enough. */
  eventPathNotLive: 1,
} as const;

export interface AlarmContext {
  /** SNS topic(s) this alarm notifies; alarm and OK both. */
  actions: pulumi.Input<string>[];
  opts: pulumi.CustomResourceOptions;
}

const common = (c: AlarmContext, description: string) => ({
  alarmDescription: description,
  alarmActions: c.actions,
  okActions: c.actions,
});

/** Errors reported by Lambda for the function. */
export function functionErrorsAlarm(c: AlarmContext, functionName: pulumi.Input<string>): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm("function-errors", {
    ...common(c, "SecHubRootMfa function reported errors; the root MFA finding may be stale."),
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: functionName },
    statistic: "Sum",
    period: ALARM_SETTINGS.periodSeconds,
    evaluationPeriods: 1,
    threshold: ALARM_SETTINGS.functionErrors,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}

/** Messages visible in a queue that should stay empty (failure destination, dead-letter queue). */
export function queueDepthAlarm(c: AlarmContext, name: string, queueName: pulumi.Input<string>, description: string): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(name, {
    ...common(c, description),
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queueName },
    statistic: "Maximum",
    period: ALARM_SETTINGS.periodSeconds,
    evaluationPeriods: 1,
    threshold: ALARM_SETTINGS.queueDepth,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}

/** A rule that could not deliver an event to its target (after retries, the event is in the dead-letter queue). */
export function ruleFailedInvocationsAlarm(c: AlarmContext, key: string, ruleName: pulumi.Input<string>, busName: pulumi.Input<string> | undefined): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(`${key}-failed-invocations`, {
    ...common(c, `SecHubRootMfa rule ${key} failed to deliver events to its target.`),
    namespace: "AWS/Events",
    metricName: "FailedInvocations",
    // Rules on a custom bus report with the bus name as a second dimension.
    dimensions: busName === undefined ? { RuleName: ruleName } : { EventBusName: busName, RuleName: ruleName },
    statistic: "Sum",
    period: ALARM_SETTINGS.periodSeconds,
    evaluationPeriods: 1,
    threshold: ALARM_SETTINGS.ruleFailedInvocations,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}

/** Any evaluation that ended NOT_AVAILABLE: the product could not see root's state. */
export function notAvailableAlarm(c: AlarmContext): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm("not-available-evaluations", {
    ...common(c, "SecHubRootMfa could not read root's MFA state (NOT_AVAILABLE); check the function's permissions and logs."),
    namespace: PRODUCT_METRICS.namespace,
    metricName: PRODUCT_METRICS.evaluations,
    dimensions: { [PRODUCT_METRICS.statusDimension]: "NOT_AVAILABLE" },
    statistic: "Sum",
    period: ALARM_SETTINGS.periodSeconds,
    evaluationPeriods: 1,
    threshold: ALARM_SETTINGS.notAvailableEvaluations,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}

/**
 * Org mode: any failure of the function in the last `hours` heartbeat periods (ALARM_SETTINGS.orgFailures or more in any
 * one of them: datapointsToAlarm is one period of the window).
 * A member failing on every scheduled run keeps it in ALARM; it returns to OK a whole window after the last failure, so
 * one notification per outage rather than per run. Lambda's Errors miss these: an org run reports a member's failure
 * and succeeds.
 */
export function orgFailuresAlarm(c: AlarmContext, hours: number): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm("org-failures", {
    ...common(c, "SecHubRootMfa could not evaluate a member account, could not write a member's reachability finding, or could not list the "
      + "organization. See the function's account.failed and member_reachability.not_recorded log lines and the FAILED member reachability "
      + "findings in Security Hub."),
    namespace: PRODUCT_METRICS.namespace,
    metricName: FAILURE_METRIC.name,
    dimensions: { [PRODUCT_METRICS.statusDimension]: FAILURE_METRIC.status },
    statistic: "Sum",
    period: ALARM_SETTINGS.heartbeatPeriodSeconds,
    evaluationPeriods: hours,
    datapointsToAlarm: 1,
    threshold: ALARM_SETTINGS.orgFailures,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}

/**
 * No successful evaluation for `hours`: every heartbeat period in the window had none (missing data is breaching), so a
 * broken schedule or a revoked permission is noticed even though nothing errors. A disabled event rule or a stopped
 * trail does not stop the schedule: the event-path alarm notices those.
 */
export function heartbeatAlarm(c: AlarmContext, hours: number): aws.cloudwatch.MetricAlarm {
  const metric = (status: string) => ({
    id: status.toLowerCase(),
    returnData: false,
    metric: {
      namespace: PRODUCT_METRICS.namespace,
      metricName: PRODUCT_METRICS.evaluations,
      dimensions: { [PRODUCT_METRICS.statusDimension]: status },
      stat: "Sum",
      period: ALARM_SETTINGS.heartbeatPeriodSeconds,
    },
  });
  return new aws.cloudwatch.MetricAlarm("heartbeat", {
    ...common(c, `SecHubRootMfa has not completed an evaluation in ${hours} hours; the schedule or the function's access may be broken.`),
    metricQueries: [
      ...SUCCESSFUL_STATUSES.map(metric),
      {
        id: "successful",
        label: "Successful evaluations",
        returnData: true,
        expression: SUCCESSFUL_STATUSES.map((s) => `FILL(${s.toLowerCase()}, 0)`).join(" + "),
      },
    ],
    evaluationPeriods: hours,
    datapointsToAlarm: hours,
    threshold: ALARM_SETTINGS.heartbeatMinimumEvaluations,
    comparisonOperator: "LessThanThreshold",
    treatMissingData: "breaching",
  }, c.opts);
}

/**
 * The scheduled event-path check found the path blind (trail stopped, narrowed or missing; a rule of ours disabled or
 * deleted; events in a member's forwarding dead-letter queue) or could not tell (unknown). It fires on the first such
 * check and stays in alarm while one is within the last `hours` (longer than the schedule), so a path still blind at the
 * next scheduled check never flaps back to OK; the first live check after the fix clears it once it leaves the window.
 */
export function eventPathAlarm(c: AlarmContext, hours: number): aws.cloudwatch.MetricAlarm {
  const metric = (value: string) => ({
    id: value,
    returnData: false,
    metric: {
      namespace: PRODUCT_METRICS.namespace,
      metricName: PRODUCT_METRICS.eventPathChecks,
      dimensions: { [PRODUCT_METRICS.eventPathDimension]: value },
      stat: "Sum",
      period: ALARM_SETTINGS.heartbeatPeriodSeconds,
    },
  });
  return new aws.cloudwatch.MetricAlarm("event-path", {
    ...common(c, "SecHubRootMfa's event path is blind or unknown: root MFA changes may be seen only by the scheduled evaluation. "
      + "The finding's SecHubRootMfa/EventPathReason (and the function's eventpath.checked log line) says why."),
    metricQueries: [
      ...NOT_LIVE_EVENT_PATHS.map(metric),
      {
        id: "notlive",
        label: "Event-path checks not live",
        returnData: true,
        expression: NOT_LIVE_EVENT_PATHS.map((s) => `FILL(${s}, 0)`).join(" + "),
      },
    ],
    evaluationPeriods: hours,
    datapointsToAlarm: 1,
    threshold: ALARM_SETTINGS.eventPathNotLive,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
  }, c.opts);
}

/** What the checker's own alarms watch, all in the home region. */
export interface CheckerAlarmInputs {
  functionName: pulumi.Input<string>;
  failureQueueName: pulumi.Input<string>;
  workDeadLetterQueueName: pulumi.Input<string>;
  heartbeatHours: number;
  orgMode: boolean;
}

/** The alarms on the function, its failure and work dead-letter queues, and its own metrics. */
export function checkerAlarms(c: AlarmContext, i: CheckerAlarmInputs): void {
  functionErrorsAlarm(c, i.functionName);
  queueDepthAlarm(c, "failed-invocations", i.failureQueueName, "SecHubRootMfa invocations failed after all retries; see the failure queue.");
  queueDepthAlarm(c, "work-dlq", i.workDeadLetterQueueName,
    "SecHubRootMfa re-checks after a root MFA device removal failed every try; a provisional finding may stand unverified. See the work dead-letter queue and the function's logs.");
  notAvailableAlarm(c);
  heartbeatAlarm(c, i.heartbeatHours);
  eventPathAlarm(c, i.heartbeatHours);
  // Org mode: a member not evaluated or unreachable fails no invocation, so Lambda's Errors never see it.
  if (i.orgMode) orgFailuresAlarm(c, i.heartbeatHours);
}

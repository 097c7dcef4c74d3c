// The function's metric contract has one home, infra-pulumi/contracts/metrics.json: the alarms take the namespace, metric
// names and dimensions from it, and the C# tests hold MetricsWriter's lines to it
// (tests/SecHubRootMfa.Function.Tests/Telemetry/MetricContractTests.cs).
import * as fs from "node:fs";
import * as path from "node:path";

export const METRIC_CONTRACT_FILE = path.resolve(__dirname, "..", "contracts", "metrics.json");

/** One metric of the function's EMF lines. */
export interface ContractMetric {
  name: string;
  unit: string;
  /** The dimension it carries besides Service; null for Service alone. */
  dimension: string | null;
  /** The dimension's fixed value, where it has one (Failures: ERROR). */
  value?: string;
}

export interface MetricContract {
  namespace: string;
  serviceDimension: string;
  metrics: ContractMetric[];
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** Reads and checks the contract; throws naming the file when it is not the documented shape. */
export function loadMetricContract(file: string = METRIC_CONTRACT_FILE): MetricContract {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<MetricContract>;
  if (!isText(parsed.namespace) || !isText(parsed.serviceDimension) || !Array.isArray(parsed.metrics)) {
    throw new Error(`${file}: expected namespace, serviceDimension and a metrics array`);
  }
  const names = new Set<string>();
  for (const m of parsed.metrics) {
    if (!isText(m.name) || !isText(m.unit) || !(m.dimension === null || isText(m.dimension)) || !(m.value === undefined || isText(m.value))) {
      throw new Error(`${file}: metric ${JSON.stringify(m)} needs a name, a unit, a dimension (or null) and an optional value`);
    }
    if (names.has(m.name)) throw new Error(`${file}: metric ${m.name} is declared twice`);
    names.add(m.name);
  }
  return parsed as MetricContract;
}

/** The metric named <name>; throws when the contract has none, so an alarm can never read a metric nobody writes. */
export function contractMetric(name: string, contract: MetricContract = loadMetricContract()): ContractMetric & { dimension: string } {
  const m = contract.metrics.find((x) => x.name === name);
  if (m === undefined) throw new Error(`${METRIC_CONTRACT_FILE}: no metric ${name}`);
  if (m.dimension === null) throw new Error(`${METRIC_CONTRACT_FILE}: metric ${name} has no dimension an alarm could filter on`);
  return m as ContractMetric & { dimension: string };
}

// The metric contract (contracts/metrics.json) is the one home of the function's metric names, units and dimensions.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contractMetric, loadMetricContract } from "../src/metricContract";
import { FAILURE_METRIC, PRODUCT_METRICS } from "../src/alarms";

const SAMPLES = path.join(__dirname, "..", "..", "tests", "SecHubRootMfa.Function.Tests", "Telemetry");

function writeContract(body: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "metrics-")), "metrics.json");
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
}

describe("the metric contract", () => {
  it("gives the alarms their namespace, metric names and dimensions", () => {
    const c = loadMetricContract();
    assert.equal(PRODUCT_METRICS.namespace, c.namespace);
    assert.equal(PRODUCT_METRICS.evaluations, "Evaluations");
    assert.equal(PRODUCT_METRICS.statusDimension, contractMetric("Evaluations").dimension);
    assert.equal(PRODUCT_METRICS.eventPathDimension, contractMetric("EventPathChecks").dimension);
    assert.deepEqual(FAILURE_METRIC, { name: "Failures", status: contractMetric("Failures").value });
  });

  it("describes every metric of the function's sample EMF lines, with its unit and dimension sets", () => {
    const c = loadMetricContract();
    const files = fs.readdirSync(SAMPLES).filter((f) => /^emf-.+\.sample\.json$/.test(f));
    assert.ok(files.length >= 3, `sample lines in ${SAMPLES}`);
    for (const file of files) {
      const doc = JSON.parse(fs.readFileSync(path.join(SAMPLES, file), "utf8"));
      const line = doc._aws.CloudWatchMetrics[0];
      assert.equal(line.Namespace, c.namespace, file);
      for (const m of line.Metrics as Array<{ Name: string; Unit: string }>) {
        const declared = c.metrics.find((x) => x.name === m.Name);
        assert.ok(declared, `${file}: ${m.Name} is not in contracts/metrics.json`);
        assert.equal(m.Unit, declared!.unit, `${file}: unit of ${m.Name}`);
        const sets = declared!.dimension === null ? [[c.serviceDimension]] : [[c.serviceDimension, declared!.dimension], [declared!.dimension]];
        assert.deepEqual(line.Dimensions, sets, `${file}: dimension sets of ${m.Name}`);
        if (declared!.value !== undefined) assert.equal(doc[declared!.dimension!], declared!.value, `${file}: ${declared!.dimension} of ${m.Name}`);
      }
    }
  });

  it("refuses a contract that is not the documented shape, naming the file", () => {
    const twice = writeContract({ namespace: "N", serviceDimension: "Service", metrics: [{ name: "A", unit: "Count", dimension: null }, { name: "A", unit: "Count", dimension: null }] });
    assert.throws(() => loadMetricContract(twice), /declared twice/);
    const noUnit = writeContract({ namespace: "N", serviceDimension: "Service", metrics: [{ name: "A", dimension: null }] });
    assert.throws(() => loadMetricContract(noUnit), /needs a name, a unit/);
    assert.throws(() => loadMetricContract(writeContract({ metrics: [] })), /metrics\.json: expected namespace/);
  });

  it("refuses an alarm on a metric the function does not write, or one without a dimension to filter on", () => {
    assert.throws(() => contractMetric("Evaluation"), /no metric Evaluation/);
    assert.throws(() => contractMetric("ColdStart"), /has no dimension/);
  });
});

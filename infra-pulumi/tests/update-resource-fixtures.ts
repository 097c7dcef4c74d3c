// Rewrites tests/fixtures/resources/ from the program as it is now (npm run fixtures:resources). Run it only when a
// change adds, renames or reconfigures resources on purpose, and read the fixture's diff: every removed or renamed URN
// is a resource an existing stack deletes.
import { deploy } from "./harness";
import { LAYOUTS, snapshot, writeFixture } from "./resourceSnapshot";

void (async () => {
  for (const [layout, config] of Object.entries(LAYOUTS)) {
    const entries = snapshot(await deploy(config));
    writeFixture(layout, entries);
    console.log(`${layout}: ${entries.length} resources`);
  }
})();

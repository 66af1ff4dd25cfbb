/**
 * issue 26, items 4 and 6: every fixture org, applied by the real provider 3.82.0 against the
 * stand-in Datadog, plans empty afterwards; every provider call has a route in the stand-in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APPLIED, FIXTURES, NOT_APPLIED, fixtureProjects } from './fixtures';
import { Applied, applyOrg, planSummary, timing, timings } from './apply';
import { tail } from './harness';

const applied: Applied[] = [];
afterAll(async () => {
  for (const a of applied) await a.standin.close();
  process.stderr.write(`\ne2e timings:\n${timings.map((t) => `  ${t}`).join('\n')}\n`);
});

test('every fixture project with org files is applied here, or says why not', () => {
  const listed = [...APPLIED.map((p) => p.dir), ...Object.keys(NOT_APPLIED)].sort();
  expect(fixtureProjects()).toEqual(listed);
});

for (const project of APPLIED) {
  const root = path.join(FIXTURES, project.dir);
  const orgs = fs
    .readdirSync(path.join(root, 'orgs'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
  describe(project.name, () => {
    for (const org of orgs) {
      test(`${org}: apply succeeds, the next plan is empty, and the stand-in knew every endpoint the provider called`, async () => {
        const a = await applyOrg(root, org);
        applied.push(a);
        timing(`${project.dir}/${org}`, a);
        if (a.apply.code !== 0) throw new Error(`${org}: terraform apply failed:\n${tail(a.apply)}`);
        expect(a.standin.state.unknown.map((r) => `${r.method} ${r.path}`)).toEqual([]);
        if (a.plan.code !== 0) throw new Error(`${org}: the plan after apply is not empty (exit ${a.plan.code}):\n${planSummary(a.plan)}`);
      });
    }
  });
}

/**
 * One code path (issue 19, item 4): project validation (`npm run validate` with no path, synth)
 * checks every file an org deploys, its own orgs/<org>/dashboards and orgs/<org>/monitors
 * included, with the same findings as when the file's path is given; a path outside the current
 * folder prints as the user gave it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runValidate } from '../../src/cli/validate';
import { synth } from '../helpers/project';

const project = path.resolve(__dirname, '../fixtures/validate/org-own');
const DASHBOARD = 'orgs/acme/dashboards/acme_ops.json';
const MONITOR = 'orgs/acme/monitors/acme_cpu.json';

async function validate(argv: string[], cwd = project) {
  let stdout = '';
  const code = await runValidate(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined }, cwd });
  const lines = stdout.trimEnd().split('\n');
  return { code, lines, findings: lines.slice(0, -1) };
}

describe("an org's own files are validated by the project, as by their path", () => {
  test('npm run validate with no path fails on an invalid live_span in orgs/<org>/dashboards, and names the file', async () => {
    const r = await validate([]);
    expect(r.code).toBe(1);
    expect(r.findings).toContainEqual(
      expect.stringMatching(
        /^orgs\/acme\/dashboards\/acme_ops\.json: \$\.widgets\[0\]\.definition\.widgets\[0\]\.definition\.time\.live_span: error: unknown value "2 weeks"/,
      ),
    );
    expect(r.findings).toContainEqual(
      expect.stringMatching(/^orgs\/acme\/monitors\/acme_cpu\.json: \$\.query: error: unknown space aggregation "agv" \(did you mean "avg"\?\)/),
    );
  });

  test('the same findings, line for line, as when the files are named', async () => {
    const all = await validate([]);
    const named = await validate([DASHBOARD, MONITOR]);
    const own = (lines: string[]) => lines.filter((l) => l.startsWith('orgs/acme/')).sort();
    expect(own(named.findings)).toEqual(own(all.findings));
    expect(own(named.findings)).toHaveLength(3); // the live_span error, the $env warning, the "agv" error
  });

  test('synth fails on it, names the file, and writes no stack', () => {
    const r = synth(project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContainEqual(
      expect.stringMatching(
        /^orgs\/acme\/dashboards\/acme_ops\.json: \$\.widgets\[0\]\.definition\.widgets\[0\]\.definition\.time\.live_span: error: unknown value "2 weeks"/,
      ),
    );
    expect(fs.existsSync(path.join(r.outdir, 'stacks', 'acme'))).toBe(false);
  });

  test('a path outside the current folder prints as given, not as ../../', async () => {
    const abs = path.join(project, DASHBOARD);
    const r = await validate([abs], path.resolve(__dirname, '../fixtures/validate/good'));
    expect(r.findings.length).toBeGreaterThan(0);
    for (const l of r.findings) expect(l.startsWith(`${abs}: `)).toBe(true);
    const rel = path.relative(path.resolve(__dirname, '../fixtures/validate/good'), abs);
    const r2 = await validate([rel], path.resolve(__dirname, '../fixtures/validate/good'));
    for (const l of r2.findings) expect(l.startsWith(`${rel}: `)).toBe(true);
  });
});

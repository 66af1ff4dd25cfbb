/**
 * Datadog JSON pasted into the catalog as it comes out of the UI or API gets named findings, and
 * validate and synth name the same ones: they run the same checks (checkProject).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, formatFinding } from '../../src/config/findings';
import { inSharedCatalog, runValidate } from '../../src/cli/validate';
import { runSynth } from '../../src/cli/synth';
import { MONITOR_SERVER_FIELDS } from '../../src/config/monitor';
import { editJson, tempDir } from '../helpers/project';

/** A temp copy of a fixture project, removed after this file (tempDir). */
function copyFixture(dir: string): string {
  const root = tempDir('torq-pasted-');
  fs.cpSync(dir, root, { recursive: true });
  return root;
}

const FIXTURE = path.resolve(__dirname, '../fixtures/cli/pasted');

async function validate(argv: string[], cwd: string): Promise<{ code: number; findings: Finding[] }> {
  let stdout = '';
  const code = await runValidate([...argv, '--json'], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined }, cwd });
  return { code, findings: JSON.parse(stdout) };
}

function synth(root: string) {
  const outdir = path.join(tempDir('torq-pasted-out-'), 'cdktf.out');
  const lines: string[] = [];
  const code = runSynth({ root, outdir, stdout: () => undefined, stderr: (l) => lines.push(l) });
  return { code, outdir, lines: lines.filter((l) => !l.startsWith('synth stopped')) };
}

test('a pasted monitor export: server-owned fields and a glued mention are warnings at their path, restricted_roles an error', async () => {
  const v = await validate([], FIXTURE);
  expect(v.code).toBe(1);
  const at = (p: string) => v.findings.filter((f) => f.file === 'monitors/exported.json' && f.path === p);
  const exported = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'monitors/exported.json'), 'utf8'));
  const present = MONITOR_SERVER_FIELDS.filter((k) => k in exported);
  expect(present.length).toBeGreaterThanOrEqual(10);
  for (const k of present) {
    expect(at(`$.${k}`)).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(new RegExp(`^${k} .* is owned by Datadog .*; it is stripped on synth`)) }),
    ]);
  }
  // draft_status is the monitor's own (a draft stays a draft on deploy): no finding.
  expect(at('$.draft_status')).toEqual([]);
  expect(at('$.restricted_roles')).toEqual([
    expect.objectContaining({
      severity: 'error',
      message: expect.stringMatching(
        /^restricted_roles \["5f9d1c2e-0000-11ee-9a3c-da7ad0900002"\] are role ids of one Datadog org, .*monitors\.overrides\.exported\.restrictedRoles/,
      ),
    }),
  ]);
  // Datadog accepts the monitor and only never notifies: a warning (src/validate/README.md).
  expect(at('$.message')).toEqual([
    expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^@webhook-torq at line 1, column 35 is glued to the text before it/) }),
  ]);
});

test('validate and synth report the same findings for the same project; validating the file alone names the same', async () => {
  const v = await validate([], FIXTURE);
  const s = synth(FIXTURE);
  expect(s.code).toBe(1);
  expect(fs.existsSync(s.outdir)).toBe(false);
  expect(s.lines).toEqual(v.findings.map(formatFinding));
  const alone = await validate(['monitors/exported.json'], FIXTURE);
  expect(alone.findings).toEqual(v.findings.filter((f) => f.file === 'monitors/exported.json'));

  // The same holds once the errors are fixed: synth's warnings are validate's.
  const root = copyFixture(FIXTURE);
  editJson(root, 'monitors/exported.json', (m) => {
    delete m.restricted_roles;
    m.message = 'Disk is almost full. Open a ticket @webhook-torq';
  });
  const fixed = await validate([], root);
  expect(fixed.code).toBe(0);
  const ok = synth(root);
  expect(ok.code).toBe(0);
  expect(ok.lines).toEqual(fixed.findings.map(formatFinding));
  expect(ok.lines.length).toBe(10); // 10 server-owned fields
});

test('validating the project folder from outside names each finding once, as validate inside it does', async () => {
  const root = copyFixture(FIXTURE);
  // An org's own folder (orgs/<org>/) holds no org file: neither mode reads settings.json as one.
  fs.mkdirSync(path.join(root, 'orgs/acme'));
  fs.writeFileSync(path.join(root, 'orgs/acme/settings.json'), '{"description": "notes"}\n');
  const inside = await validate([], root);
  const parent = path.dirname(root);
  const outside = await validate([path.basename(root)], parent);
  const prefixed = inside.findings.map((f) => ({ ...f, file: path.join(path.basename(root), f.file) }));
  expect(outside.code).toBe(1);
  // The restricted_roles error came twice (once per org's check, once per file) when its message named the file.
  expect(outside.findings.filter((f) => f.path === '$.restricted_roles')).toHaveLength(1);
  expect(outside.findings.map(formatFinding).sort()).toEqual(prefixed.map(formatFinding).sort());
});

test('synth strips the server-owned fields, and a glued mention is never silently rewritten', () => {
  const root = copyFixture(FIXTURE);
  editJson(root, 'monitors/exported.json', (m) => {
    delete m.restricted_roles;
    m.message = 'Disk is almost full.\n@webhook-torq';
  });
  const s = synth(root);
  expect(s.code).toBe(0);
  const stack = JSON.parse(fs.readFileSync(path.join(s.outdir, 'stacks/acme/cdk.tf.json'), 'utf8'));
  const monitor = stack.resource.datadog_monitor.monitor_exported;
  for (const k of [...MONITOR_SERVER_FIELDS, 'restricted_roles']) expect(monitor).not.toHaveProperty(k);
  expect(monitor.draft_status).toBe('draft'); // kept: publishing a pasted draft is not this package's call
  // Its mention (at a line start) already says the org's routing: the message is deployed as written.
  expect(monitor.message).toBe('Disk is almost full.\n@webhook-torq');

  // Glued in a catalog monitor that another org routes differently: still the same one finding, a
  // warning (Datadog accepts the monitor), said once on the catalog's text, never hidden by routing.
  editJson(root, 'monitors/host_cpu_high.json', (m) => {
    m.message = 'CPU high, see runbook@webhook-torq for {{host.name}}';
  });
  const glued = synth(root);
  expect(glued.code).toBe(0);
  expect(glued.lines.filter((l) => l.includes('glued'))).toEqual([
    'monitors/host_cpu_high.json: $.message: warning: @webhook-torq at line 1, column 22 is glued to the text before it; expected a space or a line break before @webhook-, or Datadog does not notify the webhook',
  ]);
});

test("restricted_roles is an error in the shared catalog only, not in an org's own monitors", () => {
  expect(inSharedCatalog('monitors/x.json')).toBe(true);
  expect(inSharedCatalog('project/monitors/sub/x.json')).toBe(true);
  expect(inSharedCatalog('orgs/acme/monitors/x.json')).toBe(false);
  expect(inSharedCatalog('exports/x.json')).toBe(false);
});

/**
 * Drift read from plans terraform 1.11.4 wrote itself, with provider 3.82.0, of a synthesized stack
 * (test/fixtures/drift/terraform-1.11.4/provider: how each was made is in its README). Each case is
 * one thing a person did in Datadog's console; the command's exit code and the report are what a
 * user (and drift.yml) sees.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/drift';
import { FIXTURES } from './helpers';

const DIR = path.join(FIXTURES, 'terraform-1.11.4', 'provider');

/** `npm run drift -- --org example --plan <case>`: exit code, Markdown, stderr. */
function drift(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['--org', 'example', '--plan', path.join(DIR, file)], DIR, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, markdown: out.join(''), stderr: err.join('') };
}

/** The Needs attention lines of a report. */
function attention(markdown: string): string[] {
  const m = /### Needs attention \(\d+\)\n\n([\s\S]*?)\n\n###/.exec(markdown);
  return m ? m[1].split('\n').filter((l) => l.startsWith('- ')) : [];
}

const SECRETS = ['CANARY_HEADER_VALUE_1', 'CANARY_HEADER_VALUE_2', 'CANARY0URL01', 'CANARYAPIKEY', 'dummy-api-key', 'dummy-app-key', 'wxyz', 'k9q2'];

test('the envelopes are terraform 1.11.4 output, and the report of each prints no secret', () => {
  for (const f of fs.readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { terraform_version: string; format_version: string };
    expect([f, doc.terraform_version, doc.format_version]).toEqual([f, '1.11.4', '1.2']);
    const r = drift(f);
    for (const s of SECRETS) expect(`${r.markdown}${r.stderr}`).not.toContain(s);
  }
});

describe('item 1: a failed postcondition', () => {
  test('refresh-only (terraform: a warning, exit 0, errored false): reported with what to do, and counted as drift (exit 2)', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'failed-check.refresh-only.json'), 'utf8')) as {
      errored: boolean;
      resource_drift?: unknown;
      checks: { status: string }[];
    };
    // What terraform wrote: nothing the drift report used to read says anything happened.
    expect([doc.errored, doc.resource_drift, doc.checks.map((c) => c.status)]).toEqual([false, undefined, ['fail', 'pass']]);
    const r = drift('failed-check.refresh-only.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('drift: 1 failed check(s), 0 drifted resource(s) in example, 1 item(s) need attention\n');
    const items = attention(r.markdown);
    expect(items).toHaveLength(1);
    expect(items[0]).toContain(
      '`data.datadog_role.role_torq_responders`: the role `Torq Responders` that orgs/example.json names was renamed or deleted in Datadog: the lookup (a substring search) now finds `Torq Responders (old)`. The next deploy stops at this check',
    );
    expect(items[0]).toContain('Give the role its name back in Datadog (Organization Settings -> Roles)');
    expect(items[0]).toContain('or write its new name where orgs/example.json names it');
    expect(r.markdown).toContain('- **example**: 1 failed check, 0 changed outside Terraform, 0 deleted outside Terraform');
    expect(r.markdown).toContain('| `name` | `"Torq Responders"` | `"Torq Responders (old)"` |');
  });

  test('the normal plan errors on it: no report (exit 1), and the message names the check and what it says', () => {
    const r = drift('failed-check.plan.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'drift: failed-check.plan.json: $.errored: the plan errored (Terraform saved it with errors), so its drift is incomplete: data.datadog_role.role_torq_responders failed its check ' +
        '(No Datadog role is named exactly "Torq Responders": the datadog_role filter (a substring search) found "Torq Responders (old)". Expected the role\'s exact name (Organization Settings -> Roles) in the org file.)\n',
    );
  });
});

describe('item 3: plan entries that change nothing in Datadog', () => {
  test('a moved block not yet applied (no-op with a previous_address): no drift, exit 0, and a note that says what it is', () => {
    const r = drift('moved.refresh-only.json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('drift: no drift in example (1 plan entry changes nothing: see the report)\n');
    expect(r.markdown).toContain('No drift: Datadog matches the Terraform state of org `example`');
    expect(r.markdown).toContain(
      'Not drift (1): `datadog_monitor.monitor_host_cpu` -> `datadog_monitor.monitor_host_cpu_high`: renamed by a `moved` block (moved.json) that no deploy has applied yet; the next deploy records the new address in the state and changes nothing in Datadog.',
    );
    expect(r.markdown).not.toMatch(/changed outside Terraform|Nothing of its own/);
  });

  test('moved and changed in Datadog (a threshold raised): drift, as any other', () => {
    const r = drift('moved-changed.refresh-only.json');
    expect(r.code).toBe(2);
    expect(attention(r.markdown)[0]).toContain('`datadog_monitor.monitor_host_cpu_high`: threshold loosened: critical raised from 90 to 97');
    expect(r.markdown).not.toContain('Not drift');
  });

  test('the normal plan of the same: no drift (the move is a planned change of its own, not read)', () => {
    expect(drift('moved.plan.json').code).toBe(0);
  });

  test('a webhook Datadog returns re-serialized (payload and headers: other whitespace): no drift, a note; [] for null is not even in the plan', () => {
    const r = drift('normalized.refresh-only.json');
    expect(r.code).toBe(0);
    expect(r.markdown).toContain(
      'Not drift (1): `datadog_webhook.webhook_torq`: Datadog returned the same values written another way (JSON text re-serialized: other whitespace or key order)',
    );
    // The monitor answered with restricted_roles [] for null: terraform 1.11.4 lists no drift for it.
    expect(r.markdown).not.toContain('monitor_disk_space_low');
  });
});

test('a header value changed in the console (custom_headers sensitive as a whole): said once, by name, value not shown', () => {
  const r = drift('header.refresh-only.json');
  expect(r.code).toBe(2);
  const items = attention(r.markdown);
  expect(items).toHaveLength(1);
  expect(items[0]).toContain('webhook `torq`: the value of its header `X-Torq-Token` was changed in Datadog (not shown)');
  expect(items[0].match(/X-Torq-Token/g)).toHaveLength(1);
  expect(items[0]).not.toContain('custom headers were changed');
  expect(r.markdown).toContain('| `custom_headers.X-Torq-Token` | `"(sensitive)"` | `"(sensitive, changed)"` |');
});

describe('item 5: advice that can be followed', () => {
  const r = drift('keys.refresh-only.json');
  const items = attention(r.markdown);
  const sa = items.find((i) => i.includes('`datadog_service_account.torq_service_account`'))!;
  const key = items.find((i) => i.includes('`datadog_service_account_application_key.torq_application_key`'))!;

  test('a disabled service account: re-enable it in Datadog, or let the deploy (which plans disabled true -> false) do it, and what each costs', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(DIR, 'keys.plan.json'), 'utf8')) as {
      resource_changes: { address: string; change: { actions: string[]; before: { disabled: boolean }; after: { disabled: boolean } } }[];
    };
    const account = plan.resource_changes.find((c) => c.address === 'datadog_service_account.torq_service_account')!;
    expect([account.change.actions, account.change.before.disabled, account.change.after.disabled]).toEqual([['update'], true, false]);
    expect(sa).toContain("it was disabled: its application keys stop working, so Torq's Datadog steps fail");
    expect(sa).toContain("Re-enable it in Datadog (Organization Settings -> Service Accounts -> Torq -> Enable): Torq's steps work again at once");
    expect(sa).toContain("re-enable it (the provider sends `disabled: false`): Torq's steps fail until then");
    expect(sa).not.toContain('change orgs/example.json (`keys`) to match');
  });

  test('a key rotated live (a new last4): no deploy brings it back; paste the new key into Torq, or replace it from the code', () => {
    const plan = JSON.parse(fs.readFileSync(path.join(DIR, 'keys.plan.json'), 'utf8')) as {
      resource_changes: { address: string; change: { actions: string[] } }[];
    };
    expect(plan.resource_changes.find((c) => c.address === 'datadog_service_account_application_key.torq_application_key')!.change.actions).toEqual(['no-op']);
    expect(key).toContain('its key value changed (rotated or re-created; value not shown)');
    expect(key).toContain(
      "A deploy cannot bring the old value back (the provider never sends a key's value): paste the new key into Torq's Datadog integration",
    );
    expect(key).toContain('`terraform -chdir=cdktf.out/stacks/example apply -replace=datadog_service_account_application_key.torq_application_key`');
    expect(key).not.toMatch(/reverts it|change orgs\/example\.json/);
  });
});

test("the health monitor's no-data alert turned off: Torq's silence would go unnoticed (said once)", () => {
  const [item, ...rest] = attention(drift('health.refresh-only.json').markdown);
  expect(rest).toEqual([]);
  expect(item).toContain("`datadog_monitor.health_torq_heartbeat`: Torq's health monitor `[Torq] Heartbeat` (id 41000003) no longer alerts on missing data");
  expect(item).toContain('if Torq stops running, nobody hears about it');
  expect(item).not.toContain('alerts less: notify_no_data turned off');
});

test("a monitor restricted live to roles Torq's service account lacks: flagged (Torq can no longer mute it)", () => {
  const r = drift('roles.refresh-only.json');
  const [item] = attention(r.markdown);
  expect(item).toContain(
    "`datadog_monitor.monitor_disk_space_low`: `[Torq] Disk almost full on {{host.name}} {{device.name}}` (id 41000002) was restricted in Datadog to roles Torq's service account does not have (`Torq Responders`): Torq can no longer mute or edit it",
  );
});

test('null in the state, [] from Datadog (the envelope of roles.refresh-only.json, edited: terraform 1.11.4 itself drops this for the monitor): no drift, a note', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'roles.refresh-only.json'), 'utf8')) as {
    resource_drift: { change: { before: Record<string, unknown>; after: Record<string, unknown> } }[];
  };
  const c = doc.resource_drift[0].change;
  c.after = { ...c.before, restricted_roles: [], renotify_statuses: [] };
  expect(c.before.restricted_roles).toBeNull();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-null-'));
  try {
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(doc));
    const err: string[] = [];
    const out: string[] = [];
    const code = main(['--org', 'example', '--plan', path.join(dir, 'plan.json')], dir, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    expect(code).toBe(0);
    expect(out.join('')).toContain('Not drift (1): `datadog_monitor.monitor_disk_space_low`: Datadog returned the same values written another way');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every header removed in the console (the header envelope, its custom_headers edited to "{}"): said once', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'header.refresh-only.json'), 'utf8')) as {
    resource_drift: { change: { after: Record<string, unknown> } }[];
  };
  doc.resource_drift[0].change.after.custom_headers = '{}';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-headers-'));
  try {
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(doc));
    const out: string[] = [];
    expect(main(['--org', 'example', '--plan', path.join(dir, 'plan.json')], dir, { stdout: (s) => out.push(s), stderr: () => undefined })).toBe(2);
    const [item] = attention(out.join(''));
    expect(item).toContain('webhook `torq` no longer sends the header `X-Torq-Token`: a Torq trigger that requires it refuses every alert');
    expect(item.match(/X-Torq-Token/g)).toHaveLength(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

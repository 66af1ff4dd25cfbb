/**
 * The hand-written plans of test/fixtures/drift have the envelope of real Terraform output
 * (test/fixtures/drift/terraform-1.11.4, made by terraform 1.11.4 from terraform_data resources;
 * see its README): the same top-level keys, the same major format version, resource changes with
 * the same keys, sensitivity maps made of booleans. No terraform binary is needed here.
 */
import { fixture } from './helpers';

type Doc = Record<string, unknown>;
const realRefresh = fixture('terraform-1.11.4/refresh-only.json') as Doc;
const realPlan = fixture('terraform-1.11.4/plan.json') as Doc;
const realState = fixture('terraform-1.11.4/state-show.json') as Doc;
const realStored = fixture('terraform-1.11.4/stored-state.json') as Doc;

/** Keys a plan has only when it has something to say (Terraform omits them when empty). */
const WHEN_PRESENT = ['resource_drift', 'resource_changes', 'relevant_attributes', 'output_changes', 'checks'];
const keys = (o: unknown) => Object.keys(o as Doc).sort();
const major = (v: unknown) => String(v).split('.')[0];

/** True when a sensitivity map is made of booleans, objects and arrays only (`true` where sensitive). */
function isSensitivityMap(v: unknown): boolean {
  if (typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(isSensitivityMap);
  if (v !== null && typeof v === 'object') return Object.values(v).every(isSensitivityMap);
  return false;
}

const resourceChange = (realPlan.resource_changes as Doc[])[0];

test('the real refresh-only plan omits resource_changes and, with no drift, resource_drift', () => {
  expect('resource_changes' in realRefresh).toBe(false);
  expect('resource_drift' in realRefresh).toBe(false);
  expect(keys(realRefresh)).toEqual(keys(realPlan).filter((k) => k !== 'resource_changes'));
});

describe.each(['drift.json', 'clean.json', 'other-org.json', 'normal-plan.json'])('%s', (name) => {
  const doc = fixture(name) as Doc;

  test("has the real plan's envelope: every key it has, no key it never writes, format version 1.x", () => {
    const always = keys(realRefresh);
    expect(keys(doc).filter((k) => !WHEN_PRESENT.includes(k))).toEqual(always);
    expect(major(doc.format_version)).toBe(major(realRefresh.format_version));
    expect(doc.format_version).toBe(realRefresh.format_version);
    expect(keys(doc.prior_state)).toEqual(keys(realRefresh.prior_state));
    expect(keys(doc.configuration)).toEqual(keys(realRefresh.configuration));
    expect(keys((doc.configuration as Doc).root_module)).toEqual(expect.arrayContaining(['resources', 'variables']));
  });

  test('its resource_drift entries are resource changes shaped like the real ones', () => {
    for (const e of (doc.resource_drift as Doc[] | undefined) ?? []) {
      expect(keys(e)).toEqual(keys(resourceChange));
      const c = e.change as Doc;
      expect(keys(c)).toEqual(keys(resourceChange.change));
      expect(Array.isArray(c.actions)).toBe(true);
      expect([['update'], ['delete']]).toContainEqual(c.actions);
      expect(isSensitivityMap(c.before_sensitive) && isSensitivityMap(c.after_sensitive)).toBe(true);
      // A deleted resource: after is null and its sensitivity is false, as Terraform writes it.
      if ((c.actions as string[])[0] === 'delete') expect([c.after, c.after_sensitive]).toEqual([null, false]);
      expect(e.mode).toBe('managed');
      expect(e.address).toBe(`${String(e.type)}.${String(e.name)}`);
    }
  });
});

test('the state fixtures have the envelope of the real ones', () => {
  expect(keys(fixture('state-show.json'))).toEqual(keys(realState));
  expect(keys(fixture('stored-state.json'))).toEqual(keys(realStored));
});

test('the envelope check fails on a fixture that strays (it is not vacuous)', () => {
  const doc = { ...(fixture('drift.json') as Doc), planned_changes: {} };
  expect(keys(doc).filter((k) => !WHEN_PRESENT.includes(k))).not.toEqual(keys(realRefresh));
  expect(isSensitivityMap({ url: 'x' })).toBe(false);
});

test('the hand-written drift entries hold the attributes provider 3.82.0 keeps in state, as terraform 1.11.4 wrote them (terraform-1.11.4/provider)', () => {
  const real = new Map<string, string[]>();
  for (const name of ['keys', 'header', 'roles']) {
    const doc = fixture(`terraform-1.11.4/provider/${name}.refresh-only.json`) as {
      prior_state: { values: { root_module: { resources: { mode: string; type: string; values: Doc }[] } } };
    };
    for (const r of doc.prior_state.values.root_module.resources) if (r.mode === 'managed') real.set(r.type, keys(r.values));
  }
  const seen = new Set<string>();
  for (const e of fixture('drift.json').resource_drift as { type: string; change: { before: Doc } }[]) {
    if (!real.has(e.type)) continue;
    seen.add(e.type);
    expect([e.type, keys(e.change.before)]).toEqual([e.type, real.get(e.type)]);
  }
  expect([...seen].sort()).toEqual([
    'datadog_api_key',
    'datadog_monitor',
    'datadog_service_account',
    'datadog_service_account_application_key',
    'datadog_webhook',
  ]);
});

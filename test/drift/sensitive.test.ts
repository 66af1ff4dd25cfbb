/**
 * Masking by Terraform's sensitivity maps: every part marked `true` (a whole attribute, a list
 * element, a map key, a nested block's attribute) is replaced on both sides; the after side says
 * whether the hidden value changed, and nothing else of it.
 */
import { forceSensitive, maskOne, maskPair, SENSITIVE, SENSITIVE_CHANGED } from '../../src/drift/sensitive';
import { driftedResources } from '../../src/drift/resources';
import type { DriftEntry } from '../../src/drift/plan';

test('a whole attribute: (sensitive) before, (sensitive, changed) after when it differs, the same marker when not', () => {
  expect(maskPair({ url: 'a', name: 'x' }, { url: 'b', name: 'y' }, { url: true }, { url: true })).toEqual([
    { url: SENSITIVE, name: 'x' },
    { url: SENSITIVE_CHANGED, name: 'y' },
  ]);
  expect(maskPair({ url: 'a' }, { url: 'a' }, { url: true }, {})).toEqual([{ url: SENSITIVE }, { url: SENSITIVE }]);
});

test('list elements, map keys and nested blocks, marked on either side', () => {
  const before = { tags: ['a', 's1'], headers: { A: 'v1', B: 'v2' }, block: [{ secret: 'x', plain: 1 }] };
  const after = { tags: ['a', 's2', 'c'], headers: { A: 'v1', B: 'v3' }, block: [{ secret: 'x', plain: 2 }] };
  const [b, a] = maskPair(before, after, { tags: [false, true], block: [{ secret: true }] }, { headers: { B: true }, tags: [false, true, false] });
  expect(b).toEqual({ tags: ['a', SENSITIVE], headers: { A: 'v1', B: SENSITIVE }, block: [{ secret: SENSITIVE, plain: 1 }] });
  expect(a).toEqual({ tags: ['a', SENSITIVE_CHANGED, 'c'], headers: { A: 'v1', B: SENSITIVE_CHANGED }, block: [{ secret: SENSITIVE, plain: 2 }] });
});

test('a side that is gone, or of another shape, is masked by both maps', () => {
  expect(maskPair({ key: 'k', name: 'Torq' }, undefined, { key: true }, false)).toEqual([{ key: SENSITIVE, name: 'Torq' }, undefined]);
  expect(maskPair('secret-text', { a: 'b' }, true, {})).toEqual([SENSITIVE, SENSITIVE_CHANGED]);
  expect(maskOne({ a: ['x', 'y'] }, { a: [false, true] })).toEqual({ a: ['x', SENSITIVE] });
  expect(maskOne('anything', true)).toBe(SENSITIVE);
});

test('attributes that hold secrets are masked even when the plan does not mark them', () => {
  expect(forceSensitive({}, { custom_headers: { Authorization: 'x', 'X-Trace': 'y' } }, ['url', 'custom_headers.*'])).toEqual({
    url: true,
    custom_headers: { Authorization: true, 'X-Trace': true },
  });
  const entry: DriftEntry = {
    address: 'datadog_webhook.webhook_torq',
    type: 'datadog_webhook',
    name: 'webhook_torq',
    mode: 'managed',
    path: '$.resource_drift[0]',
    actions: ['update'],
    before: { id: 'torq', name: 'torq', url: 'https://x.invalid/U1', custom_headers: '{"Authorization":"H1"}', payload: '{}' },
    after: { id: 'torq', name: 'torq', url: 'https://x.invalid/U2', custom_headers: '{"Authorization":"H2","X-New":"N"}', payload: '{}' },
    beforeSensitive: {},
    afterSensitive: {},
  };
  const [r] = driftedResources([entry]);
  expect(r.before.body).toEqual({ name: 'torq', url: SENSITIVE, custom_headers: JSON.stringify({ Authorization: SENSITIVE }), payload: '{}' });
  expect(r.after?.body).toEqual({
    name: 'torq',
    url: SENSITIVE_CHANGED,
    custom_headers: JSON.stringify({ Authorization: SENSITIVE_CHANGED, 'X-New': SENSITIVE_CHANGED }),
    payload: '{}',
  });
  expect(r.liveId).toBe('torq');
  expect(JSON.stringify(r)).not.toMatch(/U1|U2|H1|H2|"N"/);
});

test('state shapes become synthesized ones: single blocks unwrapped, unset values dropped, the id kept aside', () => {
  const entry: DriftEntry = {
    address: 'datadog_monitor.monitor_x',
    type: 'datadog_monitor',
    name: 'monitor_x',
    mode: 'managed',
    path: '$.resource_drift[0]',
    actions: ['delete'],
    before: {
      id: '123',
      name: 'X',
      priority: '',
      restricted_roles: null,
      tags: [],
      scheduling_options: [],
      monitor_thresholds: [{ critical: '90', warning: '', ok: '' }],
    },
    after: null,
    beforeSensitive: { tags: [] },
    afterSensitive: false,
  };
  const [r] = driftedResources([entry]);
  expect(r).toEqual({
    address: 'datadog_monitor.monitor_x',
    type: 'datadog_monitor',
    name: 'monitor_x',
    action: 'deleted',
    liveId: '123',
    before: { type: 'datadog_monitor', id: 'monitor_x', body: { name: 'X', monitor_thresholds: { critical: '90' } } },
  });
});

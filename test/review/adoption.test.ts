/** The review of an import pull request: adopted resources are imported, not added; other orgs that would create them are flagged. */
import { adoptionAttention } from '../../src/review/adoption';
import type { StackJson, Stacks } from '../../src/review/stacks';

const monitor = (name: string) => ({ name, type: 'metric alert', query: 'avg(last_5m):avg:x{*} > 1', message: 'm' });

function stacks(entries: Record<string, StackJson>): Stacks {
  return new Map(Object.entries(entries));
}

test('a resource that gains an import block is imported (its id said), and another org that would create it is flagged', () => {
  const base = stacks({ acme: { resource: {} } as StackJson, other: { resource: {} } as StackJson });
  const head = stacks({
    acme: { resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high') } }, import: [{ to: 'datadog_monitor.monitor_cpu_high', id: '1234' }] } as unknown as StackJson,
    other: { resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high') } } } as unknown as StackJson,
  });
  const items = adoptionAttention(base, head);
  expect(items.map((i) => [i.org, i.address])).toEqual([
    ['acme', 'datadog_monitor.monitor_cpu_high'],
    ['other', 'datadog_monitor.monitor_cpu_high'],
  ]);
  expect(items[0].message).toContain('`datadog_monitor.monitor_cpu_high` "CPU high" is imported, not added: it exists in Datadog, id `1234`');
  expect(items[1].message).toContain('would be created here, while `acme` imports its existing copy');
});

test('an import block already in the base says nothing again', () => {
  const acme = { resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high') } }, import: [{ to: 'datadog_monitor.monitor_cpu_high', id: '1234' }] } as unknown as StackJson;
  expect(adoptionAttention(stacks({ acme }), stacks({ acme }))).toEqual([]);
});

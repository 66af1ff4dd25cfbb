/** The review of an import pull request: adopted resources are imported, not added; other orgs that would create them are flagged. */
import { adoptionAttention } from '../../src/review/adoption';
import { compareStacks } from '../../src/review/compare';
import { renderMarkdown } from '../../src/review/markdown';
import { readStacks, type StackJson, type Stacks } from '../../src/review/stacks';
import { copyProject, readJson, synth, writeJson } from '../helpers/project';

const monitor = (name: string) => ({ name, type: 'metric alert', query: 'avg(last_5m):avg:x{*} > 1', message: 'm' });

function stacks(entries: Record<string, StackJson>): Stacks {
  return new Map(Object.entries(entries));
}

test('a resource that gains an import block is imported (its id said), and another org that would create it is flagged', () => {
  const base = stacks({ acme: { resource: {} }, other: { resource: {} } });
  const head = stacks({
    acme: { resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high') } }, import: [{ to: 'datadog_monitor.monitor_cpu_high', id: '1234' }] },
    other: { resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high') } } },
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
  const acme = {
    resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high') } },
    import: [{ to: 'datadog_monitor.monitor_cpu_high', id: '1234' }],
  } as unknown as StackJson;
  expect(adoptionAttention(stacks({ acme }), stacks({ acme }))).toEqual([]);
});

describe("an org's own monitor in the review", () => {
  test('is named by its own file (orgs/<org>/monitors/), and only in its org', () => {
    const root = copyProject();
    const before = synth(root);
    const own = readJson(`${root}/monitors/host_cpu_high.json`);
    writeJson(`${root}/orgs/example/monitors/own_cpu.json`, { ...own, name: '[Torq] Own CPU check' });
    const after = synth(root);
    expect(after.code).toBe(0);
    const body = after.stack('example').resource.datadog_monitor.monitor_own_cpu;
    // A Terraform JSON comment: cdktf's own metadata stays beside it.
    expect(body['//']).toMatchObject({ source_file: 'orgs/example/monitors/own_cpu.json', metadata: expect.any(Object) });
    const md = renderMarkdown(compareStacks(readStacks(before.outdir), readStacks(after.outdir)), { baseLabel: 'base', headLabel: 'head' });
    expect(md).toContain('`orgs/example/monitors/own_cpu.json`');
    expect(md).not.toContain('`monitors/own_cpu.json`');
  });
});

/** acme's head stack after an import that recorded what the first apply changes (adopt.changes, as synth carries it). */
function importedWithChanges(changes: Record<string, string[]>): StackJson {
  return {
    resource: { datadog_monitor: { monitor_cpu_high: monitor('CPU high'), monitor_disk: monitor('Disk') } },
    import: [
      { to: 'datadog_monitor.monitor_cpu_high', id: '1234' },
      { to: 'datadog_monitor.monitor_disk', id: '1235' },
    ],
    locals: { torq_adopt_first_apply_changes: changes },
  };
}

test('what the first apply will change on a newly imported monitor is one attention item, with every recorded change', () => {
  const head = importedWithChanges({
    cpu_high: ['type from "query alert" to "log alert": datadog_monitor replaces the monitor (a new id)', 'query from "logs(\\"a\\") > 1" to "$${x} > 1"'],
  });
  const items = adoptionAttention(stacks({ acme: { resource: {} } }), stacks({ acme: head }));
  const changes = items.filter((i) => i.message.startsWith('the first apply will change'));
  expect(changes).toHaveLength(1);
  expect(changes[0].org).toBe('acme');
  expect(changes[0].address).toBe('datadog_monitor.monitor_cpu_high');
  expect(changes[0].message).toContain(
    'the first apply will change `datadog_monitor.monitor_cpu_high` "CPU high" (id `1234`) in Datadog, as org:import found (`adopt.changes` in `orgs/acme.json`): ',
  );
  expect(changes[0].message).toContain('type from "query alert" to "log alert": datadog_monitor replaces the monitor (a new id); query from');
  // Terraform's escaping is undone: the reviewer reads the value as Datadog has it.
  expect(changes[0].message).toContain('to "${x} > 1"');
  // The monitor without recorded changes is only said to be imported.
  expect(items.filter((i) => i.address === 'datadog_monitor.monitor_disk').map((i) => i.message)).toEqual([
    '`datadog_monitor.monitor_disk` "Disk" is imported, not added: it exists in Datadog, id `1235`, and the first apply takes it over',
  ]);
});

test('recorded changes of a monitor imported before this PR are not repeated', () => {
  const head = importedWithChanges({ cpu_high: ['name from "a" to "b"'] });
  const base = importedWithChanges({});
  expect(adoptionAttention(stacks({ acme: base }), stacks({ acme: head }))).toEqual([]);
});

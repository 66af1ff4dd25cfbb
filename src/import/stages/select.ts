/**
 * Stage "select": which live monitors to adopt. The filters (--monitors), then what the selected
 * composites and dashboards refer to; a monitor that cannot be adopted is a skip with its reason,
 * never a stop.
 */
import { show } from '../../config/findings';
import { parseMonitor } from '../../config/monitor';
import { compositeIds, dashboardMonitorIds } from '../normalize';
import { isObject } from '../../config/json';
import { notifiedWebhooks } from '../../datadog/message';
import { Json, LiveOrg, MonitorFilter, Selection } from './types';

/** `webhook` (default), `all`, `tag:<tag>`, `id:<id>[,<id>...]`, `name:<text>` or any other text (a name substring). */
export function parseMonitorFilter(text: string): MonitorFilter | string {
  if (text === 'webhook') return { kind: 'webhook' };
  if (text === 'all') return { kind: 'all' };
  if (text.startsWith('tag:')) {
    const tag = text.slice(4);
    return tag === '' ? 'expected a tag after "tag:", such as "tag:team:secops"' : { kind: 'tag', tag };
  }
  if (text.startsWith('id:')) {
    const parts = text.slice(3).split(',');
    if (parts.some((p) => !/^\d+$/.test(p.trim()))) return `expected monitor ids after "id:", such as "id:123,456", found ${show(text)}`;
    return { kind: 'id', ids: parts.map((p) => Number(p.trim())) };
  }
  const name = text.startsWith('name:') ? text.slice(5) : text;
  return name.trim() === '' ? 'expected a name substring, such as "name:[Torq]"' : { kind: 'name', text: name };
}

export function describeFilter(f: MonitorFilter, webhooks: readonly string[]): string {
  switch (f.kind) {
    case 'webhook':
      return `monitors that mention ${webhooks.map((w) => `@webhook-${w}`).join(' or ')}`;
    case 'all':
      return 'every monitor';
    case 'name':
      return `monitors whose name contains ${show(f.text)}`;
    case 'tag':
      return `monitors tagged ${show(f.tag)}`;
    case 'id':
      return `monitors ${f.ids.join(', ')}`;
  }
}

/** True when a message notifies one of the webhooks, in any case (Datadog matches handles so). */
function mentions(message: unknown, webhooks: readonly string[]): boolean {
  return typeof message === 'string' && notifiedWebhooks(message, webhooks).length > 0;
}

/** A monitor notifies Torq from its message or its escalation (renotification) message. */
function monitorMentions(m: Json, webhooks: readonly string[]): boolean {
  const options = isObject(m.options) ? m.options : {};
  return mentions(m.message, webhooks) || mentions(options.escalation_message, webhooks);
}

export function matches(m: Json, f: MonitorFilter, webhooks: readonly string[]): boolean {
  switch (f.kind) {
    case 'webhook':
      return monitorMentions(m, webhooks);
    case 'all':
      return true;
    case 'name':
      return typeof m.name === 'string' && m.name.toLowerCase().includes(f.text.toLowerCase());
    case 'tag':
      return Array.isArray(m.tags) && m.tags.includes(f.tag);
    case 'id':
      return f.ids.includes(Number(m.id));
  }
}

/** Why a live monitor cannot be adopted, if it cannot. */
export function skipReason(m: Json): string | undefined {
  if (m.type === 'synthetics alert') return 'a synthetics alert belongs to its synthetics test, not to datadog_monitor';
  const problems = parseMonitor(m, 'monitor').findings.filter((f) => f.severity === 'error');
  if (problems.length > 0) return `the API returned it with ${problems.map((f) => `${f.path}: ${f.message}`).join('; ')}`;
  return undefined;
}

/** The live monitors by numeric id. */
export function monitorsById(all: readonly Json[]): Map<number, Json> {
  const byId = new Map<number, Json>();
  for (const m of all) if (typeof m.id === 'number' || (typeof m.id === 'string' && /^\d+$/.test(m.id))) byId.set(Number(m.id), m);
  return byId;
}

/**
 * The monitors to adopt: those the filters pick, those already adopted (always read again, whatever
 * the filter), then what selected composites and dashboards refer to. `excluded`: monitors an
 * earlier plan could not load (the orchestrator says why).
 */
export function selectMonitors(
  live: Pick<LiveOrg, 'allMonitors' | 'dashboards'>,
  filterList: MonitorFilter[],
  webhookNames: readonly string[],
  adopted: readonly number[] = [],
  excluded: ReadonlyMap<number, string> = new Map(),
): Selection {
  const byId = monitorsById(live.allMonitors);
  const filters = filterList.length > 0 ? filterList : [{ kind: 'webhook' } as MonitorFilter];
  const selected = new Map<number, string>(); // id -> why
  const notes: string[] = [];
  for (const [id, m] of [...byId].sort(([a], [b]) => a - b)) {
    if (excluded.has(id) || (!filters.some((f) => matches(m, f, webhookNames)) && !adopted.includes(id))) continue;
    const why = skipReason(m);
    if (why) notes.push(`monitor ${id} ${show(m.name)} not imported: ${why}`);
    else selected.set(id, filters.some((f) => matches(m, f, webhookNames)) ? 'selected' : 'already adopted (read again whatever the filter)');
  }
  const pull = (id: number, by: string) => {
    if (selected.has(id)) return;
    const m = byId.get(id);
    if (!m || excluded.has(id)) return;
    const why = skipReason(m);
    if (why) notes.push(`monitor ${id} ${show(m.name)}, referenced by ${by}, not imported: ${why}`);
    else selected.set(id, `referenced by ${by}`);
  };
  for (let changed = true; changed;) {
    const size = selected.size;
    for (const id of [...selected.keys()]) {
      const m = byId.get(id)!;
      if (m.type === 'composite' && typeof m.query === 'string') for (const sub of compositeIds(m.query)) pull(sub, `composite ${id}`);
    }
    for (const d of live.dashboards) for (const sub of dashboardMonitorIds(d.raw)) pull(sub, `dashboard ${d.id}`);
    changed = selected.size !== size;
  }
  return { byId, filters, selected, notes };
}

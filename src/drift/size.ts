/**
 * Needs attention within a size. GitHub refuses an issue body over 65,536 characters, and an org
 * with a thousand drifted monitors has a thousand items of a few hundred characters each. The
 * renderer shortens the details first (its levels 1 to 3); when Needs attention alone is still too
 * long, it is said more briefly, level by level, every item kept:
 *
 *  0. one item per resource: what happened, then its two ways out;
 *  1. the same without the ways out, said once per kind of resource in a last item ("Ways out");
 *     items that say the same thing are one, naming each resource;
 *  2. one item per kind of attention and kind of resource, naming every resource (its Terraform
 *     name and Datadog id), the ways out once;
 *  3. as 2, with the lists cut to fit, each saying how many more the full report names.
 *
 * The full report (no limit) is the workflow's job summary and artifact (docs/drift.md).
 */
import type { Attention, AttentionKind } from '../review/model';
import { ATTENTION_ORDER } from '../review/model';
import type { DriftedResource } from './resources';

/** One resource's Needs attention item, in parts: the renderer's message is made per level. */
export interface DriftItem {
  org: string;
  kind: AttentionKind;
  address: string;
  /** What happened (the facets, joined). */
  what: string;
  /** Its two ways out, with its own ids. */
  remedy: string;
  /** The ways out said for every resource of its family (`monitors changed`), and that family. */
  family: string;
  familyRemedy: string;
  resource?: DriftedResource;
}

export type AttentionLevel = 0 | 1 | 2 | 3;

/** How a kind of attention reads in a grouped item: "stop notifying Torq". */
const KIND_SAID: Partial<Record<AttentionKind, string>> = {
  'check-failed': 'failed checks (the next deploy stops at them)',
  destroyed: 'deleted in Datadog',
  'stops-notifying-torq': 'no longer notify Torq',
  'health-silenced': "Torq's health monitoring silenced",
  'webhook-removed': 'webhook deleted or renamed',
  'torq-contract': "Torq's webhook or keys changed",
  'torq-power': "out of Torq's reach (restricted to roles Torq does not have)",
  'fewer-transitions': 'notify Torq on fewer transitions',
  'threshold-loosened': 'alert later or less (threshold, window, no-data)',
  other: 'other changes',
};

const code = (s: string) => `\`${s}\``;

/** `monitor_host_cpu_high` (id 41000005): the Terraform name and, when known, Datadog's id. */
function short(i: DriftItem): string {
  const name = i.address
    .replace(/^data\./, '')
    .split('.')
    .slice(1)
    .join('.');
  const id = i.resource?.liveId && i.resource.type === 'datadog_monitor' ? ` (${i.resource.liveId})` : '';
  return `${code(name)}${id}`;
}

/** The last item of levels 1 to 3: the ways out, once per family of resources. */
function waysOut(items: readonly DriftItem[]): Attention[] {
  const families = new Map<string, { org: string; family: string; remedy: string; n: number }>();
  for (const i of items) {
    const key = `${i.org}\0${i.family}`;
    const f = families.get(key) ?? { org: i.org, family: i.family, remedy: i.familyRemedy, n: 0 };
    f.n += 1;
    families.set(key, f);
  }
  return [...families.values()].map((f): Attention => ({
    org: f.org,
    kind: 'other',
    message: `Ways out (${f.family}${f.n > 1 ? `, ${f.n}` : ''}): ${f.remedy}`,
  }));
}

/** The attention list at one level; `cut` (level 3) is the longest list of names per grouped item. */
export function attentionAt(items: readonly DriftItem[], level: AttentionLevel, cut = Infinity): Attention[] {
  if (level === 0) return items.map((i) => ({ org: i.org, kind: i.kind, address: i.address, message: i.remedy ? `${i.what}. ${i.remedy}` : i.what }));
  if (level === 1) {
    // Items that say the same thing are one item naming each resource (the renderer would cut a list of addresses at 12).
    const same = new Map<string, DriftItem[]>();
    for (const i of items) same.set(`${i.org}\0${i.kind}\0${i.what}`, [...(same.get(`${i.org}\0${i.kind}\0${i.what}`) ?? []), i]);
    const out = [...same.values()].map((list): Attention => {
      const i = list[0];
      return list.length === 1
        ? { org: i.org, kind: i.kind, address: i.address, message: i.what }
        : { org: i.org, kind: i.kind, message: `${i.family} (${list.length}), ${list.map(short).join(', ')}: ${i.what}` };
    });
    return [...out, ...waysOut(items)];
  }
  const groups = new Map<string, DriftItem[]>();
  for (const i of items) {
    const key = `${i.org}\0${i.kind}\0${i.family}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const out: Attention[] = [];
  for (const list of groups.values()) {
    const first = list[0];
    const names = list.map(short);
    const shown =
      names.length <= cut
        ? names.join(', ')
        : cut === 0
          ? 'the full report names them'
          : `${names.slice(0, cut).join(', ')} and ${names.length - cut} more (the full report names them)`;
    out.push({ org: first.org, kind: first.kind, message: `${first.family} (${list.length}), ${KIND_SAID[first.kind] ?? first.kind}: ${shown}` });
  }
  return [...out.sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind)), ...waysOut(items)];
}

/** Lengths tried for the lists of level 3, longest first. */
export const CUTS = [500, 200, 100, 50, 20, 10, 5, 1, 0];

/**
 * A twin: a live monitor that adopts a catalog file with other values. Its live values become the
 * org's overrides, so that the first apply changes nothing. Pure.
 */
import { withQueryThreshold } from '../../datadog/query';
import { sameMonitorType } from '../../datadog/providerFacts';
import { isObject } from '../../config/json';
import { Json } from './types';
import { textOf } from '../../config/json';

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The top-level fields (options.<key> for options) where two monitor files differ. */
export function differingFields(a: Json, b: Json): string[] {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (k === 'options' && isObject(a.options) && isObject(b.options)) {
      const ao = a.options;
      const bo = b.options;
      for (const o of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) if (!sameJson(ao[o], bo[o])) out.push(`options.${o}`);
    } else if (!sameJson(a[k], b[k])) out.push(k);
  }
  return out;
}

/** The override fields twinOverride owns: recomputed from the live monitor at every import. */
export const TWIN_FIELDS = ['name', 'query', 'message', 'priority', 'thresholds', 'tags', 'removeTags', 'options'];

/** Thresholds where the live monitor differs from the catalog (null takes a catalog threshold away). */
function twinThresholds(co: Json, lo: Json): Json {
  const cth: Json = isObject(co.thresholds) ? co.thresholds : {};
  const lth: Json = isObject(lo.thresholds) ? lo.thresholds : {};
  const th: Json = {};
  for (const k of ['critical', 'warning', 'critical_recovery', 'warning_recovery']) {
    if (sameJson(cth[k], lth[k])) continue;
    if (lth[k] !== undefined) th[k] = lth[k];
    else if (k !== 'critical') th[k] = null;
  }
  return th;
}

/**
 * The overrides that keep a live monitor as it is when it adopts a catalog file with other values,
 * so that the first apply changes nothing: name, query (thresholds.critical still rewrites its
 * threshold), message, priority, thresholds, tags added and catalog tags taken away (removeTags),
 * options (null for a catalog option the live monitor does not set). `liveFile` is the live monitor as a monitor file (its Torq mentions moved to the org
 * file when they can be); `message.routed` is what synth would deploy from it, `message.asWritten`
 * the live message. When they differ (a mention written mid-text, say), the message is kept as
 * written and routes itself (routing "message"). Tags in `orgTags` are the org's own: synth adds
 * them anyway. A type difference cannot be overridden: it is left to the report of the first apply.
 */
export function twinOverride(catalog: Json, liveFile: Json, message?: { asWritten: string; routed: string }, orgTags: readonly string[] = []): Json {
  const o: Json = {};
  if (catalog.name !== liveFile.name) o.name = liveFile.name;
  if (!sameJson(catalog.priority ?? null, liveFile.priority ?? null)) o.priority = liveFile.priority ?? null;
  const ct = Array.isArray(catalog.tags) ? (catalog.tags as string[]) : [];
  const lt = Array.isArray(liveFile.tags) ? (liveFile.tags as string[]) : [];
  const added = lt.filter((t) => !ct.includes(t)).sort();
  if (added.length > 0) o.tags = added;
  const removed = ct.filter((t) => !lt.includes(t) && !orgTags.includes(t)).sort();
  if (removed.length > 0) o.removeTags = removed;
  const co: Json = isObject(catalog.options) ? catalog.options : {};
  const lo: Json = isObject(liveFile.options) ? liveFile.options : {};
  const th = twinThresholds(co, lo);
  if (Object.keys(th).length > 0) o.thresholds = th;
  // The query the catalog's gives once thresholds.critical is applied; the live one if that is not it.
  const catalogQuery = textOf(catalog.query);
  const critical = typeof th.critical === 'number' ? th.critical : undefined;
  const thresholdQuery = critical === undefined ? catalogQuery : (withQueryThreshold(catalogQuery, critical) ?? catalogQuery);
  // Another type is a replace, whatever the overrides say; its query would not fit the catalog's type.
  if (typeof liveFile.query === 'string' && liveFile.query !== thresholdQuery && sameMonitorType(catalog.type, liveFile.type)) o.query = liveFile.query;
  if (message && message.routed !== message.asWritten) {
    o.message = message.asWritten;
    o.routing = 'message';
  } else if (typeof liveFile.message === 'string' && liveFile.message !== catalog.message) o.message = liveFile.message;
  const options: Json = {};
  for (const k of Object.keys(lo).sort()) if (k !== 'thresholds' && lo[k] !== undefined && !sameJson(co[k], lo[k])) options[k] = lo[k];
  // A catalog option the live monitor does not set: null takes it away for this org (unset, the provider leaves it alone).
  for (const k of Object.keys(co).sort()) if (k !== 'thresholds' && co[k] !== undefined && co[k] !== null && lo[k] === undefined) options[k] = null;
  if (Object.keys(options).length > 0)
    o.options = Object.fromEntries(
      Object.keys(options)
        .sort()
        .map((k) => [k, options[k]]),
    );
  return o;
}

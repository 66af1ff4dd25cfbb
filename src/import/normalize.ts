/**
 * From what the Datadog API returns to catalog files: the same input always gives the same bytes.
 *  - Monitors go through parseMonitor (numbers as strings, nulls, UI leftovers, server-owned fields
 *    go away), keep only what datadog_monitor deploys, and are written in a fixed key order.
 *  - Routing to Torq is the org file's (monitors.notifyOn and overrides), so the mentions of the
 *    org's Torq webhooks are taken out of the message, and what they said becomes routing.
 *  - Datadog ids of other monitors (composite queries, dashboard alert_id) become references to
 *    catalog ids, `${monitor.<id>}`, so the files work in any org.
 */
import { parseMonitor, DEPLOYED_OPTIONS, MonitorDefinition } from '../config/monitor';
import { analyseRouting, Routing, stripWebhookMentions } from '../config/routing';

// The routing analysis lives with routeMessage (synth keeps a message whose mentions already say
// the routing); re-exported for the import stages.
export { analyseRouting } from '../config/routing';
export type { NotifyOn, Routing } from '../config/routing';
import { stripDashboardServerFields } from '../config/dashboard';
import { monitorReference } from '../config/references';
import type { Json } from './datadog';

/** Lower-case slug: template variables dropped, other runs of characters become `_`. */
export function slugify(text: string, maxLength = 60): string {
  const slug = text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const atWord = cut.lastIndexOf('_');
  return (atWord > maxLength / 2 ? cut.slice(0, atWord) : cut).replace(/_+$/, '');
}

/**
 * A catalog id for a name: its slug; never starting with a digit. A name with letters a slug
 * cannot keep (Korean, Japanese, Cyrillic...: not Latin once accents are dropped) gets its ASCII
 * words and the Datadog id (`torq_cpu_12345`, or `<prefix>_<id>` with no ASCII word), so that two
 * such names never come out as one (`torq` and `torq_<id>`) and the file says which object it is.
 */
export function catalogIdFor(name: string, prefix: string, id: string | number): string {
  const slug = slugify(name);
  const idPart = slugify(String(id));
  const nonLatin = /\p{L}/u.test(
    name
      .replace(/\{\{[^}]*\}\}/g, ' ')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[A-Za-z]/g, ''),
  );
  if (slug === '') return `${prefix}_${idPart}`;
  const withId = nonLatin ? `${slug}_${idPart}` : slug;
  return /^[0-9]/.test(withId) ? `${prefix}_${withId}` : withId;
}

/** The message without the org's webhook mentions (routing is the org file's), tidied. */
export function messageBody(message: string, orgWebhooks: readonly string[]): string {
  // The strip also removes the blocks it empties (routing.ts), and only those: an empty block the
  // author wrote stays as written.
  return stripWebhookMentions(message, orgWebhooks)
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Monitors.

/** Deep copy with object keys sorted (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeysDeep((value as Json)[k])]),
    );
  }
  return value;
}

const THRESHOLD_ORDER = ['critical', 'warning', 'critical_recovery', 'warning_recovery', 'ok', 'unknown'];

/** The catalog file's JSON for a definition: fixed key order, no empty leftovers. */
export function monitorFileJson(def: MonitorDefinition): Json {
  const options: Json = {};
  for (const key of Object.keys(def.options).sort()) {
    const v = def.options[key];
    if (key === 'thresholds' && v && typeof v === 'object') {
      const th = v as Json;
      const ordered = Object.fromEntries(THRESHOLD_ORDER.filter((k) => th[k] !== undefined).map((k) => [k, th[k]]));
      if (Object.keys(ordered).length > 0) options.thresholds = ordered;
    } else if (key === 'threshold_windows' && v && typeof v === 'object') {
      const tw = v as Json;
      options.threshold_windows = Object.fromEntries(['trigger_window', 'recovery_window'].filter((k) => tw[k] !== undefined).map((k) => [k, tw[k]]));
    } else options[key] = sortKeysDeep(v);
  }
  const out: Json = { name: def.name, type: def.type, query: def.query, message: def.message, tags: [...def.tags] };
  if (def.priority !== null) out.priority = def.priority;
  out.options = options;
  return out;
}

export interface NormalizedMonitor {
  /** The file's JSON. */
  file: Json;
  routing: Routing;
  notes: string[];
  /** Datadog ids in a composite query that are not in the catalog mapping (kept as numbers). */
  unmapped: number[];
  /** The monitor's restricted_roles (role ids of this org), if any: per org, never in the catalog file. */
  restrictedRoles?: string[];
  /** The monitor's draft_status as the API reports it: per org, never in the catalog file. */
  draftStatus?: 'draft' | 'published';
}

export interface MonitorContext {
  /** The org's Torq webhook names (their mentions are routing). */
  webhooks: readonly string[];
  /** The catalog id of a Datadog monitor id being imported (or already adopted), if any. */
  catalogIdOf: (datadogId: number) => string | undefined;
  /** Tags the org adds at synth (org tags, the override's tags): not written into the catalog. */
  synthTags?: readonly string[];
  /**
   * Keep a message whose Torq mentions say its routing exactly as it is, mentions included (an
   * org's own file: synth's routeMessage then leaves it byte for byte). Otherwise the file holds
   * the message without its mentions, as the shared catalog does.
   */
  keepRoutedMessage?: boolean;
}

/** The Datadog ids a composite query names. */
export function compositeIds(query: string): number[] {
  return [...query.matchAll(/(?<![\w.-])\d+(?![\w.-])/g)].map((m) => Number(m[0]));
}

/**
 * Normalizes a monitor (as the API returns it, or as a catalog file holds it) into the catalog
 * file's JSON. Applied to both sides, it is also how an existing file is compared with the org.
 */
export function normalizeMonitor(raw: Json, where: string, ctx: MonitorContext): NormalizedMonitor | { error: string } {
  const parsed = parseMonitor(raw, where);
  const errors = parsed.findings.filter((f) => f.severity === 'error');
  if (!parsed.monitor || errors.length > 0) return { error: errors.map((f) => `${f.path}: ${f.message}`).join('; ') };
  const def = structuredClone(parsed.monitor.definition);
  const notes: string[] = [];
  const unmapped: number[] = [];

  if (def.type === 'composite') {
    def.query = def.query.replace(/(?<![\w.-])\d+(?![\w.-])/g, (digits) => {
      const id = ctx.catalogIdOf(Number(digits));
      if (id === undefined) {
        unmapped.push(Number(digits));
        return digits;
      }
      return monitorReference(id);
    });
  }

  const routing = analyseRouting(def.message, ctx.webhooks);
  if (routing.exact) {
    if (!(ctx.keepRoutedMessage && routing.webhook !== undefined)) def.message = messageBody(def.message, ctx.webhooks);
  } else routing.notes.push('routing stays in the message exactly as written (overrides.<id>.routing "message"): Torq routing is neither widened nor narrowed');

  if (ctx.synthTags && ctx.synthTags.length > 0) def.tags = def.tags.filter((t) => !ctx.synthTags!.includes(t));

  // Per org, never in the shared catalog: the importer writes them as overrides.<id>.restrictedRoles / draftStatus.
  const restrictedRoles = def.restricted_roles ? [...def.restricted_roles].sort() : undefined;
  delete def.restricted_roles;
  const draftStatus = def.draft_status;
  delete def.draft_status;
  for (const key of Object.keys(def.options)) {
    const v = def.options[key];
    if (!DEPLOYED_OPTIONS.includes(key)) {
      notes.push(`option ${key} not written: datadog_monitor does not deploy it`);
      delete def.options[key];
    } else if (v === '' || (key === 'thresholds' && v && typeof v === 'object' && Object.keys(v).length === 0)) {
      delete def.options[key]; // an empty value is the API's way of saying "unset"
    }
  }
  return { file: monitorFileJson(def), routing, notes, unmapped, restrictedRoles, draftStatus };
}

// ---------------------------------------------------------------------------------------------
// Dashboards.

/** Widget fields that hold a monitor's Datadog id. */
export const MONITOR_ID_FIELDS = ['alert_id'] as const;

/** The Datadog monitor ids a dashboard's widgets name (alert_id), in order of appearance. */
export function dashboardMonitorIds(dashboard: unknown): number[] {
  const out: number[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((MONITOR_ID_FIELDS as readonly string[]).includes(k) && (typeof x === 'number' || (typeof x === 'string' && /^\d+$/.test(x)))) out.push(Number(x));
        else walk(x);
      }
    }
  };
  walk(dashboard);
  return out;
}

const DASHBOARD_KEY_ORDER = [
  'title',
  'description',
  'layout_type',
  'reflow_type',
  'template_variables',
  'template_variable_presets',
  'notify_list',
  'tags',
  'widgets',
];

export interface NormalizedDashboard {
  file: Json;
  notes: string[];
  unmapped: number[];
  /** restricted_roles (role ids of this org): per org, written to dashboards.overrides.<id>.restrictedRoles. */
  restrictedRoles?: string[];
}

/** The dashboard file's JSON: server-owned fields and nulls dropped, monitor ids as references, fixed key order. */
export function normalizeDashboard(raw: Json, catalogIdOf: (datadogId: number) => string | undefined): NormalizedDashboard {
  const notes: string[] = [];
  const unmapped: number[] = [];
  const stripped = stripDashboardServerFields(raw);
  const restrictedRoles =
    Array.isArray(stripped.restricted_roles) && stripped.restricted_roles.length > 0 ? (stripped.restricted_roles as unknown[]).map(String).sort() : undefined;
  delete stripped.restricted_roles;
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v !== null && typeof v === 'object') {
      const out: Json = {};
      for (const [k, x] of Object.entries(v)) {
        if ((MONITOR_ID_FIELDS as readonly string[]).includes(k) && (typeof x === 'number' || (typeof x === 'string' && /^\d+$/.test(x)))) {
          const id = catalogIdOf(Number(x));
          if (id === undefined) unmapped.push(Number(x));
          out[k] = id === undefined ? String(x) : monitorReference(id);
        } else out[k] = rewrite(x);
      }
      return out;
    }
    return v;
  };
  const body = sortKeysDeep(rewrite(stripped)) as Json;
  const file: Json = {};
  for (const k of DASHBOARD_KEY_ORDER) if (body[k] !== undefined && body[k] !== null) file[k] = body[k];
  for (const k of Object.keys(body)) if (!(k in file) && body[k] !== null) file[k] = body[k];
  return { file, notes, unmapped, restrictedRoles };
}

/**
 * References between catalog resources. Datadog ids differ per org, so a catalog file never holds
 * another monitor's id: it names the monitor by its catalog id, `${monitor.<catalog id>}`, in a
 * composite query (`${monitor.agent_down} && !${monitor.host_cpu_high}`) or anywhere in a
 * dashboard (`"alert_id": "${monitor.agent_down}"`). At synth each reference becomes the Terraform
 * reference to that org's own monitor (`${datadog_monitor.monitor_agent_down.id}`), so the same
 * files deployed to another org point at that org's monitors, and Terraform creates a composite
 * after the monitors it references.
 *
 * Where they are resolved: monitor queries, and every string of a dashboard. Anywhere else a
 * `${` stays literal text (escaped, see src/constructs/escape.ts).
 */
import { Finding, PathSegment, jsonPath, show, subPath } from './findings';
import { didYouMean } from './suggest';

/** The catalog id inside a reference: the same shape as a monitor file name (RESOURCE_ID). */
export const MONITOR_REFERENCE_ID = '[A-Za-z_][A-Za-z0-9_-]*';

/**
 * One reference to a catalog monitor, `${monitor.<catalog id>}`; group 1 is the catalog id.
 * Global: reset `lastIndex` or use `matchAll`/`replace`. For a composite query grammar, a
 * sub-monitor is a number (a Datadog id) or this pattern.
 */
export const MONITOR_REFERENCE = new RegExp(`\\$\\{monitor\\.(${MONITOR_REFERENCE_ID})\\}`, 'g');

/** The same pattern, anchored: the whole string is one reference. */
export const MONITOR_REFERENCE_EXACT = new RegExp(`^\\$\\{monitor\\.(${MONITOR_REFERENCE_ID})\\}$`);

/** The reference text for a catalog id. */
export function monitorReference(catalogId: string): string {
  return `\${monitor.${catalogId}}`;
}

/** The catalog ids referenced in a text, in order of appearance (duplicates kept). */
export function findMonitorReferences(text: string): string[] {
  return [...text.matchAll(MONITOR_REFERENCE)].map((m) => m[1]);
}

export type TextPart = { text: string } | { monitor: string };

/** Splits a text into literal parts and references, in order. */
export function splitMonitorReferences(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(MONITOR_REFERENCE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ monitor: m[1] });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Every string in a JSON value that holds a reference, with its path. */
export function referencesInJson(value: unknown, at: PathSegment[] = []): { path: PathSegment[]; ids: string[] }[] {
  if (typeof value === 'string') {
    const ids = findMonitorReferences(value);
    return ids.length > 0 ? [{ path: at, ids }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesInJson(v, [...at, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => referencesInJson(v, [...at, k]));
  }
  return [];
}

export interface ReferenceSources {
  /** The org's name and file, for messages. */
  org: string;
  orgFile: string;
  /** Catalog ids the org deploys. */
  deployed: ReadonlySet<string>;
  /** Every catalog id (deployed or not). */
  catalog: readonly string[];
  /** The monitors the org deploys: file, JSONPath of the definition, query. */
  monitors: readonly { file: string; definitionPath: string; query: string }[];
  /** The dashboards the org deploys, as written in their files. */
  dashboards: readonly { file: string; raw: unknown }[];
}

/**
 * A reference to a monitor the org does not deploy cannot resolve: an error at the file and JSON
 * path of the reference, naming the org and the catalog ids it does deploy.
 */
export function checkMonitorReferences(src: ReferenceSources): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const deployed = [...src.deployed].sort();
  const check = (file: string, path: string, id: string) => {
    const key = JSON.stringify([file, path, id]);
    if (src.deployed.has(id) || seen.has(key)) return;
    seen.add(key);
    const why = src.catalog.includes(id)
      ? `monitor ${show(id)}, which org ${show(src.org)} (${src.orgFile}) does not deploy (see monitors.include/exclude)`
      : `monitor ${show(id)}, which is not in monitors/${didYouMean(id, src.catalog)}`;
    findings.push({
      file,
      path,
      severity: 'error',
      message: `${show(monitorReference(id))} references ${why}; expected a reference to one of the monitors this org deploys: ${deployed.join(', ') || '(none)'}`,
    });
  };
  for (const m of src.monitors) {
    for (const id of findMonitorReferences(m.query)) check(m.file, subPath(m.definitionPath, 'query'), id);
  }
  for (const d of src.dashboards) {
    for (const r of referencesInJson(d.raw)) for (const id of r.ids) check(d.file, jsonPath(r.path), id);
  }
  return findings;
}

/** The same check over an org's selection of the catalog (the shape loadProject has at hand). */
export function checkOrgReferences(
  org: string,
  orgFile: string,
  catalog: {
    monitors: readonly { id: string; file: string; definitionPath: string; definition: { query: string } }[];
    dashboards: readonly { id: string; file: string; raw: unknown }[];
  },
  deployedMonitors: ReadonlySet<string>,
  deployedDashboards: ReadonlySet<string>,
): Finding[] {
  return checkMonitorReferences({
    org,
    orgFile,
    deployed: deployedMonitors,
    catalog: catalog.monitors.map((m) => m.id),
    monitors: catalog.monitors
      .filter((m) => deployedMonitors.has(m.id))
      .map((m) => ({ file: m.file, definitionPath: m.definitionPath, query: m.definition.query })),
    dashboards: catalog.dashboards.filter((d) => deployedDashboards.has(d.id)),
  });
}

/**
 * The round trip (issue 26, item 5): after apply, what the stand-in holds against the monitor or
 * dashboard file it came from, field by field, apart from the fields Datadog owns.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkProject } from '../../src/validate/project';
import { DATADOG_OWNED } from '../standin/types';

/** Fields Datadog sets on every object: ids, times, authors, states, its own URL. */
const OWNED_TOP = new Set([...DATADOG_OWNED, 'deleted', 'multi', 'restriction_policy', 'matching_downtimes', 'author_name', 'state']);

export interface Difference {
  /** The catalog file (relative to the repository or the corpus). */
  file: string;
  /** JSONPath in the file. */
  path: string;
  /** What the file says (undefined: the file does not have it). */
  file_value: unknown;
  /** What Datadog (the stand-in) holds after apply (undefined: it does not have it). */
  held: unknown;
  /** The whole object Datadog holds, for a rule that needs a neighbour field. */
  heldRoot?: any;
  /** The whole file (its definition), for a rule that needs a neighbour field. */
  fileRoot?: any;
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
export function describeDifference(d: Difference): string {
  return `${d.file}: ${d.path}: file ${show(d.file_value)}, Datadog holds ${show(d.held)}`;
}

function key(p: string, k: string | number): string {
  return typeof k === 'number' ? `${p}[${k}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${p}.${k}` : `${p}[${JSON.stringify(k)}]`;
}

/** Every leaf where the two differ; numbers compare by value ("0" and 0 differ). */
export function differences(
  file: string,
  want: unknown,
  held: unknown,
  at = '$',
  out: Difference[] = [],
  heldRoot: any = held,
  fileRoot: any = want,
): Difference[] {
  if (Array.isArray(want) && Array.isArray(held)) {
    for (let i = 0; i < Math.max(want.length, held.length); i++) differences(file, want[i], held[i], key(at, i), out, heldRoot, fileRoot);
    return out;
  }
  if (isPlain(want) && isPlain(held)) {
    for (const k of [...new Set([...Object.keys(want), ...Object.keys(held)])].sort()) {
      if (at === '$' && OWNED_TOP.has(k)) continue;
      if (at === '$' && k === 'tags' && Array.isArray(want[k]) && Array.isArray(held[k])) {
        // A monitor's tags are a set (the provider's schema): order and repeats are not a difference of meaning.
        const asSet = (v: unknown[]) => JSON.stringify([...new Set(v)].sort());
        if (asSet(want[k] as unknown[]) === asSet(held[k] as unknown[])) {
          if (JSON.stringify(want[k]) !== JSON.stringify(held[k])) out.push({ file, path: '$.tags', file_value: want[k], held: held[k], heldRoot, fileRoot });
          continue;
        }
      }
      differences(file, want[k], held[k], key(at, k), out, heldRoot, fileRoot);
    }
    return out;
  }
  if (JSON.stringify(want) !== JSON.stringify(held)) out.push({ file, path: at, file_value: want, held, heldRoot, fileRoot });
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The path with indexes folded (`$.widgets[*].id`), to group the same difference across files. */
export function pattern(p: string): string {
  return p.replace(/\[\d+\]/g, '[*]');
}

/** A catalog file as Datadog's API would hold it: an integration's export wraps it in `definition`. */
export function definitionOf(raw: any): any {
  return raw && typeof raw === 'object' && raw.definition && typeof raw.definition === 'object' && !raw.widgets ? raw.definition : raw;
}

export interface RoundTripProject {
  root: string;
  /** catalog id -> source file */
  monitors: Map<string, string>;
  dashboards: Map<string, string>;
  /** Files synth refuses, with the first error (they cannot round-trip). */
  refused: string[];
  /** shown file -> the JSON paths (inside its definition) where validation warns. */
  warnings: Map<string, Set<string>>;
}

/**
 * One project holding every given monitor and dashboard file, for one org ("roundtrip") that
 * deploys them as written: messages as written (override routing "message"), no org tags, no keys.
 * Files synth refuses are left out and listed.
 */
export function roundTripProject(root: string, sources: { file: string; shown: string; kind: 'monitors' | 'dashboards' }[]): RoundTripProject {
  const monitors = new Map<string, string>();
  const dashboards = new Map<string, string>();
  const seen = new Set<string>();
  for (const s of sources) {
    let id = s.shown
      .replace(/\.json$/, '')
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .replace(/^[^A-Za-z]/, 'x');
    while (seen.has(id)) id += '_';
    seen.add(id);
    fs.mkdirSync(path.join(root, s.kind), { recursive: true });
    fs.copyFileSync(s.file, path.join(root, s.kind, `${id}.json`));
    (s.kind === 'monitors' ? monitors : dashboards).set(id, s.shown);
  }
  const refused: string[] = [];
  const writeOrg = () => {
    const overrides = Object.fromEntries([...monitors.keys()].map((id) => [id, { routing: 'message' }]));
    fs.mkdirSync(path.join(root, 'orgs'), { recursive: true });
    fs.writeFileSync(path.join(root, 'orgs', 'roundtrip.json'), JSON.stringify({ site: 'us1', keys: { create: false }, monitors: { overrides } }, null, 2));
  };
  for (let round = 0; round < 5; round++) {
    writeOrg();
    const errors = checkProject(root, {}).findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) break;
    for (const f of errors) {
      const m = /^(monitors|dashboards)\/(.+)\.json$/.exec(f.file);
      if (!m) continue;
      const map = m[1] === 'monitors' ? monitors : dashboards;
      if (!map.has(m[2])) continue;
      refused.push(`${map.get(m[2])}: ${f.path}: ${f.message}`);
      map.delete(m[2]);
      fs.rmSync(path.join(root, f.file));
    }
  }
  writeOrg();
  const warnings = new Map<string, Set<string>>();
  for (const f of checkProject(root, {}).findings) {
    const m = /^(monitors|dashboards)\/(.+)\.json$/.exec(f.file);
    const shown = m && (m[1] === 'monitors' ? monitors : dashboards).get(m[2]);
    if (!shown || f.severity !== 'warning') continue;
    // An integration's export wraps the monitor in `definition`; differences are inside it.
    warnings.set(shown, (warnings.get(shown) ?? new Set()).add(f.path.replace(/^\$\.definition(?=[.[]|$)/, '$')));
  }
  return { root, monitors, dashboards, refused, warnings };
}

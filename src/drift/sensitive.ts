/**
 * Masking of sensitive values. Terraform's plan JSON says which parts of a resource's `before` and
 * `after` are sensitive in `before_sensitive` / `after_sensitive`: a structure shaped like the
 * value, `true` where the value is sensitive (a whole attribute, one element of a list, one key of
 * a map), `false` or nothing elsewhere. Every such part is replaced here, before anything else
 * reads the values, by a marker: `(sensitive)` on both sides, `(sensitive, changed)` on the after
 * side when the two values differ. Nothing past this file ever sees a sensitive value.
 *
 * A part marked on either side is masked on both: a URL that was sensitive in the state is the
 * same secret when the refresh reads it back, marked or not.
 */
import { stableJson } from '../review/text';

export const SENSITIVE = '(sensitive)';
export const SENSITIVE_CHANGED = '(sensitive, changed)';

type Tree = unknown;

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === 'object';

/** The sensitivity map of a child: `true` when the parent is wholly sensitive. */
function child(s: Tree, key: string | number): Tree {
  if (s === true) return true;
  if (!isContainer(s)) return undefined;
  return (s as Record<string, unknown>)[key as string];
}

/** Masks every part of one value that its map marks sensitive (the other side is gone or of another shape). */
export function maskOne(value: unknown, s: Tree, marker = SENSITIVE): unknown {
  if (value === undefined) return undefined;
  if (s === true) return marker;
  if (!isContainer(value) || !isContainer(s)) return value;
  if (Array.isArray(value)) return value.map((v, i) => maskOne(v, child(s, i), marker));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskOne(v, child(s, k), marker)]));
}

/**
 * Both sides of one value with every sensitive part replaced; `sb`/`sa` are the sensitivity maps
 * of before and after. The after side says `(sensitive, changed)` where the hidden values differ.
 */
export function maskPair(before: unknown, after: unknown, sb: Tree, sa: Tree): [unknown, unknown] {
  if (sb === true || sa === true) {
    const changed = stableJson(before ?? null) !== stableJson(after ?? null);
    return [before === undefined ? undefined : SENSITIVE, after === undefined ? undefined : changed ? SENSITIVE_CHANGED : SENSITIVE];
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    const b: unknown[] = [];
    const a: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const [x, y] = maskPair(before[i], after[i], child(sb, i), child(sa, i));
      if (i < before.length) b.push(x);
      if (i < after.length) a.push(y);
    }
    return [b, a];
  }
  if (isContainer(before) && isContainer(after) && !Array.isArray(before) && !Array.isArray(after)) {
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [x, y] = maskPair(before[k], after[k], child(sb, k), child(sa, k));
      if (k in before) b[k] = x;
      if (k in after) a[k] = y;
    }
    return [b, a];
  }
  // One side absent, null or of another shape: each side masked by both maps.
  const marker = stableJson(before ?? null) === stableJson(after ?? null) ? SENSITIVE : SENSITIVE_CHANGED;
  return [maskOne(maskOne(before, sb), sa), maskOne(maskOne(after, sa, marker), sb, marker)];
}

/** Marks `paths` (top-level attributes, or `attr.*` for every key of a map attribute) sensitive in a map. */
export function forceSensitive(s: Tree, value: unknown, paths: readonly string[]): Tree {
  if (s === true) return true;
  const out: Record<string, unknown> = isContainer(s) && !Array.isArray(s) ? { ...s } : {};
  for (const p of paths) {
    if (p.endsWith('.*')) {
      const attr = p.slice(0, -2);
      const v = isContainer(value) ? (value as Record<string, unknown>)[attr] : undefined;
      if (out[attr] === true) continue;
      if (isContainer(v) && !Array.isArray(v)) out[attr] = Object.fromEntries(Object.keys(v).map((k) => [k, true]));
      else if (v !== undefined && v !== null) out[attr] = true;
    } else out[p] = true;
  }
  return out;
}

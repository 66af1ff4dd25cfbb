import { z } from 'zod';
import { Finding, PathSegment, jsonPath, show } from './findings';
import { didYouMean } from './suggest';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** The object keys a schema allows at a path, for "did you mean" on unknown keys. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let i = 0; i < 10; i++) {
      const def = (x as { _zod?: { def?: { type?: string; innerType?: unknown; in?: unknown } } })._zod?.def;
      if (!def) return x;
      if (def.innerType) x = def.innerType;
      else if (def.type === 'pipe' && def.in) x = def.in;
      else return x;
    }
    return x;
  };
  for (const seg of path) {
    s = unwrap(s);
    const def = (s as { _zod: { def: { type: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } } })._zod.def;
    if (def.type === 'object' && def.shape && typeof seg === 'string') s = def.shape[seg];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return [];
    if (!s) return [];
  }
  s = unwrap(s);
  const def = (s as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def;
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

type Issue = z.core.$ZodIssue;

/**
 * A union's error is the error of the branch the value was meant for: the branch that got deepest
 * into the value. Its issues are lifted to full paths. A value no branch fits at all keeps a
 * summary of the alternatives.
 */
function flattenUnions(issues: readonly Issue[], raw: unknown): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code !== 'invalid_union' || !('errors' in issue) || issue.errors.length === 0) {
      out.push(issue);
      continue;
    }
    const depth = (list: readonly Issue[]) => Math.max(...list.map((i) => i.path.length));
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
    if (depth(best) === 0) {
      const alternatives = issue.errors
        .map((list) => list.map((i) => i.message.replace(/^Invalid (input|option): /, '').replace(/, received \w+$/, '')).join(' and '))
        .join(', or ');
      out.push({ ...issue, message: alternatives });
      continue;
    }
    out.push(
      ...flattenUnions(
        best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
        raw,
      ),
    );
  }
  return out;
}

/** Turns zod issues into findings that name the field, show the value and say what was expected. */
export function zodFindings(schema: z.ZodType, raw: unknown, error: z.ZodError, file: string): Finding[] {
  const out: Finding[] = [];
  for (const issue of flattenUnions(error.issues, raw)) {
    const path = issue.path as PathSegment[];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        out.push({
          file,
          path: jsonPath([...path, key]),
          severity: 'error',
          message: `unknown field ${show(key)}${didYouMean(key, known)}; expected one of: ${known.join(', ')}`,
        });
      }
      continue;
    }
    const found = valueAt(raw, issue.path);
    let message: string;
    if (issue.code === 'invalid_type') {
      message = `${found === undefined ? 'required: ' : ''}expected ${issue.expected}, found ${show(found)}`;
    } else {
      message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
      if (issue.code === 'invalid_value' && typeof found === 'string') message += didYouMean(found, issue.values.map(String));
      message += `, found ${show(found)}`;
    }
    out.push({ file, path: jsonPath(path), severity: 'error', message });
  }
  return out;
}

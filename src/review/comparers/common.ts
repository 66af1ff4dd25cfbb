/** What every comparer shares: the address, the secret-free body, and how to build a change. */
import type { Attention, AttentionKind, ChangeDetail, CompareContext, GenericChange, ResourceChange } from '../model';
import { kindOf } from '../model';
import { Json, Resource, sourceFileOf } from '../stacks';
import { FieldChange, unescapeTerraform, variableReference } from '../text';
import { DASHBOARD_TYPE } from '../../datadog/naming';

export const addressOf = (r: Pick<Resource, 'type' | 'id'>): string => `${r.type}.${r.id}`;

/** Secret-bearing attributes: shown as the variable they come from, never as a value. */
const SECRET_FIELDS: Record<string, string[]> = {
  datadog_webhook: ['url', 'custom_headers'],
  datadog_webhook_custom_variable: ['value'],
};

/** The body with secret attributes replaced by what a reviewer may see. */
export function safeBody(r: Resource): Json {
  const secret = SECRET_FIELDS[r.type] ?? [];
  const out: Json = {};
  for (const [k, v] of Object.entries(r.body)) {
    if (k === 'depends_on') continue;
    if (k === 'payload' && r.type === 'datadog_webhook' && typeof v === 'string') {
      // The payload is a JSON string: compare it key by key.
      const parsed = parseJson(v);
      if (parsed !== undefined) {
        out[k] = parsed;
        continue;
      }
    }
    if (!secret.includes(k)) {
      out[k] = v;
      continue;
    }
    const ref = variableReference(v);
    if (ref) out[k] = `from variable ${ref}`;
    else if (k === 'custom_headers' && typeof v === 'string') out[k] = headerList(v);
    else out[k] = '(a literal value, not shown)';
  }
  return out;
}

/** A JSON string of the stack (Terraform-escaped) parsed, or undefined when it is not JSON. */
export function parseJson(v: string): unknown {
  try {
    return JSON.parse(unescapeTerraform(v)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The header names of a custom_headers value (never their values); undefined when it cannot be
 * read. Either a JSON object as a string, or, for headers whose values are Terraform variables,
 * a `${jsonencode({"Name" = var.x, ...})}` expression.
 */
export function headerNames(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'string') return undefined;
  if (v.trim() === '') return [];
  const expr = /^\$\{jsonencode\(\{(.*)\}\)\}$/s.exec(v);
  if (expr) return [...expr[1].matchAll(/"([A-Za-z0-9_-]+)" = /g)].map((m) => m[1]).sort();
  try {
    const o = JSON.parse(v) as unknown;
    return o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o).sort() : undefined;
  } catch {
    return undefined;
  }
}

function headerList(v: string): string {
  const names = v.trim() === '' ? undefined : headerNames(v);
  if (names === undefined) return '(not shown)';
  return names.length === 0 ? 'no headers' : `headers ${names.join(', ')} (values not shown)`;
}

/** An added or removed resource: its attributes, one row each, values as compact JSON. */
export function topLevelFields(body: Json, side: 'before' | 'after'): FieldChange[] {
  return Object.keys(body)
    .sort()
    .map((k) => ({ field: k, [side]: JSON.stringify(body[k]) }));
}

/** A change of one resource, attention items carrying its org and address. */
export function resourceChange(
  before: Resource | undefined,
  after: Resource | undefined,
  ctx: CompareContext,
  fields: FieldChange[],
  detail: ChangeDetail,
  attention: { kind: AttentionKind; message: string; hcl?: string }[],
): ResourceChange {
  const r = (after ?? before)!;
  const address = addressOf(r);
  return {
    org: ctx.org,
    address,
    kind: kindOf(r),
    status: !before ? 'added' : !after ? 'removed' : 'changed',
    fields,
    detail,
    attention: attention.map((a): Attention => ({ org: ctx.org, address, ...a })),
  };
}

/** A change shown as a table of attributes (webhooks, keys, other resources). */
export function genericDetail(before: Resource | undefined, after: Resource | undefined, fields: FieldChange[]): { kind: 'generic'; change: GenericChange } {
  const r = (after ?? before)!;
  return { kind: 'generic', change: { type: r.type, id: r.id, status: !before ? 'added' : !after ? 'removed' : 'changed', fields } };
}

/** `a, b, c and 4 more`. */
export function listOf(items: string[], max: number): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/**
 * Why a monitor (or dashboard) leaves an org, in words that are the same in every org it leaves
 * (so that one item lists them all): its file is gone, moved into an org's own folder, or no longer
 * selected by the org's include/exclude while other orgs still deploy it from the catalog.
 */
export function removalCause(before: Resource, ctx: CompareContext): string {
  const file = sourceFileOf(before.type, before.id, ctx.org, before.file);
  if (!file) return 'it is no longer in the org';
  const now = ctx.deployedAnywhere?.get(addressOf(before)) ?? [];
  const inCatalog = now.filter((d) => d.file === undefined || d.file === file);
  const key = before.type === DASHBOARD_TYPE ? 'dashboards' : 'monitors';
  if (inCatalog.length > 0)
    return `\`${file}\` is no longer selected by this org's \`${key}.include\`/\`${key}.exclude\` (still deployed by ${inCatalog.map((d) => `\`${d.org}\``).join(', ')})`;
  const own = now.filter((d) => d.file !== undefined && d.file !== file);
  if (own.length > 0)
    return `\`${file}\` moved to ${[...new Set(own.map((d) => `\`${d.file}\``))].join(', ')}, which only ${own.map((d) => `\`${d.org}\``).join(', ')} deploys`;
  return `\`${file}\` is gone`;
}

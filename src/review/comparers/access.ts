/**
 * Torq's keys and access: the API key, the service account and its application key, the roles
 * it gets. Torq holds a copy of each key: deleting one breaks Torq's Datadog steps, and what a
 * key may do is what Torq's workflows may do in Datadog.
 */
import type { AttentionKind, CompareContext, ResourceChange } from '../model';
import type { Resource } from '../stacks';
import { withSetsSorted } from '../provider';
import { fieldChanges } from '../text';
import { genericDetail, resourceChange, safeBody, topLevelFields } from './common';

type Item = { kind: AttentionKind; message: string };

/** Keys Torq holds a copy of: deleting one breaks Torq's Datadog steps. */
export const KEY_TYPES: Record<string, string> = {
  datadog_api_key: "Torq's API key",
  datadog_service_account_application_key: "Torq's application key",
  datadog_service_account: "Torq's service account (and with it its application key)",
};

/** Scopes the application key loses (narrowing). */
function narrowing(before: Resource, after: Resource): Item[] {
  if (after.type !== 'datadog_service_account_application_key' || !Array.isArray(before.body.scopes) || !Array.isArray(after.body.scopes)) return [];
  const now = after.body.scopes as unknown[];
  const lost = (before.body.scopes as unknown[]).filter((x) => !now.includes(x)).map((x) => `\`${String(x)}\``);
  if (lost.length === 0) return [];
  return [
    {
      kind: 'torq-contract',
      message: `Torq's application key loses ${lost.join(', ')}: Torq steps that need ${lost.length === 1 ? 'it' : 'them'} will be refused`,
    },
  ];
}

/** `${data.datadog_role.x.id}` -> `data.datadog_role.x`. */
const ROLE_REF = /^\$\{(data\.datadog_role\.[A-Za-z0-9_-]+)\.id\}$/;

/** A role of the service account by name: `"Datadog Admin Role"`, or its id when the name is unknown. */
function roleName(ref: unknown, roles: ReadonlyMap<string, string> | undefined): string {
  const m = typeof ref === 'string' ? ROLE_REF.exec(ref) : null;
  const name = m ? roles?.get(m[1]) : undefined;
  return name !== undefined ? `role "${name}"` : String(ref);
}

function roleNames(r: Resource, roles: ReadonlyMap<string, string> | undefined): string[] {
  return Array.isArray(r.body.roles) ? (r.body.roles as unknown[]).map((x) => roleName(x, roles)) : [];
}

/** The body a reviewer reads: roles by name. */
function readable(r: Resource, roles: ReadonlyMap<string, string> | undefined): Resource {
  if (r.type !== 'datadog_service_account' || !Array.isArray(r.body.roles)) return r;
  return { ...r, body: { ...r.body, roles: roleNames(r, roles) } };
}

const scopesOf = (r: Resource): string[] | undefined => (Array.isArray(r.body.scopes) ? (r.body.scopes as unknown[]).map(String) : undefined);
const isWrite = (scope: string) => /_(write|manage|downtime|delete|create|admin)$|^user_access/.test(scope);

/** What Torq's keys may do more than before: scopes and roles added, scopes lifted. */
function widening(before: Resource, after: Resource, ctx: CompareContext): Item[] {
  const out: Item[] = [];
  if (after.type === 'datadog_service_account_application_key') {
    const sb = scopesOf(before);
    const sa = scopesOf(after);
    if (sb && sb.length > 0 && (!sa || sa.length === 0)) {
      out.push({
        kind: 'torq-power',
        message: `Torq's application key loses its scope list (${sb.map((x) => `\`${x}\``).join(', ')}): an application key without scopes may do everything its service account's roles allow`,
      });
    } else if (sa) {
      const gained = sa.filter((x) => !(sb ?? []).includes(x));
      const writes = gained.filter(isWrite);
      if (gained.length > 0) {
        out.push({
          kind: 'torq-power',
          message: `Torq's application key gains ${gained.map((x) => `\`${x}\``).join(', ')}${writes.length > 0 ? ` (${writes.length === 1 ? 'a write scope' : 'write scopes'}: ${writes.map((x) => `\`${x}\``).join(', ')})` : ''}: Torq's workflows may do more in Datadog with it; check that they need it`,
        });
      }
    }
  }
  if (after.type === 'datadog_service_account') {
    const rb = roleNames(before, ctx.rolesBefore ?? ctx.roles);
    const gained = roleNames(after, ctx.roles).filter((x) => !rb.includes(x));
    if (gained.length > 0) {
      const admin = gained.some((x) => /admin/i.test(x));
      out.push({
        kind: 'torq-power',
        message: `Torq's service account gains ${gained.map((x) => `\`${x}\``).join(', ')}${admin ? ' (administrator: full control of the org, its users and keys)' : ''}: Torq's application key may do whatever ${gained.length === 1 ? 'this role allows' : 'these roles allow'}, within its scopes`,
      });
    }
  }
  return out;
}

/** A key created in an org that had none: Torq gains access where it had none. */
function newKey(after: Resource, ctx: CompareContext): Item[] {
  if (!['datadog_api_key', 'datadog_service_account_application_key'].includes(after.type)) return [];
  const hadOne = ctx.keyTypesBefore ? ctx.keyTypesBefore.has(after.type) : ctx.keysBefore !== false;
  if (hadOne) return [];
  const what =
    after.type === 'datadog_api_key'
      ? 'an API key'
      : `an application key${
          scopesOf(after)
            ? ` with ${scopesOf(after)!
                .map((x) => `\`${x}\``)
                .join(', ')}`
            : ' without scopes (everything its service account may do)'
        }`;
  return [
    { kind: 'torq-power', message: `Torq gets ${what} where it had none of this kind: once pasted into Torq, Torq's workflows can act on this Datadog org` },
  ];
}

export function compareAccess(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before) {
    const fields = topLevelFields(safeBody(readable(after!, ctx.roles)), 'after');
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), newKey(after!, ctx));
  }
  if (!after) {
    const fields = topLevelFields(safeBody(readable(before, ctx.rolesBefore ?? ctx.roles)), 'before');
    const attention: Item[] = [];
    if (ctx.deployed !== false && KEY_TYPES[before.type]) {
      attention.push({
        kind: 'torq-contract',
        message: `${KEY_TYPES[before.type]} would be deleted from Datadog: Torq's Datadog steps that use it stop working until a new one is pasted into Torq`,
      });
    }
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
  }
  // Scopes and roles are sets to the provider: compared in one order (the provider-facts table's set rows).
  const sorted = (r: Resource): Resource => ({ ...r, body: withSetsSorted(r.type, r.body) });
  const fields = fieldChanges(safeBody(sorted(readable(before, ctx.rolesBefore ?? ctx.roles))), safeBody(sorted(readable(after, ctx.roles))));
  const attention = [...narrowing(before, after), ...widening(before, after, ctx)];
  if (fields.length === 0 && attention.length === 0) return undefined;
  return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
}

/** Any other resource: its attributes, compared one by one. */
export function compareOther(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before || !after) {
    const fields = topLevelFields(safeBody((after ?? before)!), after ? 'after' : 'before');
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), []);
  }
  const fields = fieldChanges(safeBody(before), safeBody(after));
  if (fields.length === 0) return undefined;
  return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), []);
}

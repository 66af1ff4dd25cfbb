/**
 * Torq's keys and access: the API key, the service account and its application key, the roles
 * it gets. Torq holds a copy of each key: deleting one breaks Torq's Datadog steps, and what a
 * key may do is what Torq's workflows may do in Datadog.
 */
import type { AttentionKind, CompareContext, ResourceChange } from '../model';
import type { Resource } from '../stacks';
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
  return [{ kind: 'torq-contract', message: `Torq's application key loses ${lost.join(', ')}: Torq steps that need ${lost.length === 1 ? 'it' : 'them'} will be refused` }];
}

export function compareAccess(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before) {
    const fields = topLevelFields(safeBody(after!), 'after');
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), []);
  }
  if (!after) {
    const fields = topLevelFields(safeBody(before), 'before');
    const attention: Item[] = [];
    if (ctx.deployed !== false && KEY_TYPES[before.type]) {
      attention.push({ kind: 'torq-contract', message: `${KEY_TYPES[before.type]} would be deleted from Datadog: Torq's Datadog steps that use it stop working until a new one is pasted into Torq` });
    }
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
  }
  const fields = fieldChanges(safeBody(before), safeBody(after));
  const attention = narrowing(before, after);
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
